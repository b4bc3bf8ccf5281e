-- Customer dimension for the semantic layer (Cube "customers").
select customer_id, customer_name, email, has_email, region, signed_up_at
from {{ ref('stg_customers') }}

-- One row per customer: typed, renamed, deduplicated (latest signup wins for near-duplicates), NULLs made explicit.
with source as (
    select * from {{ source('bronze', 'raw_customers') }}
),

typed as (
    select
        cast(customer_id as bigint) as customer_id,
        coalesce({{ clean_text('name') }}, 'unknown') as customer_name,
        lower({{ clean_text('email') }}) as email,
        {{ accepted_or_unknown('region', var('regions')) }} as region,
        cast(signup_at as {{ timestamp_type() }}) as signed_up_at
    from source
    where customer_id is not null
),

deduplicated as (
    {{ deduplicate('typed', 'customer_id', 'signed_up_at desc nulls last, email nulls last, customer_name, region') }}
)

select
    customer_id,
    customer_name,
    email,
    email is not null as has_email,
    region,
    signed_up_at
from deduplicated

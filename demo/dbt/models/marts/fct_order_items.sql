-- Order-line fact for the semantic layer (Cube "order_items").
select
    order_item_id,
    order_id,
    product_id,
    customer_id,
    ordered_at,
    order_date,
    status,
    is_revenue,
    quantity,
    unit_price,
    discount,
    line_amount
from {{ ref('int_order_items_enriched') }}

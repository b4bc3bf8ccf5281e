-- One row per order line: typed, deduplicated; a missing discount means none, a missing quantity or price drops the line.
with source as (
    select * from {{ source('bronze', 'raw_order_items') }}
),

typed as (
    select
        cast(order_item_id as bigint) as order_item_id,
        cast(order_id as bigint) as order_id,
        cast(product_id as bigint) as product_id,
        cast(quantity as integer) as quantity,
        cast(unit_price as decimal(18, 2)) as unit_price,
        coalesce(cast(discount as decimal(18, 2)), 0) as discount
    from source
    where order_item_id is not null
        and order_id is not null and product_id is not null and quantity is not null and unit_price is not null
),

deduplicated as (
    {{ deduplicate('typed', 'order_item_id', 'quantity desc, unit_price desc, discount desc, order_id, product_id') }}
)

select
    order_item_id,
    order_id,
    product_id,
    quantity,
    unit_price,
    discount,
    {{ line_amount('quantity', 'unit_price', 'discount') }} as line_amount
from deduplicated

-- Order-grain fact for the semantic layer (Cube "orders"): one row per deduplicated order with a known time.
with items as (
    select order_id, count(*) as item_count, sum(quantity) as units, sum(line_amount) as items_total
    from {{ ref('stg_order_items') }}
    group by order_id
)

select
    o.order_id,
    o.customer_id,
    o.ordered_at,
    o.order_date,
    o.region,
    o.channel,
    o.status,
    o.is_late,
    o.status not in ('cancelled', 'returned') as is_revenue,
    coalesce(items.item_count, 0) as item_count,
    coalesce(items.units, 0) as units,
    cast(coalesce(o.order_total, items.items_total, 0) as decimal(18, 2)) as order_total
from {{ ref('stg_orders') }} as o
left join items on items.order_id = o.order_id
where o.ordered_at is not null

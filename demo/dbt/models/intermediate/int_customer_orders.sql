-- One row per customer with their order history (customers without orders included).
with orders as (
    select
        o.order_id,
        o.customer_id,
        o.ordered_at,
        coalesce(o.order_total, items.items_total, 0) as order_total,
        o.status not in ('cancelled', 'returned') as is_revenue
    from {{ ref('stg_orders') }} as o
    left join (
        select order_id, sum(line_amount) as items_total
        from {{ ref('stg_order_items') }}
        group by order_id
    ) as items on items.order_id = o.order_id
    where o.ordered_at is not null
)

select
    c.customer_id,
    c.customer_name,
    c.region,
    c.has_email,
    c.signed_up_at,
    count(o.order_id) as order_count,
    count(o.order_id) filter (where o.is_revenue) as revenue_order_count,
    coalesce(sum(o.order_total) filter (where o.is_revenue), 0) as lifetime_revenue,
    min(o.ordered_at) as first_ordered_at,
    max(o.ordered_at) as last_ordered_at
from {{ ref('stg_customers') }} as c
left join orders as o on o.customer_id = c.customer_id
group by c.customer_id, c.customer_name, c.region, c.has_email, c.signed_up_at

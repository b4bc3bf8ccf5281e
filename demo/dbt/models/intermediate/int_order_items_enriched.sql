-- Order lines joined to their order and product: the grain every revenue figure is built from.
select
    i.order_item_id,
    i.order_id,
    o.customer_id,
    o.ordered_at,
    o.order_date,
    o.region,
    o.channel,
    o.status,
    o.is_late,
    i.product_id,
    p.product_name,
    p.category,
    i.quantity,
    i.unit_price,
    i.discount,
    i.line_amount,
    o.status not in ('cancelled', 'returned') as is_revenue
from {{ ref('stg_order_items') }} as i
inner join {{ ref('stg_orders') }} as o on o.order_id = i.order_id
left join {{ ref('stg_products') }} as p on p.product_id = i.product_id
where o.ordered_at is not null

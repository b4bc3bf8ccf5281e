-- One row per product with units sold and revenue from non-cancelled, non-returned orders.
select
    p.product_id,
    p.product_name,
    p.category,
    p.list_price,
    count(distinct e.order_id) filter (where e.is_revenue) as order_count,
    coalesce(sum(e.quantity) filter (where e.is_revenue), 0) as units_sold,
    coalesce(sum(e.line_amount) filter (where e.is_revenue), 0) as revenue,
    -- The mean discount rounded half up to 4 decimals, computed exactly (see divide_rounded in macros/cross_adapter.sql).
    coalesce(
        cast({{ divide_rounded(
            'cast(sum(e.discount) filter (where e.is_revenue) * 10000 as bigint)',
            'nullif(count(e.discount) filter (where e.is_revenue), 0)'
        ) }} as decimal(18, 0)) * 0.0001,
        0
    ) as average_discount
from {{ ref('stg_products') }} as p
left join {{ ref('int_order_items_enriched') }} as e on e.product_id = p.product_id
group by p.product_id, p.product_name, p.category, p.list_price

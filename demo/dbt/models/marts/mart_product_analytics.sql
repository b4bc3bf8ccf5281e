-- One row per product: sales, revenue share and rank within its category.
with performance as (
    select * from {{ ref('int_product_performance') }}
),

totals as (
    select sum(revenue) as total_revenue from performance
)

select
    p.product_id,
    p.product_name,
    p.category,
    p.list_price,
    p.order_count,
    p.units_sold,
    cast(p.revenue as decimal(18, 2)) as revenue,
    cast(p.average_discount as decimal(9, 4)) as average_discount,
    -- Rounded half up to 6 decimals, computed exactly in cents (see divide_rounded in macros/cross_adapter.sql).
    cast(case
        when t.total_revenue > 0 then cast({{ divide_rounded(
            'cast(p.revenue * 100 as bigint) * 1000000', 'cast(t.total_revenue * 100 as bigint)'
        ) }} as decimal(18, 0)) * 0.000001
        else 0
    end as decimal(9, 6)) as revenue_share,
    rank() over (partition by p.category order by p.revenue desc, p.product_id) as category_rank
from performance as p
cross join totals as t

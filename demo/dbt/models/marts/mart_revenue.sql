-- Revenue by day, region, channel and status. Rebuilt from all of bronze every run, so late-arriving orders are
-- counted on the day they happened. Revenue excludes cancelled and returned orders; gross_amount includes them.
select
    order_date,
    region,
    channel,
    status,
    count(*) as order_count,
    sum(item_count) as item_count,
    sum(units) as units,
    cast(sum(order_total) as decimal(18, 2)) as gross_amount,
    cast(coalesce(sum(order_total) filter (where is_revenue), 0) as decimal(18, 2)) as revenue,
    count(*) filter (where is_late) as late_order_count
from {{ ref('fct_orders') }}
group by order_date, region, channel, status

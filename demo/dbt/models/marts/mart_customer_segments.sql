-- One row per customer with an RFM-style segment. Recency is measured against the latest order in the data so the
-- demo's segments stay meaningful however old the generated timestamps are.
with customers as (
    select * from {{ ref('int_customer_orders') }}
),

reference as (
    select max(last_ordered_at) as as_of from customers
),

scored as (
    select
        c.*,
        -- Calendar days between the dates (the same on every engine; date_diff on timestamps counts 24-hour periods on
        -- Trino but day boundaries on DuckDB).
        date_diff('day', cast(c.last_ordered_at as date), cast(r.as_of as date)) as days_since_last_order,
        -- customer_id breaks ties so that equal revenues land in the same quintile on every engine and every run.
        ntile(5) over (order by c.lifetime_revenue, c.customer_id) as monetary_quintile
    from customers as c
    cross join reference as r
)

select
    customer_id,
    customer_name,
    region,
    has_email,
    signed_up_at,
    order_count,
    revenue_order_count,
    cast(lifetime_revenue as decimal(18, 2)) as lifetime_revenue,
    -- Rounded half up to cents, computed exactly (see divide_rounded in macros/cross_adapter.sql).
    cast(case
        when revenue_order_count > 0 then cast({{ divide_rounded(
            'cast(lifetime_revenue * 100 as bigint)', 'revenue_order_count'
        ) }} as decimal(18, 0)) * 0.01
        else 0
    end as decimal(18, 2)) as average_order_value,
    first_ordered_at,
    last_ordered_at,
    days_since_last_order,
    case
        when order_count = 0 then 'prospect'
        when monetary_quintile = 5 and revenue_order_count >= 3 then 'vip'
        when days_since_last_order > 90 then 'churned'
        when days_since_last_order > 30 then 'at_risk'
        when order_count = 1 then 'new'
        else 'active'
    end as segment
from scored

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
        date_diff('day', c.last_ordered_at, r.as_of) as days_since_last_order,
        ntile(5) over (order by c.lifetime_revenue) as monetary_quintile
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
    cast(case when revenue_order_count > 0 then lifetime_revenue / revenue_order_count else 0 end as decimal(18, 2))
        as average_order_value,
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

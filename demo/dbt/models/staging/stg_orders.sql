-- One row per order. Exact and near duplicates (same order_id) collapse to one row, preferring the most complete
-- and most advanced version. Late-arriving rows keep their event time: marts are rebuilt from all of bronze every
-- run, so a late order lands in the day it happened, and is_late marks it for inspection.
with source as (
    select * from {{ source('bronze', 'raw_orders') }}
),

typed as (
    select
        cast(order_id as bigint) as order_id,
        cast(customer_id as bigint) as customer_id,
        cast(ordered_at as timestamp) as ordered_at,
        {{ accepted_or_unknown('region', var('regions')) }} as region,
        {{ accepted_or_unknown('channel', var('order_channels')) }} as channel,
        {{ accepted_or_unknown('status', var('order_statuses')) }} as status,
        cast(order_total as decimal(18, 2)) as order_total
    from source
    where order_id is not null
),

deduplicated as (
    select *
    from typed
    qualify row_number() over (
        partition by order_id
        order by
            cast(customer_id is null as integer) + cast(ordered_at is null as integer)
                + cast(order_total is null as integer) + cast(status = 'unknown' as integer),
            ordered_at desc nulls last,
            order_total desc nulls last
    ) = 1
),

batch_window as (
    select max(ordered_at) as latest_ordered_at from deduplicated
)

select
    d.order_id,
    d.customer_id,
    d.ordered_at,
    cast(d.ordered_at as date) as order_date,
    d.region,
    d.channel,
    d.status,
    d.order_total,
    coalesce(d.ordered_at < w.latest_ordered_at - interval '{{ var("late_after_hours", 24) }} hours', false) as is_late
from deduplicated as d
cross join batch_window as w

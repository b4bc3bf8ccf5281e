-- One row per order. Exact and near duplicates (same order_id) collapse to one row, preferring the most complete
-- and most recently ingested version (the remaining columns only break ties, so every engine keeps the same row).
-- Late-arriving rows keep their event time: staging reads all of bronze every run, so a late order lands in the day
-- it happened; is_late marks rows ingested long after they happened.
{%- set order_by -%}
    cast(customer_id is null as integer) + cast(ordered_at is null as integer)
        + cast(order_total is null as integer) + cast(status = 'unknown' as integer),
    ingested_at desc nulls last,
    ordered_at desc nulls last,
    order_total desc nulls last,
    customer_id, status, channel, region
{%- endset %}

with source as (
    select * from {{ source('bronze', 'raw_orders') }}
),

typed as (
    select
        cast(order_id as bigint) as order_id,
        cast(customer_id as bigint) as customer_id,
        cast(ordered_at as {{ timestamp_type() }}) as ordered_at,
        {{ accepted_or_unknown('region', var('regions')) }} as region,
        {{ accepted_or_unknown('channel', var('order_channels')) }} as channel,
        {{ accepted_or_unknown('status', var('order_statuses')) }} as status,
        cast(order_total as decimal(18, 2)) as order_total,
        cast(ingested_at as {{ timestamp_type() }}) as ingested_at
    from source
    where order_id is not null
),

deduplicated as (
    {{ deduplicate('typed', 'order_id', order_by) }}
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
    d.ingested_at,
    coalesce(d.ingested_at > {{ dbt.dateadd('hour', var('late_after_hours', 24), 'd.ordered_at') }}, false) as is_late
from deduplicated as d

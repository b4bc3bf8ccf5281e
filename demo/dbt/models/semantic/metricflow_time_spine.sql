-- Daily time spine required by dbt's semantic layer (MetricFlow): 2020-01-01 .. 2035-12-31.
select cast(day as date) as date_day
from {{ days_between('2020-01-01', '2036-01-01', 't') }}

-- Daily time spine required by dbt's semantic layer (MetricFlow): 2020-01-01 .. 2035-12-31.
select cast(day as date) as date_day
from range(date '2020-01-01', date '2036-01-01', interval 1 day) as t(day)

{#-
  The SQL that differs between the adapters floe runs this project on: dbt-duckdb (floe publishes the DuckDB results
  to Iceberg) and dbt-trino (dbt writes the Iceberg tables itself through Trino's iceberg connector). Each macro is
  dispatched (adapter.dispatch): `duckdb__` keeps the DuckDB SQL this project always had, `default__` is standard SQL
  that Trino runs. SQL that both engines run alike (FILTER, explicit GROUP BY, date_diff on dates) is written once in
  the models instead.
-#}

{#- The timestamp type of silver and gold: Iceberg timestamps have microseconds; Trino's bare `timestamp` has
    milliseconds (and its iceberg connector refuses it), so Trino spells the precision out. -#}
{% macro timestamp_type() -%}
  {{ return(adapter.dispatch('timestamp_type')()) }}
{%- endmacro %}

{% macro default__timestamp_type() -%}
  timestamp(6)
{%- endmacro %}

{% macro duckdb__timestamp_type() -%}
  timestamp
{%- endmacro %}


{#- Keeps one row per `partition_by` from the relation (or CTE) `relation`: the first by `order_by`.
    DuckDB filters the window in place (QUALIFY); standard SQL ranks in a subquery, so the result carries an extra
    column `dedupe_row_number`: select the wanted columns by name from it. -#}
{% macro deduplicate(relation, partition_by, order_by) -%}
  {{ return(adapter.dispatch('deduplicate')(relation, partition_by, order_by)) }}
{%- endmacro %}

{% macro default__deduplicate(relation, partition_by, order_by) -%}
  select *
  from (
      select *, row_number() over (partition by {{ partition_by }} order by {{ order_by }}) as dedupe_row_number
      from {{ relation }}
  ) as ranked
  where dedupe_row_number = 1
{%- endmacro %}

{% macro duckdb__deduplicate(relation, partition_by, order_by) -%}
  select *
  from {{ relation }}
  qualify row_number() over (partition by {{ partition_by }} order by {{ order_by }}) = 1
{%- endmacro %}


{#- One row per day from start_date (inclusive) to end_date (exclusive), as column `day` of a FROM item `alias`. -#}
{% macro days_between(start_date, end_date, alias) -%}
  {{ return(adapter.dispatch('days_between')(start_date, end_date, alias)) }}
{%- endmacro %}

{% macro default__days_between(start_date, end_date, alias) -%}
  unnest(sequence(date '{{ start_date }}', date '{{ end_date }}' - interval '1' day, interval '1' day)) as {{ alias }}(day)
{%- endmacro %}

{% macro duckdb__days_between(start_date, end_date, alias) -%}
  range(date '{{ start_date }}', date '{{ end_date }}', interval 1 day) as {{ alias }}(day)
{%- endmacro %}


{#- numerator / denominator for BIGINT operands (denominator > 0), rounded half away from zero to a BIGINT. Exact
    on every engine, unlike dividing DECIMALs: DuckDB divides them as DOUBLEs and its DOUBLE -> DECIMAL cast rounds
    the binary value (18.99 / 2 -> 9.49), Trino keeps the dividend's scale or rounds the shortest decimal form of a
    DOUBLE (-> 9.50). DuckDB divides integers with //, standard SQL with /. -#}
{% macro divide_rounded(numerator, denominator) -%}
  {{ return(adapter.dispatch('divide_rounded')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__divide_rounded(numerator, denominator) -%}
  (sign({{ numerator }}) * ((2 * abs({{ numerator }}) + ({{ denominator }})) / (2 * ({{ denominator }}))))
{%- endmacro %}

{% macro duckdb__divide_rounded(numerator, denominator) -%}
  (sign({{ numerator }}) * ((2 * abs({{ numerator }}) + ({{ denominator }})) // (2 * ({{ denominator }}))))
{%- endmacro %}


{#- The incremental strategy of the fact models: Trino (Iceberg v2) merges by key in one commit; DuckDB deletes the
    keys and inserts them again in one transaction. -#}
{% macro fact_incremental_strategy() -%}
  {{ return(adapter.dispatch('fact_incremental_strategy')()) }}
{%- endmacro %}

{% macro default__fact_incremental_strategy() -%}
  {{ return('merge') }}
{%- endmacro %}

{% macro duckdb__fact_incremental_strategy() -%}
  {{ return('delete+insert') }}
{%- endmacro %}

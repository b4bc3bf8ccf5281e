{#-
  Order-line fact for the semantic layer (Cube "order_items"): the deduplicated lines of the orders in fct_orders,
  with their order's attributes (the same rows int_order_items_enriched has; taken from fct_orders so that this
  model runs after it, see fct_orders).

  Incremental, keyed by order_item_id (merge on Trino, delete+insert on DuckDB). A line's row depends on the line
  (stg_order_items deduplicates across ALL of bronze) and on its order's row in fct_orders. An incremental run
  recomputes every line that may have changed since the last run, found by comparing with what this table holds,
  not by load time (raw_order_items has none):
    1. lines that are new or differ from the stored line (new lines, also for an existing order; re-sent lines);
    2. lines of orders whose attributes in fct_orders (just built) differ from the ones stored here.
  Lines that leave the fact (their order left fct_orders, or the line moved to an order outside it) are deleted
  by the post-hook, so the table ends with exactly the rows a full refresh writes.
-#}
{{ config(
    materialized='incremental',
    unique_key='order_item_id',
    incremental_strategy=fact_incremental_strategy(),
    on_schema_change='append_new_columns',
    post_hook="{% if is_incremental() %}delete from {{ this }} where order_item_id not in (select i.order_item_id from {{ ref('stg_order_items') }} as i inner join {{ ref('fct_orders') }} as o on o.order_id = i.order_id){% endif %}",
) }}

with
{%- if is_incremental() %}
changed_lines as (
    select order_item_id, order_id, product_id, quantity, unit_price, discount from {{ ref('stg_order_items') }}
    except
    select order_item_id, order_id, product_id, quantity, unit_price, discount from {{ this }}
),

changed_orders as (
    select order_id, customer_id, ordered_at, order_date, status, is_revenue from {{ ref('fct_orders') }}
    except
    select order_id, customer_id, ordered_at, order_date, status, is_revenue from {{ this }}
),
{%- endif %}

lines as (
    select
        i.order_item_id,
        i.order_id,
        i.product_id,
        o.customer_id,
        o.ordered_at,
        o.order_date,
        o.status,
        o.is_revenue,
        i.quantity,
        i.unit_price,
        i.discount,
        i.line_amount
    from {{ ref('stg_order_items') }} as i
    inner join {{ ref('fct_orders') }} as o on o.order_id = i.order_id
    {%- if is_incremental() %}
    where i.order_item_id in (select order_item_id from changed_lines)
        or i.order_id in (select order_id from changed_orders)
    {%- endif %}
)

select * from lines
{%- if is_incremental() %}
-- Recomputed lines that come out as this table already has them are not written again.
except
select
    order_item_id, order_id, product_id, customer_id, ordered_at, order_date, status, is_revenue, quantity, unit_price,
    discount, line_amount
from {{ this }}
{%- endif %}

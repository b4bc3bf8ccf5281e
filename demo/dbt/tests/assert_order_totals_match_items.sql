{{ config(severity="warn") }}
-- Singular test: an order's total equals the sum of its lines (quantity × unit_price − discount), the generator's contract.
-- Only orders whose total and every line survived cleaning are compared.
select o.order_id, o.order_total, sum(i.line_amount) as items_total
from {{ ref('fct_orders') }} as o
inner join {{ ref('fct_order_items') }} as i on i.order_id = o.order_id
group by o.order_id, o.order_total
having abs(o.order_total - sum(i.line_amount)) > 0.01 * count(*)

{#- Trims a text column and turns empty strings into NULL so that "missing" has one spelling. -#}
{% macro clean_text(column) -%}
  nullif(trim(cast({{ column }} as varchar)), '')
{%- endmacro %}

{#- Maps a free-text category onto an accepted list; anything else (including NULL) becomes 'unknown'. -#}
{% macro accepted_or_unknown(column, values) -%}
  case
    when {{ clean_text(column) }} in ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
      then {{ clean_text(column) }}
    else 'unknown'
  end
{%- endmacro %}

{#- Net amount of one order line: quantity × unit price − the line's discount amount (the generator's contract). -#}
{% macro line_amount(quantity, unit_price, discount) -%}
  cast(cast({{ quantity }} as decimal(18, 2)) * cast({{ unit_price }} as decimal(18, 2)) - cast({{ discount }} as decimal(18, 2)) as decimal(18, 2))
{%- endmacro %}

-- One row per product: typed, renamed, deduplicated, missing categories and prices made explicit.
with source as (
    select * from {{ source('bronze', 'raw_products') }}
),

typed as (
    select
        cast(product_id as bigint) as product_id,
        coalesce({{ clean_text('name') }}, 'unknown') as product_name,
        coalesce({{ clean_text('category') }}, 'unknown') as category,
        cast(unit_price as decimal(18, 2)) as list_price
    from source
    where product_id is not null
),

deduplicated as (
    {{ deduplicate('typed', 'product_id', 'list_price desc nulls last, product_name, category') }}
)

select product_id, product_name, category, list_price
from deduplicated

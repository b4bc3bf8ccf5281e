# @floe/core: configuration schemas and the compiler.
.PHONY: schemas

schemas: $(NODE_STAMP) ## Regenerate the checked-in JSON Schemas (schemas/*.json) from the zod schemas
	FLOE_UPDATE_SCHEMAS=1 vitest run packages/core/test/json-schema.test.ts

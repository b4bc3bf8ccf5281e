export { connectRestCatalog, RestCatalog, type RestCatalogConfig } from './catalog.js';
export { parseErrorModel, type RestOperation, restError } from './errors.js';
export { RestHttp, type RestHttpOptions } from './http.js';
export { OAuth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2.js';
export { type RestCatalogOptions, type RestCatalogOptionsInput, restCatalogOptionsSchema } from './options.js';
export { DEFAULT_NAMESPACE_SEPARATOR, RestPaths } from './paths.js';

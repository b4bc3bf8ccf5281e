export const PACKAGE = '@floe/iceberg';

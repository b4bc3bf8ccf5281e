export const PACKAGE = '@floe/preflight';

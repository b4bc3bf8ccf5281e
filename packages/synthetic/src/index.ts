export const PACKAGE = '@floe/synthetic';

export const PACKAGE = '@floe/runtime';

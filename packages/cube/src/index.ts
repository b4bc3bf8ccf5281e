export const PACKAGE = '@floe/cube';

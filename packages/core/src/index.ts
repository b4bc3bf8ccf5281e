export const PACKAGE = '@floe/core';

export { renderJson } from './json.js';
export { renderTable } from './table.js';

import { MemoryCatalog } from './memory.js';
import { catalogConformanceSuite } from './testing/conformance.js';

const shared = new MemoryCatalog();
catalogConformanceSuite('memory', () => shared);

/**
 * The local ESLint plugin `wavelane`: the dependency rules of ARCHITECTURE.md, which stock rules cannot
 * express (`no-restricted-imports` sees only static imports, and nothing stock knows our layers or who
 * may write). Each rule is one file; test/architecture/dependencyRules.test.ts proves each one fails
 * when broken.
 */
import coreLayers from './core-layers.js';
import processBoundaries from './process-boundaries.js';
import soleWriter from './sole-writer.js';

export default {
  meta: { name: 'wavelane' },
  rules: {
    'process-boundaries': processBoundaries,
    'core-layers': coreLayers,
    'sole-writer': soleWriter,
  },
};

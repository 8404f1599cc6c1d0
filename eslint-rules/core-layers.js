/**
 * wavelane/core-layers: the core's inner layering (ARCHITECTURE.md, "Dependency direction"). Ground (git,
 * processes, storage, events) < middle (locks, plan, scheduler, resources, agents, merge, terminals) <
 * upper (runs, review, conflicts, board, runners) < top (project); createCore.ts at the core's root
 * composes them all. A folder imports lower layers, or a folder of its own layer only along an edge
 * declared one way in architecture.js (SAME_LAYER_EDGES, acyclic), so no two folders import each other.
 * Every form of import counts, `import type` included: a type import is still a dependency of the design.
 *
 * Test helpers: `*.test.ts` files and anything under a `testing/` folder (`core/testing/`,
 * `<folder>/testing/`) are outside the production graph, so they may import any core folder (a fixture
 * composes real pieces); production code never imports them, so a test helper never ships.
 */
import { CORE_LAYERS, LAYER_NAMES, PENDING_EXCEPTIONS, SAME_LAYER_EDGES } from './architecture.js';
import { importVisitor } from './importVisitor.js';
import { corePlace, isTestFile, repoPath, resolveImport, zoneOf } from './resolveImport.js';

const allowedSameLayer = new Set(SAME_LAYER_EDGES.map(([from, to]) => `${from}>${to}`));
const layerName = (folder) => LAYER_NAMES[CORE_LAYERS[folder]];
const pending = new Set(PENDING_EXCEPTIONS.map(({ file, imports }) => `${file}>${imports}`));

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: "Enforce the core's inner layering and forbid mutual imports between core folders" },
    schema: [],
    messages: {
      unknownFolder:
        'core folder "{{folder}}" is not in the layer map: add it to CORE_LAYERS in eslint-rules/architecture.js and to ARCHITECTURE.md.',
      testHelper: 'production code must not import the test helper {{target}}: test helpers live outside the product.',
      root: '{{folder}}/ must not import the composition root {{target}}: it composes the folders, not the other way round.',
      upward: '{{folder}}/ ({{layer}}) must not import {{target}}/ ({{targetLayer}}): lower layers never import higher ones.',
      sameLayer:
        '{{folder}}/ must not import {{target}}/ (both {{layer}}): an import within a layer is allowed only one way, declared in SAME_LAYER_EDGES (eslint-rules/architecture.js).',
    },
  },
  create(context) {
    const file = repoPath(context.filename);
    if (zoneOf(file) !== 'core' || isTestFile(file)) return {};
    const from = corePlace(file);
    if (from.testing || from.folder === 'root') return {};
    return importVisitor((node, specifier) => {
      if (specifier === undefined) return; // process-boundaries reports computed specifiers
      const target = resolveImport(context.filename, specifier);
      if (target.kind !== 'local' || zoneOf(target.path) !== 'core') return;
      const to = corePlace(target.path);
      const report = (messageId, data) => context.report({ node, messageId, data: { folder: from.folder, ...data } });
      if (CORE_LAYERS[from.folder] === undefined) return report('unknownFolder', {});
      if (to.testing) return report('testHelper', { target: target.path });
      if (to.folder === 'root') return report('root', { target: target.path });
      if (CORE_LAYERS[to.folder] === undefined) return report('unknownFolder', { folder: to.folder });
      if (to.folder === from.folder || pending.has(`${file}>${to.folder}`)) return;
      const layer = CORE_LAYERS[from.folder];
      const targetLayer = CORE_LAYERS[to.folder];
      if (targetLayer > layer) {
        return report('upward', { target: to.folder, layer: layerName(from.folder), targetLayer: layerName(to.folder) });
      }
      if (targetLayer === layer && !allowedSameLayer.has(`${from.folder}>${to.folder}`)) {
        return report('sameLayer', { target: to.folder, layer: layerName(from.folder) });
      }
    });
  },
};

/**
 * Every form of import in one visitor, so no rule can be walked around by writing the import another way
 * (`no-restricted-imports` sees only static imports): `import`/`import type`, `export ... from`, dynamic
 * `import()`, `require()` (also through `createRequire`), `import x = require()`, and `typeof import()`
 * in types. A dynamic import or require whose specifier is computed is passed on with `specifier`
 * undefined: a rule that cannot see the target must say so rather than let it through.
 */

/** The string a specifier node holds, or undefined when it is computed. */
function literalText(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

/** ESLint listeners calling `onImport(node, specifier)` for every import in the file. */
export function importVisitor(onImport) {
  const requireNames = new Set(['require']);
  return {
    ImportDeclaration: (node) => onImport(node, node.source.value),
    ExportNamedDeclaration: (node) => node.source && onImport(node, node.source.value),
    ExportAllDeclaration: (node) => onImport(node, node.source.value),
    ImportExpression: (node) => onImport(node, literalText(node.source)),
    TSImportEqualsDeclaration: (node) => {
      if (node.moduleReference.type === 'TSExternalModuleReference') onImport(node, literalText(node.moduleReference.expression));
    },
    TSImportType: (node) => onImport(node, literalText(node.source ?? node.argument?.literal)),
    VariableDeclarator: (node) => {
      // const load = createRequire(import.meta.url): calls of `load` are requires too.
      const init = node.init;
      if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'createRequire' && node.id.type === 'Identifier') {
        requireNames.add(node.id.name);
      }
    },
    CallExpression: (node) => {
      const callee = node.callee;
      const isRequire =
        (callee.type === 'Identifier' && requireNames.has(callee.name)) ||
        (callee.type === 'CallExpression' && callee.callee.type === 'Identifier' && callee.callee.name === 'createRequire');
      if (isRequire) onImport(node, literalText(node.arguments[0]));
    },
  };
}

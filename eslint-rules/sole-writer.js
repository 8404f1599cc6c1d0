/**
 * wavelane/sole-writer: only `storage/` writes state (under `.git/wavelane/`, the worktree metadata) and
 * only `locks/` writes lock files (ARCHITECTURE.md, "Sole writers"). Lint cannot see which path a call
 * writes, so the rule works one level up: inside src/main/core, only the writer folders may use a node:fs
 * function that writes (create, write, append, copy, move, delete, open for writing), whichever way it is
 * reached: a named import, a namespace or default import (`fs.writeFileSync`), `fs.promises`,
 * destructuring, `require`, a dynamic `import()` or a re-export. Tests and `testing/` helpers build fixtures on disk
 * and are exempt. A write that is not state (copying the user's `.env` into a worktree) still goes through
 * a small storage/ function whose comment says so: one place to look for every write the core makes.
 */
import { WRITER_FOLDERS } from './architecture.js';
import { corePlace, isTestFile, repoPath, zoneOf } from './resolveImport.js';

const FS_MODULES = new Set(['fs', 'fs/promises', 'node:fs', 'node:fs/promises']);

/** node:fs functions that change the file system (each also as `<name>Sync`, except the streams). */
const WRITE_FUNCTIONS = [
  'writeFile', 'appendFile', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'rename', 'unlink', 'copyFile', 'cp',
  'symlink', 'link', 'truncate', 'ftruncate', 'write', 'writev', 'chmod',
];
const WRITES = new Set([...WRITE_FUNCTIONS, ...WRITE_FUNCTIONS.map((name) => `${name}Sync`), 'createWriteStream']);
const OPENS = new Set(['open', 'openSync']);

/** Read-only open flags: anything else (w, a, r+, computed) may write. */
const READ_FLAGS = new Set(['r', 'rs', 'sr']);

const literalString = (node) => (node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined);

/** The fs module a `require('fs')` / `import('fs')` / `await import('fs')` expression loads, if any. */
function loadedFsModule(node) {
  let expr = node;
  if (expr?.type === 'AwaitExpression') expr = expr.argument;
  if (expr?.type === 'ImportExpression') return FS_MODULES.has(literalString(expr.source)) ? literalString(expr.source) : undefined;
  if (expr?.type === 'CallExpression' && expr.callee.type === 'Identifier' && expr.callee.name === 'require') {
    const name = literalString(expr.arguments[0]);
    return FS_MODULES.has(name) ? name : undefined;
  }
  return undefined;
}

const propertyName = (node) =>
  node.computed ? literalString(node.property) : node.property.type === 'Identifier' ? node.property.name : undefined;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Only storage/ and locks/ may write files from inside the core' },
    schema: [],
    messages: {
      write:
        '{{folder}}/ must not write files ("{{name}}"): only {{writers}} write (sole-writer rule, ARCHITECTURE.md). Move the write into a small storage/ function named after what it stores.',
    },
  },
  create(context) {
    const file = repoPath(context.filename);
    if (zoneOf(file) !== 'core' || isTestFile(file)) return {};
    const place = corePlace(file);
    if (place.testing || WRITER_FOLDERS.includes(place.folder)) return {};

    const namespaces = new Set(); // local names bound to an fs module (or fs.promises)
    const openNames = new Set(); // local names bound to fs's open / openSync
    const report = (node, name) =>
      context.report({ node, messageId: 'write', data: { folder: place.folder, name, writers: WRITER_FOLDERS.map((f) => `${f}/`).join(' and ') } });

    /** True when `node` evaluates to an fs module object (`fs`, `fs.promises`, `promises`). */
    const isFsObject = (node) =>
      (node.type === 'Identifier' && namespaces.has(node.name)) ||
      (node.type === 'MemberExpression' && isFsObject(node.object) && propertyName(node) === 'promises');

    /** A name taken from an fs module by import or destructuring. */
    const bind = (node, imported, local) => {
      if (WRITES.has(imported)) report(node, imported);
      else if (OPENS.has(imported)) openNames.add(local);
      else if (imported === 'promises') namespaces.add(local);
    };

    /** `open(path, flags)`: a write unless the flags are a literal read-only mode (or absent, meaning 'r'). */
    const checkOpen = (call, name) => {
      const flags = call.arguments[1];
      if (flags === undefined) return;
      if (READ_FLAGS.has(literalString(flags)) || (flags.type === 'Literal' && flags.value === 0)) return;
      report(call, `${name} for writing`);
    };

    return {
      ImportDeclaration(node) {
        if (!FS_MODULES.has(node.source.value) || node.importKind === 'type') return;
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportSpecifier') {
            if (spec.importKind === 'type') continue;
            const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
            bind(spec, imported, spec.local.name);
          } else {
            namespaces.add(spec.local.name);
          }
        }
      },
      // Re-exporting a write function hands it to any folder: `export { rm } from 'fs'`, `export * from 'fs'`.
      ExportNamedDeclaration(node) {
        if (!node.source || !FS_MODULES.has(node.source.value) || node.exportKind === 'type') return;
        for (const spec of node.specifiers) {
          const name = spec.local.type === 'Identifier' ? spec.local.name : spec.local.value;
          if (WRITES.has(name) || OPENS.has(name) || name === 'promises') report(spec, name);
        }
      },
      ExportAllDeclaration(node) {
        if (FS_MODULES.has(node.source.value) && node.exportKind !== 'type') report(node, `everything in ${node.source.value}`);
      },
      VariableDeclarator(node) {
        const fromModule = node.init && loadedFsModule(node.init);
        if (node.id.type === 'Identifier') {
          if (fromModule || (node.init && isFsObject(node.init))) namespaces.add(node.id.name);
          return;
        }
        if (node.id.type !== 'ObjectPattern' || !node.init || !(fromModule || isFsObject(node.init))) return;
        for (const prop of node.id.properties) {
          if (prop.type !== 'Property') continue;
          const imported = prop.computed ? literalString(prop.key) : prop.key.name;
          const local = prop.value.type === 'Identifier' ? prop.value.name : prop.value.type === 'AssignmentPattern' ? prop.value.left.name : undefined;
          if (imported) bind(prop, imported, local);
        }
      },
      MemberExpression(node) {
        if (!isFsObject(node.object)) return;
        const name = propertyName(node);
        if (name && WRITES.has(name)) report(node, name);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && openNames.has(callee.name)) checkOpen(node, callee.name);
        if (callee.type === 'MemberExpression' && isFsObject(callee.object) && OPENS.has(propertyName(callee))) {
          checkOpen(node, propertyName(callee));
        }
      },
    };
  },
};

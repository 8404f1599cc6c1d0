/**
 * wavelane/process-boundaries: which process may import what (ARCHITECTURE.md, "Dependency direction").
 * shared imports nothing of ours and no Node built-ins; the core never imports electron, react, preload,
 * the renderer or a face; the faces never import each other; the preload and the renderer never import
 * main code or Node built-ins. Checked for every form of import (see importVisitor.js), because a rule that
 * only sees static imports lets `await import('electron')` into the core.
 */
import { importVisitor } from './importVisitor.js';
import { repoPath, resolveImport, zoneOf } from './resolveImport.js';

const isElectron = (name) => name === 'electron' || name.startsWith('electron-') || name.startsWith('@electron/');
const isReact = (name) => name === 'react' || name.startsWith('react-');
/** Packages that need a real Node process with native code: never in the sandboxed renderer. */
const NODE_ONLY_PACKAGES = ['node-pty', 'simple-git', 'ws'];

/**
 * Per importing zone: the zones of ours it may import, whether Node built-ins are allowed, and a test
 * for packages it must not import. `why` is the reason shown with each report.
 */
const ZONES = {
  shared: {
    local: ['shared'],
    builtins: false,
    forbiddenPackage: (name) => isElectron(name) || isReact(name),
    why: 'src/shared runs in every process: it imports nothing of ours, no Node built-ins, no electron or react',
  },
  core: {
    local: ['core', 'shared'],
    builtins: true,
    forbiddenPackage: (name) => isElectron(name) || isReact(name),
    why: 'src/main/core is the pure-Node engine: never electron, react, preload, the renderer or a face',
  },
  electron: {
    local: ['electron', 'core', 'shared', 'manifest'],
    builtins: true,
    forbiddenPackage: isReact,
    why: 'a face imports core and shared, never another face, the renderer or react',
  },
  web: {
    local: ['web', 'core', 'shared', 'manifest'],
    builtins: true,
    forbiddenPackage: (name) => isElectron(name) || isReact(name),
    why: 'a face imports core and shared, never another face, electron or react',
  },
  cli: {
    local: ['cli', 'core', 'shared', 'manifest'],
    builtins: true,
    forbiddenPackage: (name) => isElectron(name) || isReact(name),
    why: 'a face imports core and shared, never another face, electron or react',
  },
  // The binaries at src/main's root plug the CLI and the browser host together, above both faces.
  entry: {
    local: ['entry', 'cli', 'web', 'core', 'shared', 'manifest'],
    builtins: true,
    forbiddenPackage: (name) => isElectron(name) || isReact(name),
    why: 'the plain-Node binary never loads electron, react or the renderer',
  },
  preload: {
    local: ['preload', 'shared'],
    builtins: false,
    forbiddenPackage: isReact,
    why: 'the sandboxed preload sees only electron and shared types',
  },
  renderer: {
    local: ['renderer', 'shared'],
    builtins: false,
    forbiddenPackage: (name) => isElectron(name) || NODE_ONLY_PACKAGES.includes(name),
    why: 'the renderer is sandboxed: it reaches the system only through the contract',
  },
  rendererTest: {
    local: ['rendererTest', 'renderer', 'shared', 'other'],
    builtins: true,
    forbiddenPackage: isElectron,
    why: 'renderer tests may use Node to host a server, never main code or electron',
  },
};

/** Zones that must name every import literally, since a computed one could be anything. */
const LITERAL_ONLY = ['shared', 'core', 'preload', 'renderer'];

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the process-level dependency direction of ARCHITECTURE.md for every form of import' },
    schema: [],
    messages: {
      local: '{{zone}} must not import {{target}} ({{targetZone}}): {{why}}.',
      builtin: '{{zone}} must not import the Node built-in "{{name}}": {{why}}.',
      package: '{{zone}} must not import "{{name}}": {{why}}.',
      computed: '{{zone}} must name its imports with a string literal, so the dependency rules can check them.',
    },
  },
  create(context) {
    const file = repoPath(context.filename);
    const zone = zoneOf(file);
    const rules = ZONES[zone];
    if (!rules) return {};
    return importVisitor((node, specifier) => {
      if (specifier === undefined) {
        if (LITERAL_ONLY.includes(zone)) context.report({ node, messageId: 'computed', data: { zone } });
        return;
      }
      const target = resolveImport(context.filename, specifier);
      if (target.kind === 'local') {
        const targetZone = zoneOf(target.path);
        if (!rules.local.includes(targetZone)) {
          context.report({ node, messageId: 'local', data: { zone, target: target.path, targetZone, why: rules.why } });
        }
      } else if (target.kind === 'builtin') {
        if (!rules.builtins) context.report({ node, messageId: 'builtin', data: { zone, name: target.name, why: rules.why } });
      } else if (rules.forbiddenPackage(target.name)) {
        context.report({ node, messageId: 'package', data: { zone, name: target.name, why: rules.why } });
      }
    });
  },
};

// Koru's own lint rules: the layering facts of ARCHITECTURE §8 that no-restricted-imports cannot say.
import { dirname, relative, resolve, sep, basename } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** `main/<folder>/…` of a path, or null outside main/. */
function capabilityOf(path) {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'main' && parts.length > 2 ? parts[1] : null;
}

const isTestFile = (path) => {
  const rel = relative(root, path).split(sep);
  return /\.test\.tsx?$/.test(path) || rel[0] === 'test' || rel[0] === 'bench' || /^testing\.tsx?$/.test(basename(path)) || rel.some((p) => DOUBLE_FOLDERS.includes(p));
};

/** Test doubles: files named `testing.ts`, and whatever sits in these folders (device simulators, mocks, fixtures). */
const DOUBLE_FOLDERS = ['testing', 'sim', 'mocks', 'fixtures'];
const isTestDouble = (target) => /(^|\/)testing(\.tsx?)?$/.test(target) || target.split('/').slice(0, -1).some((p) => DOUBLE_FOLDERS.includes(p));

function eachImport(context, check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: (node) => {
      if (node.source.type === 'Literal' && typeof node.source.value === 'string') check(node, node.source.value);
    },
  };
}

const capabilityIndex = {
  meta: {
    type: 'problem',
    docs: { description: 'a main/ folder imports another only through its index.ts' },
    messages: { deep: "'{{target}}' reaches into main/{{other}}: import it from main/{{other}} (its index.ts) instead." },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = capabilityOf(file);
    // Tests, benches and test doubles may reach into a folder to test it; runtime code may not.
    const inMain = relative(root, file).split(sep)[0] === 'main' && !isTestFile(file);
    return eachImport(context, (node, target) => {
      if (!target.startsWith('.')) return;
      const abs = resolve(dirname(file), target);
      const other = capabilityOf(abs);
      if (other === null || other === own) return;
      // Outside main/ (tests, benches, scripts) may reach in; main/ itself may not.
      if (!inMain) return;
      const rest = relative(resolve(root, 'main', other), abs);
      if (rest === '' || rest === 'index' || rest === 'index.ts') return;
      context.report({ node, messageId: 'deep', data: { target, other } });
    });
  },
};

const testDoubles = {
  meta: {
    type: 'problem',
    docs: { description: 'test doubles (testing.ts) are imported only by tests and benches' },
    messages: { double: "'{{target}}' is a test double: only tests, benches and other testing.ts files import it." },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    if (isTestFile(file)) return {};
    return eachImport(context, (node, target) => {
      if (target.startsWith('.') && isTestDouble(target)) context.report({ node, messageId: 'double', data: { target } });
    });
  },
};

export default { rules: { 'capability-index': capabilityIndex, 'test-doubles': testDoubles } };

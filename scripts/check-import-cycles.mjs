#!/usr/bin/env node
// Fails when TypeScript sources import each other in a circle at run time (an `import type` is erased and does not
// count; `import { type X }` does, as verbatimModuleSyntax keeps it). A circle between server modules means a
// barrel (`index.ts`) was imported where its table was meant (modules import each other's `*.table.ts`, services
// through `index.ts`); between packages it is a layering fault. Run by scripts/test-all.sh.
// Usage: node scripts/check-import-cycles.mjs [folder …]   (default: apps/server/src and packages/*/src)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders =
  process.argv.length > 2
    ? process.argv.slice(2).map((f) => path.resolve(f))
    : [
        path.join(root, 'apps/server/src'),
        ...readdirSync(path.join(root, 'packages')).map((p) => path.join(root, 'packages', p, 'src')),
      ].filter((f) => existsSync(f));

/** @param {string} dir @param {string[]} out */
function sources(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') sources(p, out);
    } else if (/\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

// Static import/export statements with a relative specifier; group 1 is `type ` for type-only statements.
const statement = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** @param {string} file */
function edges(file) {
  const out = [];
  for (const m of readFileSync(file, 'utf8').matchAll(statement)) {
    if (m[1]) continue;
    const target = path.resolve(path.dirname(file), m[2]);
    if (existsSync(target)) out.push(target);
  }
  return out;
}

const graph = new Map();
for (const f of folders.flatMap((d) => sources(d, []))) graph.set(f, edges(f));

// Tarjan's strongly connected components: every component of more than one file is a circle.
let index = 0;
const stack = [];
const info = new Map();
const circles = [];
/** @param {string} v */
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) {
      info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(path.relative(root, w));
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  }
}
for (const v of graph.keys()) if (!info.has(v)) connect(v);

if (circles.length) {
  process.stderr.write(`import circles (run-time imports) in ${circles.length} group(s):\n`);
  for (const c of circles) process.stderr.write(`  ${c.join('\n    ')}\n`);
  process.exit(1);
}
process.stdout.write(`import circles: none among ${graph.size} files\n`);

#!/usr/bin/env node
// Fails when a dependency requires a Node.js version the README does not: every package in package-lock.json and
// every package installed under node_modules must accept the lowest version of the root `engines.node`
// (">=20.19" → 20.19.0). Run by scripts/test-all.sh after `npm ci`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const promised = manifest.engines?.node;
const lowest = promised && semver.minVersion(promised);
if (!lowest) {
  process.stderr.write('package.json has no engines.node to check against\n');
  process.exit(1);
}

/** @type {Map<string, string>} "name@version (where)" → its engines.node */
const refusing = new Map();
/** @param {string} id @param {unknown} range */
function check(id, range) {
  if (typeof range !== 'string' || !range.trim()) return;
  if (!semver.satisfies(lowest, range, { includePrerelease: true })) refusing.set(id, range);
}

// 1. The lock file: every package of the tree, also the optional ones of other platforms.
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
let locked = 0;
for (const [where, entry] of Object.entries(lock.packages ?? {})) {
  if (!where.includes('node_modules/') || entry.link) continue;
  locked++;
  const name = entry.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
  check(`${name}@${entry.version} (${where})`, entry.engines?.node);
}

// 2. What is installed: each package.json under node_modules, nested ones included.
let installed = 0;
/** @param {string} dir */
function walk(dir) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === '.bin' || e.name === '.cache') continue;
    const p = path.join(dir, e.name);
    if (e.name.startsWith('@')) {
      walk(p);
      continue;
    }
    const file = path.join(p, 'package.json');
    if (existsSync(file)) {
      installed++;
      const m = JSON.parse(readFileSync(file, 'utf8'));
      check(`${m.name}@${m.version} (${path.relative(root, p)})`, m.engines?.node);
    }
    walk(path.join(p, 'node_modules'));
  }
}
walk(path.join(root, 'node_modules'));
for (const ws of ['apps', 'packages']) {
  for (const d of existsSync(path.join(root, ws)) ? readdirSync(path.join(root, ws)) : []) {
    walk(path.join(root, ws, d, 'node_modules'));
  }
}

if (refusing.size) {
  process.stderr.write(`packages that refuse Node.js ${lowest} (package.json promises "${promised}"):\n`);
  for (const [id, range] of refusing) process.stderr.write(`  ${id}: engines.node "${range}"\n`);
  process.exit(1);
}
process.stdout.write(
  `engines: all ${locked} locked and ${installed} installed packages accept Node.js ${lowest} ("${promised}")\n`,
);

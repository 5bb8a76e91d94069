#!/usr/bin/env node
// Builds the web console (apps/web/dist) with Vite only when what it is built from changed since the last build:
// the console's own files, the shared contract package it imports, and the dependency versions (root package.json
// and package-lock.json). The build writes a stamp with a hash of those inputs into dist; `npm start` runs this
// script and starts in seconds when the stamp matches. `--force` builds in any case (`npm run build`, CI).
// Plain Node (no tsx): it runs before every start and must cost nothing when there is nothing to do.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'apps/web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.build-stamp');

/** Folders and files whose content the bundle depends on (relative to the repository root). */
const inputs = ['apps/web', 'packages/shared', 'package.json', 'package-lock.json'];
/** Never inputs: outputs, installed packages, caches, tests (Vitest files are not bundled). */
const skipDirs = new Set(['node_modules', 'dist', 'coverage', 'test-artifacts']);
const skipFile = (name) => /\.test\.tsx?$/.test(name) || name.endsWith('.tsbuildinfo');

/** @param {string} rel @param {string[]} out */
function collect(rel, out) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) {
      if (!skipDirs.has(e.name) && !e.name.startsWith('.')) collect(child, out);
    } else if (e.isFile() && !skipFile(e.name)) {
      out.push(child);
    }
  }
}

/** A SHA-256 over the sorted input paths and their contents. */
function inputHash() {
  const files = [];
  for (const rel of inputs) {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) collect(rel, files);
    else files.push(rel);
  }
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update('\0');
    h.update(f === 'package.json' ? rootManifestPart() : readFileSync(path.join(root, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Of the root package.json only what decides installed versions counts (editing a script builds nothing). */
function rootManifestPart() {
  const m = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  return JSON.stringify([m.dependencies, m.devDependencies, m.optionalDependencies, m.overrides, m.workspaces]);
}

/** @param {string} hash */
function stampMatches(hash) {
  if (!existsSync(path.join(distDir, 'index.html')) || !existsSync(stampFile)) return false;
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).hash === hash;
  } catch {
    return false;
  }
}

function viteBin() {
  const req = createRequire(path.join(webDir, 'package.json'));
  return path.join(path.dirname(req.resolve('vite/package.json')), 'bin/vite.js');
}

function main() {
  const force = process.argv.includes('--force');
  const hash = inputHash();
  if (!force && stampMatches(hash)) {
    process.stdout.write('web console: apps/web/dist is up to date (no build)\n');
    return 0;
  }
  process.stdout.write(`web console: building apps/web/dist${force ? '' : ' (its sources changed)'} …\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, [viteBin(), 'build'], { cwd: webDir, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`web console: vite build failed (${r.status ?? r.signal})\n`);
    return r.status || 1;
  }
  writeFileSync(stampFile, `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
  process.stdout.write(`web console: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = main();

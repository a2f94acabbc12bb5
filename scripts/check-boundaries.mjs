#!/usr/bin/env node
// Enforces the package boundaries of DESIGN.md: arrows point one way only,
// apps -> phone -> leaves; leaves import no other package of ours (zrtp may
// use rtp). Checks both package.json dependencies and every import in src/.
// Also keeps files readable in one sitting: warns past 400 lines, fails past 800.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const LEAVES = ['sip-core', 'sdp', 'rtp', 'codecs', 'audio-alsa', 'zrtp', 'stun'];
/** Which of our packages each package may depend on. */
const allowed = (pkg) => {
  if (pkg === 'zrtp') return ['rtp'];
  if (LEAVES.includes(pkg)) return [];
  if (pkg === 'phone') return LEAVES;
  return [...LEAVES, 'phone']; // apps
};

const errors = [];
const warnings = [];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'fixtures') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) yield path;
  }
}

const importRe = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*)['"]@twinkle\/([a-z0-9-]+)/g;

for (const group of ['packages', 'apps']) {
  let names;
  try {
    names = readdirSync(group);
  } catch {
    continue;
  }
  for (const name of names) {
    const dir = join(group, name);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const ok = allowed(name);
    const deps = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies };
    for (const dep of Object.keys(deps)) {
      const m = /^@twinkle\/(.+)$/.exec(dep);
      if (m && !ok.includes(m[1])) errors.push(`${dir}/package.json: ${name} may not depend on ${dep}`);
    }
    for (const sub of ['src', 'test', 'bench']) {
      let files;
      try {
        files = [...sourceFiles(join(dir, sub))];
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(importRe)) {
          if (m[1] !== name && !ok.includes(m[1])) {
            errors.push(`${relative('.', file)}: ${name} may not import @twinkle/${m[1]}`);
          }
        }
        const lines = text.split('\n').length;
        if (lines > 800)
          errors.push(`${relative('.', file)}: ${lines} lines (limit 800; split it along a seam)`);
        else if (lines > 400) warnings.push(`${relative('.', file)}: ${lines} lines (aim for under 400)`);
      }
    }
  }
}

for (const w of warnings) console.warn(`warning: ${w}`);
for (const e of errors) console.error(`error: ${e}`);
if (errors.length > 0) process.exit(1);
console.log(`package boundaries ok${warnings.length ? ` (${warnings.length} warnings)` : ''}`);

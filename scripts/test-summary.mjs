#!/usr/bin/env node
// Adds up the vitest JSON reports that every workspace package writes to
// .vitest-result.json and prints one closing line: "N passed, N failed, N skipped".
// With --clean it removes old reports first, so a package that did not run is noticed.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dirs = ['packages', 'apps'].flatMap((g) =>
  existsSync(g) ? readdirSync(g).map((n) => join(g, n)) : [],
);
const reports = dirs.map((d) => join(d, '.vitest-result.json'));

if (process.argv.includes('--clean')) {
  for (const r of reports) rmSync(r, { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const [i, report] of reports.entries()) {
  if (!existsSync(join(dirs[i], 'package.json'))) continue;
  if (!existsSync(report)) {
    missing.push(dirs[i]);
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that failed to load counts as a failure even with no failed test.
  if ((r.numFailedTestSuites ?? 0) > 0 && (r.numFailedTests ?? 0) === 0) failed += r.numFailedTestSuites;
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);

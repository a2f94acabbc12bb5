#!/usr/bin/env node
// Creates the skeleton of a workspace package: package.json, tsconfig.json,
// vitest config and src/index.ts, and adds it to the root project references.
// Usage: node scripts/new-package.mjs packages/NAME "description" [dep ...]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const [dir, description, ...deps] = process.argv.slice(2);
if (!dir || !description) {
  console.error('usage: new-package.mjs packages/NAME "description" [@twinkle/dep ...]');
  process.exit(2);
}
const name = `@twinkle/${basename(dir)}`;
if (existsSync(join(dir, 'package.json'))) {
  console.error(`${dir}/package.json exists`);
  process.exit(1);
}
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name,
  version: '0.0.0',
  description,
  license: 'GPL-2.0-or-later',
  type: 'module',
  exports: {
    '.': {
      '@twinkle/source': './src/index.ts',
      types: './dist/index.d.ts',
      default: './dist/index.js',
    },
  },
  files: ['dist', '!dist/**/*.test.*', 'README.md'],
  engines: { node: '>=20.11' },
  scripts: {
    build: 'tsc -b',
    test: 'vitest run',
    bench: 'echo "no benchmarks yet"',
  },
  dependencies: Object.fromEntries(deps.map((d) => [d, 'workspace:*'])),
  devDependencies: { '@types/node': 'catalog:', typescript: 'catalog:', vitest: 'catalog:' },
};
writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
const refs = deps.map((d) => ({ path: relative(dir, join('packages', d.replace('@twinkle/', ''))) }));
writeFileSync(
  join(dir, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
      include: ['src'],
      references: refs,
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(dir, 'vitest.config.ts'),
  `import { defineProject } from 'vitest/config';\nimport { shared } from '../../vitest.shared.js';\n\nexport default defineProject(shared);\n`,
);
if (!existsSync(join(dir, 'src/index.ts'))) writeFileSync(join(dir, 'src/index.ts'), 'export {};\n');
const root = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
root.references.push({ path: `./${dir}` });
writeFileSync('tsconfig.json', `${JSON.stringify(root, null, 2)}\n`);
console.log(`created ${name} in ${dir}`);

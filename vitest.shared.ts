import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * Tests run on the TypeScript sources of every workspace package, not on their
 * build output: the `@twinkle/source` export condition points at `src/index.ts`.
 */
export const shared: UserWorkspaceConfig = {
  resolve: { conditions: ['@twinkle/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@twinkle/source', 'module', 'node', 'import', 'default'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'README.test.ts'],
    testTimeout: 20_000,
    // The JSON report feeds scripts/test-summary.mjs (one closing line for CI).
    reporters: ['default', ['json', { outputFile: '.vitest-result.json' }]],
    hookTimeout: 30_000,
  },
};

// Small timing helpers shared by the benchmarks of this package.

/** One measured row. */
export interface Figure {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly nsPerOp: number;
}

/**
 * Runs `op` (which performs `batch` operations per call) until `minMs` of wall time
 * has passed, after a short warm-up, and returns operations per second.
 */
export function measure(name: string, op: () => void, batch = 1, minMs = 500): Figure {
  const warmEnd = performance.now() + Math.min(200, minMs / 2);
  while (performance.now() < warmEnd) op();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 16; i++) op();
    calls += 16;
    now = performance.now();
  }
  const ops = calls * batch;
  const seconds = (now - start) / 1000;
  return { name, opsPerSecond: ops / seconds, nsPerOp: (seconds * 1e9) / ops };
}

const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);

/** Prints figures as an aligned table of operations (packets) per second and ns per operation. */
export function printTable(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  const w = Math.max(...figures.map((f) => f.name.length), 10);
  console.log(`${'case'.padEnd(w)}  ${'per second'.padStart(12)}  ${'ns/op'.padStart(9)}`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(w)}  ${fmt(f.opsPerSecond).padStart(12)}  ${f.nsPerOp.toFixed(0).padStart(9)}`,
    );
  }
}

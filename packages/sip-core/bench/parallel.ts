/**
 * Aggregate throughput over several cores: one worker thread per core, each
 * parsing the same message (with the same header access) for a fixed time.
 */
import { Worker } from 'node:worker_threads';

/** Messages per second summed over `workers` threads, each running for `ms` milliseconds. */
export async function parallelThroughput(text: string, workers: number, ms: number): Promise<number> {
  const url = new URL('./parallel-worker.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader: load the TypeScript worker through tsx's API.
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}));`;
  const runs = Array.from(
    { length: workers },
    () =>
      new Promise<number>((resolve, reject) => {
        const w = new Worker(boot, { eval: true, workerData: { text, ms } });
        w.once('message', (rate: number) => resolve(rate));
        w.once('error', reject);
      }),
  );
  const rates = await Promise.all(runs);
  return rates.reduce((a, b) => a + b, 0);
}

/**
 * Shared set-up of the sipp call tests: our UAs and sipp peers opened by a
 * test are closed after it, whatever happened.
 */
import { afterEach } from 'vitest';
import { type SippOptions, SippPeer } from './harness/index.js';
import { type OurUa, startOurUa } from './our-ua.js';

const open: { close(): Promise<void> }[] = [];

/** Registers the afterEach that closes what a test opened (call once per file). */
export function closeAfterEach(): void {
  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
  });
}

export async function ua(options: Parameters<typeof startOurUa>[0]): Promise<OurUa> {
  const u = await startOurUa(options);
  open.push(u);
  return u;
}

export async function sipp(options: SippOptions): Promise<SippPeer> {
  const s = await SippPeer.start({ timeoutS: 15, ...options });
  open.push(s);
  return s;
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

import { readFileSync } from 'node:fs';

/** The version of the phone-cli package, read from its package.json. */
export function version(): string {
  const url = new URL('../package.json', import.meta.url);
  const manifest = JSON.parse(readFileSync(url, 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

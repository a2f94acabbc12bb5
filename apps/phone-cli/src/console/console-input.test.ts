import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleInput, PROMPT } from './console-input.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twinkle-input-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8');
  output.on('data', (d: string) => {
    text += d;
  });
  return { input, output, text: () => text };
}

describe('ConsoleInput on a terminal', () => {
  it('prompts, edits, recalls history from the file and saves it', async () => {
    const historyFile = join(dir, 'twinkle.history');
    await writeFile(historyFile, 'call bob\nanswer\n');
    const t = terminal();
    const lines: string[] = [];
    let interrupted = 0;
    const ci = await ConsoleInput.open({
      input: t.input,
      output: t.output,
      interactive: true,
      historyFile,
      onLine: async (l) => {
        lines.push(l);
      },
      onInterrupt: () => {
        interrupted++;
      },
    });
    const running = ci.run();
    await until(() => t.text().includes(PROMPT));
    t.input.write('dnx\x7fd\r'); // a typo fixed with backspace
    await until(() => lines.length === 1);
    t.input.write('\x1b[A\x1b[A\r'); // up twice: answer (dnd is newest)
    await until(() => lines.length === 2);
    expect(lines).toEqual(['dnd', 'answer']);

    ci.print('Line 1: incoming call');
    expect(t.text()).toContain('Line 1: incoming call\n');
    expect(t.text().lastIndexOf(PROMPT)).toBeGreaterThan(t.text().indexOf('Line 1: incoming call'));

    const yes = ci.confirm('Remote request: call bob. Run it?');
    await until(() => t.text().includes('(y/n)'));
    t.input.write('y\r');
    expect(await yes).toBe(true);

    t.input.write('\x03');
    await until(() => interrupted === 1);

    await ci.close();
    await running;
    expect(await readFile(historyFile, 'utf8')).toBe('call bob\ndnd\nanswer\n');
  });

  it('a confirmation nobody gives is a no after the time limit', async () => {
    const t = terminal();
    const ci = await ConsoleInput.open({
      input: t.input,
      output: t.output,
      interactive: true,
      onLine: async () => {},
    });
    expect(await ci.confirm('Run it?', 50)).toBe(false);
    await ci.close();
  });
});

describe('ConsoleInput on a pipe', () => {
  it('runs lines in order, one after the other, without a prompt; asks nobody', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => {
      text += d.toString();
    });
    const order: string[] = [];
    const ci = await ConsoleInput.open({
      input,
      output,
      interactive: false,
      onLine: async (l) => {
        order.push(`start ${l}`);
        await new Promise((r) => setTimeout(r, 10));
        order.push(`end ${l}`);
      },
    });
    input.end('a\nb\n');
    await ci.run();
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(text).toBe('');
    expect(await ci.confirm('Run it?')).toBe(false);
    await ci.close();
  });
});

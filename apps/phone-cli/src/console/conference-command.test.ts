import { describe, expect, it } from 'vitest';
import { parseCommand } from '../commands/parse-command.js';
import { type ExecuteContext, executeCommand } from './execute.js';
import { FakePhone } from './fake-phone.test-util.js';
import { formatEvent } from './format-event.js';

/** A fake phone with the engine's conference and line status. */
class ConferencePhone extends FakePhone {
  inConference: number[] = [];
  async conference(): Promise<void> {
    this.calls.push('conference');
    if (this.failWith) throw this.failWith;
    this.inConference = [1, 2];
  }
  lineStatus() {
    return [1, 2].map((line) => ({
      line,
      ...(this.inConference.includes(line) ? { conference: true } : {}),
    }));
  }
}

const context = (phone: FakePhone): ExecuteContext => ({ phone, services: new Map() });

async function run(phone: FakePhone, line: string) {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return executeCommand(parsed.command, context(phone));
}

describe('the conference command', () => {
  it('parses, with a unique prefix, and takes no arguments', () => {
    expect(parseCommand('conference')).toEqual({ ok: true, command: { name: 'conference' } });
    expect(parseCommand('conf')).toEqual({ ok: true, command: { name: 'conference' } });
    expect(parseCommand('conference 3')).toMatchObject({ ok: false, error: { code: 'syntax' } });
  });

  it('joins lines 1 and 2, and `line` then shows the conference', async () => {
    const phone = new ConferencePhone();
    expect(await run(phone, 'line')).toMatchObject({ ok: true, message: 'Active line is: 1' });
    expect(await run(phone, 'conference')).toMatchObject({ ok: true, data: { lines: [1, 2] } });
    expect(phone.calls).toEqual(['conference']);
    expect(await run(phone, 'line')).toMatchObject({
      ok: true,
      message: 'Active line is: 1\n3-way conference: lines 1 and 2',
      data: { line: 1, conference: [1, 2] },
    });
  });

  it('says why when the engine refuses, and when the phone has no conference', async () => {
    const phone = new ConferencePhone();
    phone.failWith = new Error('line 2 has no answered call');
    expect(await run(phone, 'conference')).toMatchObject({
      ok: false,
      message: expect.stringContaining('line 2'),
    });
    expect(await run(new FakePhone(), 'conference')).toMatchObject({ ok: false });
  });

  it('prints the conference events', () => {
    expect(formatEvent({ type: 'conference', state: 'started', lines: [1, 2] } as never)).toBe(
      '3-way conference: lines 1 and 2',
    );
    expect(formatEvent({ type: 'conference', state: 'ended', line: 2, lines: [1] } as never)).toBe(
      '3-way conference ended (line 2 left the conference); line 1 goes on as a normal call',
    );
    expect(formatEvent({ type: 'conference', state: 'ended', lines: [] } as never)).toBe(
      '3-way conference ended',
    );
    expect(formatEvent({ type: 'conference', state: 'left', line: 3, lines: [1, 2] } as never)).toBe(
      'Line 3 left the conference; lines 1 and 2 go on',
    );
  });
});

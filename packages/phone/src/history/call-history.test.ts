import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallHistory, formatCallHistory, parseCallHistory } from './call-history.js';
import { type CallRecord, formatCallRecord, isMissedCall, parseCallRecord } from './call-record.js';
import { formatHistory } from './format-history.js';

const fixtureUrl = new URL('../../fixtures/config/twinkle.ch', import.meta.url);

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'twinkle-ch-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const record = (over: Partial<CallRecord>): CallRecord => ({
  timeStart: 1764150000,
  timeAnswer: 0,
  timeEnd: 1764150010,
  direction: 'in',
  fromDisplay: '',
  fromUri: 'sip:x@example.com',
  fromOrganization: '',
  toDisplay: '',
  toUri: 'sip:alice@example.com',
  toOrganization: '',
  replyToDisplay: '',
  replyToUri: '',
  referredByDisplay: '',
  referredByUri: '',
  subject: '',
  releaseCause: 'failure',
  inviteResponseCode: 487,
  inviteResponseReason: 'Request Terminated',
  farEndDevice: '',
  userProfile: 'alice',
  ...over,
});

describe('call history (twinkle.ch)', () => {
  it('parses Twinkle records, escapes included, and reports a bad line', async () => {
    const text = await readFile(fixtureUrl, 'utf8');
    const { records, diagnostics } = parseCallHistory(text, 'twinkle.ch');
    expect(records.length).toBe(4);
    expect(diagnostics).toEqual([{ file: 'twinkle.ch', line: 5, reason: 'expected 20 fields, got 2' }]);
    expect(records[0]!.toOrganization).toBe('Bob Inc|');
    expect(records[0]!.subject).toBe('Lunch?');
    expect(records[0]!.farEndDevice).toBe('Linphone/5.2');
    expect(records[1]!.subject).toBe('#1 question');
    expect(records.map(isMissedCall)).toEqual([false, true, false, false]);
    expect(records[3]!.releaseCause).toBe('local user'); // "caller", from before Twinkle 0.7
    expect(records[3]!.referredByUri).toBe('sip:eve@pbx.office.test');
  });

  it('formats records back into the same lines', async () => {
    const text = await readFile(fixtureUrl, 'utf8');
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#') && l !== 'garbage|line');
    for (const line of lines.slice(0, 3)) {
      const r = parseCallRecord(line);
      expect(r.ok).toBe(true);
      if (r.ok) expect(formatCallRecord(r.record)).toBe(line);
    }
    const { records } = parseCallHistory(text, 'x');
    expect(formatCallHistory(records).split('\n')[0]).toBe(text.split('\n')[0]);
  });

  it('escapes the separator, backslashes and a leading #', () => {
    const r = record({ subject: '#a|b\\c', fromDisplay: 'x\ny' });
    const line = formatCallRecord(r);
    expect(line).toContain('|\\#a\\|b\\\\c|');
    const back = parseCallRecord(line);
    expect(back.ok && back.record.subject).toBe('#a|b\\c');
    expect(back.ok && back.record.fromDisplay).toBe('x y');
  });

  it('appends, keeps ch_max_size records, counts missed calls, writes mode 0600', async () => {
    const file = join(base, 'twinkle.ch');
    await copyFile(fixtureUrl, file);
    const seen: number[] = [];
    const h = new CallHistory(file, { maxSize: 3, onMissedCall: (n) => seen.push(n) });
    expect((await h.load()).length).toBe(1);
    expect(h.records.length).toBe(3);
    expect(await h.add(record({ timeStart: 1764150000 }))).toBe(true);
    expect(h.records.length).toBe(3);
    expect(h.missedCount).toBe(1);
    expect(seen).toEqual([1]);
    expect(await h.add(record({ timeEnd: 0 }))).toBe(false);
    expect(await h.add(record({ timeAnswer: 1764150001 }))).toBe(false);
    const again = new CallHistory(file, { maxSize: 10 });
    await again.load();
    expect(again.records.map((r) => r.timeStart)).toEqual([1764142000, 1764143000, 1764150000]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('# time_start|time_answer|')).toBe(true);
    h.clearMissed();
    expect(seen).toEqual([1, 0]);
  });

  it('a missing file is an empty history', async () => {
    const h = new CallHistory(join(base, 'none.ch'));
    expect(await h.load()).toEqual([]);
    expect(h.records).toEqual([]);
  });

  it('formats the history command output with missed calls marked', async () => {
    const { records } = parseCallHistory(await readFile(fixtureUrl, 'utf8'), 'x');
    expect(formatHistory(records, { utc: true }).split('\n')).toEqual([
      '2025-11-26 06:53:20  out   0:01:00  Bob <sip:bob@example.com>  [alice]  ended by far end',
      '2025-11-26 07:10:00  in          -  Carol <sip:carol@example.org>  [alice]  MISSED (487 Request Terminated)',
      '2025-11-26 07:26:40  out         -  sip:dave@example.net  [alice]  failed: 486 Busy Here',
      '2025-11-26 07:43:20  in    0:01:38  sip:4712@pbx.office.test  [work]  ended by us',
    ]);
    expect(formatHistory(records, { utc: true, last: 1 }).split('\n').length).toBe(1);
    expect(formatHistory([])).toBe('No calls in the history.');
  });
});

describe('call history saves', () => {
  it('two calls ending at once both reach the file', async () => {
    const file = join(base, 'twinkle.ch');
    const h = new CallHistory(file);
    await Promise.all([
      h.add(record({ timeStart: 1 })),
      h.add(record({ timeStart: 2 })),
      h.add(record({ timeStart: 3 })),
    ]);
    const again = new CallHistory(file);
    await again.load();
    expect(again.records.map((r) => r.timeStart)).toEqual([1, 2, 3]);
  });
});

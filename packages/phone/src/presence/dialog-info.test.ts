import { describe, expect, it } from 'vitest';
import { DialogInfoTracker, parseDialogInfo } from './dialog-info.js';

const doc = (version: number, state: 'full' | 'partial', dialogs: string) =>
  `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="${state}" entity="sip:bob@example.com">${dialogs}</dialog-info>`;
const dialog = (id: string, st: string, direction = 'recipient') =>
  `<dialog id="${id}" call-id="c${id}" direction="${direction}"><state event="x">${st}</state>` +
  `<remote><identity display="Carol">sip:carol@example.com</identity></remote></dialog>`;

describe('dialog-info (RFC 4235)', () => {
  it('parses dialogs with state, direction and remote identity', () => {
    expect(
      parseDialogInfo(doc(3, 'full', dialog('a', 'early') + dialog('b', 'Confirmed', 'initiator'))),
    ).toEqual({
      entity: 'sip:bob@example.com',
      version: 3,
      state: 'full',
      dialogs: [
        { id: 'a', state: 'early', direction: 'recipient', remote: 'sip:carol@example.com' },
        { id: 'b', state: 'confirmed', direction: 'initiator', remote: 'sip:carol@example.com' },
      ],
    });
    expect(parseDialogInfo(doc(0, 'full', ''))?.dialogs).toEqual([]);
    expect(parseDialogInfo('<dialog-info version="x" state="full"/>')).toBeUndefined();
    expect(parseDialogInfo('<presence/>')).toBeUndefined();
  });

  it('tracks full and partial states in version order as a lamp', () => {
    const t = new DialogInfoTracker();
    expect(t.lamp).toBe('unknown');
    expect(t.apply(parseDialogInfo(doc(0, 'full', ''))!)).toBe(true);
    expect(t.lamp).toBe('idle');
    expect(t.apply(parseDialogInfo(doc(1, 'partial', dialog('a', 'early')))!)).toBe(true);
    expect(t.lamp).toBe('ringing');
    expect(t.apply(parseDialogInfo(doc(2, 'partial', dialog('a', 'confirmed')))!)).toBe(true);
    expect(t.lamp).toBe('busy');
    // An old version is ignored; a partial that skips one is refused.
    expect(t.apply(parseDialogInfo(doc(2, 'partial', dialog('a', 'terminated')))!)).toBe(false);
    expect(t.apply(parseDialogInfo(doc(4, 'partial', dialog('a', 'terminated')))!)).toBe(false);
    expect(t.lamp).toBe('busy');
    expect(t.apply(parseDialogInfo(doc(3, 'partial', dialog('a', 'terminated')))!)).toBe(true);
    expect(t.lamp).toBe('idle');
    expect(t.apply(parseDialogInfo(doc(9, 'full', dialog('z', 'trying', 'initiator')))!)).toBe(true);
    expect(t.lamp).toBe('busy'); // calling out
    t.reset();
    expect(t.apply(parseDialogInfo(doc(1, 'partial', ''))!)).toBe(false); // a partial needs a full first
  });
});

import { describe, expect, it } from 'vitest';
import { Dialog, type DialogContext } from '../dialog/dialog.js';
import { DialogRegistry } from '../dialog/dialog-registry.js';
import { parseFromTo, parseNameAddr } from '../headers/name-addr.js';
import { formatNameAddr } from '../headers/name-addr-format.js';
import { replacesFromReferTo } from '../headers/replaces.js';
import { createRequest } from '../message/build.js';
import { parseUri } from '../uri/parse.js';
import {
  findReplacedDialog,
  findReplacedSession,
  markEventDialog,
  referToWithReplaces,
  replacesForDialog,
  replacesHeader,
} from './replaces.js';

const ctx: DialogContext = {
  localContact: (parseNameAddr('<sip:carol@192.0.2.3>') as { ok: true; value: never }).value,
  localAddress: () => ({ protocol: 'udp', host: '192.0.2.3', port: 5060 }),
};

const fromTo = (text: string) => {
  const r = parseFromTo(text);
  if (!r.ok) throw new Error(text);
  return r.value;
};
const uri = (text: string) => {
  const r = parseUri(text);
  if (!r.ok) throw new Error(text);
  return r.value;
};

function dialog(
  callId: string,
  local: string,
  remote: string,
  role: 'uac' | 'uas',
  state: 'early' | 'confirmed',
): Dialog {
  return new Dialog(
    {
      id: { callId, localTag: local, remoteTag: remote },
      role,
      state,
      local: fromTo(`<sip:carol@example.com>;tag=${local}`),
      remote: fromTo(`<sip:alice@example.com>;tag=${remote}`),
      remoteTarget: uri('sip:alice@192.0.2.1'),
      routeSet: [],
      localSeq: 1,
      remoteSeq: 1,
      secure: false,
    },
    ctx,
  );
}

const invite = (...replaces: string[]) =>
  createRequest({
    method: 'INVITE',
    uri: 'sip:carol@192.0.2.3',
    via: 'SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKr1',
    from: '<sip:bob@example.com>;tag=b1',
    to: '<sip:carol@example.com>',
    callId: 'new-call',
    cseq: 1,
    headers: replaces.map((value) => ({ name: 'Replaces', value })),
  });

describe('findReplacedDialog (RFC 3891 section 3)', () => {
  const registry = new DialogRegistry();
  registry.add(dialog('confirmed@h', 'c1', 'a1', 'uas', 'confirmed'));
  registry.add(dialog('early-ours@h', 'c2', 'a2', 'uac', 'early'));
  registry.add(dialog('early-theirs@h', 'c3', 'a3', 'uas', 'early'));
  const sub = dialog('subscription@h', 'c4', 'a4', 'uac', 'confirmed');
  markEventDialog(sub);
  registry.add(sub);

  it.each([
    ['confirmed dialog', 'confirmed@h;to-tag=c1;from-tag=a1', 200],
    ['confirmed dialog with early-only', 'confirmed@h;to-tag=c1;from-tag=a1;early-only', 486],
    ['early dialog we initiated', 'early-ours@h;to-tag=c2;from-tag=a2', 200],
    ['early dialog we initiated, early-only', 'early-ours@h;to-tag=c2;from-tag=a2;early-only', 200],
    ['early dialog we did not initiate', 'early-theirs@h;to-tag=c3;from-tag=a3', 481],
    ['tags swapped', 'confirmed@h;to-tag=a1;from-tag=c1', 481],
    ['unknown Call-ID', 'nobody@h;to-tag=c1;from-tag=a1', 481],
    ['a subscription dialog (not INVITE)', 'subscription@h;to-tag=c4;from-tag=a4', 481],
    ['no to-tag', 'confirmed@h;from-tag=a1', 400],
  ])('%s -> %i', (_name, value, status) => {
    const m = findReplacedDialog(registry, invite(value));
    expect(m).toBeDefined();
    if (m === undefined) return;
    expect(m.ok ? 200 : m.status).toBe(status);
    if (m.ok) expect(m.dialog.id.callId).toBe(value.split(';')[0]);
  });

  it('400 for two Replaces headers, nothing for none', () => {
    const m = findReplacedDialog(
      registry,
      invite('confirmed@h;to-tag=c1;from-tag=a1', 'early-ours@h;to-tag=c2;from-tag=a2'),
    );
    expect(m).toEqual({ ok: false, status: 400, reason: 'More Than One Replaces' });
    expect(findReplacedDialog(registry, invite())).toBeUndefined();
  });

  it('an application predicate decides what counts as an INVITE dialog', () => {
    const m = findReplacedDialog(registry, invite('confirmed@h;to-tag=c1;from-tag=a1'), {
      isInviteDialog: () => false,
    });
    expect(m?.ok).toBe(false);
  });
});

describe('building Replaces (RFC 3891 6.1, 7.1)', () => {
  // Our dialog with carol, seen from alice: local tag a9, remote tag c9.
  const ours = dialog('call-9@example.com', 'a9', 'c9', 'uac', 'confirmed');

  it('names the dialog from the peer side: to-tag is the peer tag, from-tag ours', () => {
    expect(replacesForDialog(ours)).toMatchObject({
      callId: 'call-9@example.com',
      toTag: 'c9',
      fromTag: 'a9',
      earlyOnly: false,
    });
    expect(replacesHeader(ours, { earlyOnly: true })).toEqual({
      name: 'Replaces',
      value: 'call-9@example.com;to-tag=c9;from-tag=a9;early-only',
    });
  });

  it('embeds it escaped in a Refer-To URI, and the header parser reads it back', () => {
    const referTo = referToWithReplaces('<sip:carol@example.com>', replacesForDialog(ours));
    const text = formatNameAddr(referTo);
    expect(text).toBe('<sip:carol@example.com?Replaces=call-9%40example.com%3Bto-tag%3Dc9%3Bfrom-tag%3Da9>');
    const back = parseNameAddr(text);
    expect(back.ok).toBe(true);
    if (back.ok)
      expect(replacesFromReferTo(back.value.uri)).toMatchObject({
        callId: 'call-9@example.com',
        toTag: 'c9',
        fromTag: 'a9',
      });
  });

  it('the dialog found by the target is the one named (round trip through the registry)', () => {
    // Carol's side of the same dialog: local c9, remote a9.
    const registry = new DialogRegistry();
    registry.add(dialog('call-9@example.com', 'c9', 'a9', 'uas', 'confirmed'));
    const m = findReplacedDialog(registry, invite(replacesHeader(ours).value));
    expect(m?.ok).toBe(true);
  });
});

describe('findReplacedSession (sessions of src/session, structurally)', () => {
  const outgoing = (callId: string, state: string) => ({
    dialogId: { callId, localTag: 'l', remoteTag: 'r' },
    state,
    invite: async () => {},
  });
  const incoming = (callId: string, state: string) => ({
    dialogId: { callId, localTag: 'l', remoteTag: 'r' },
    state,
  });
  const sessions = [
    outgoing('out-est', 'established'),
    outgoing('out-early', 'early'),
    incoming('in-early', 'early'),
    incoming('in-est', 'established'),
    incoming('in-gone', 'terminated'),
    { dialogId: undefined, state: 'initial' },
  ];

  it.each([
    ['out-est', '', 200],
    ['out-est', ';early-only', 486],
    ['out-early', '', 200],
    ['in-early', '', 481],
    ['in-est', '', 200],
    ['in-gone', '', 603],
    ['nobody', '', 481],
  ])('%s%s -> %i', (callId, flag, status) => {
    const m = findReplacedSession(sessions, invite(`${callId};to-tag=l;from-tag=r${flag}`));
    expect(m === undefined ? 0 : m.ok ? 200 : m.status).toBe(status);
    if (m?.ok) expect(m.dialog.dialogId?.callId).toBe(callId);
  });
});

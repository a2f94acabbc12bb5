import { parseMessage, type SipRequest } from '@twinkle/sip-core';
import { describe, expect, it } from 'vitest';
import { buildScriptEnv, headerVariable, scriptMessageOf } from './script-env.js';

const invite = (headers: string): SipRequest => {
  const text = [
    'INVITE sip:alice@127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1',
    'f: "Bob \\"the\\" Builder" <sip:bob@example.com>;tag=1',
    'To: <sip:alice@127.0.0.1>',
    'Call-ID: abc@x',
    'CSeq: 1 INVITE',
    'Max-Forwards: 70',
    headers,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(new TextEncoder().encode(text));
  if (!r.ok || r.message.kind !== 'request') throw new Error('bad test message');
  return r.message;
};

const context = {
  trigger: 'in_call' as const,
  profile: 'alice',
  line: 1,
  dnd: false,
  autoAnswer: true,
  forward: { always: [], busy: ['sip:desk@example.com', 'sip:mobile@example.com'], noAnswer: [] },
};

describe('buildScriptEnv', () => {
  it('gives the request, the parties, every header and Twinkle variables', () => {
    const env = buildScriptEnv(
      scriptMessageOf(invite('Subject: lunch\r\nX-Foo: 1\r\nX-Foo: 2\r\nP-Asserted-Identity: <sip:1@x>')),
      context,
      { PATH: '/usr/bin', HOME: '/home/a' },
    );
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      HOME: '/home/a',
      SIPREQUEST_METHOD: 'INVITE',
      SIPREQUEST_URI: 'sip:alice@127.0.0.1',
      SIP_FROM_USER: 'bob',
      SIP_FROM_HOST: 'example.com',
      SIP_FROM_DISPLAY: 'Bob "the" Builder',
      SIP_TO_USER: 'alice',
      SIP_TO_HOST: '127.0.0.1',
      SIP_TO_DISPLAY: '',
      SIP_FROM: '"Bob \\"the\\" Builder" <sip:bob@example.com>;tag=1',
      SIP_CALL_ID: 'abc@x',
      SIP_CSEQ: '1 INVITE',
      SIP_SUBJECT: 'lunch',
      SIP_X_FOO: '1,2',
      SIP_P_ASSERTED_IDENTITY: '<sip:1@x>',
      TWINKLE_USER_PROFILE: 'alice',
      TWINKLE_TRIGGER: 'in_call',
      TWINKLE_LINE: '1',
      TWINKLE_DO_NOT_DISTURB: 'no',
      TWINKLE_AUTO_ANSWER: 'yes',
      TWINKLE_REDIRECT_ALWAYS: '',
      TWINKLE_REDIRECT_BUSY: 'sip:desk@example.com,sip:mobile@example.com',
      TWINKLE_REDIRECT_NO_ANSWER: '',
    });
    expect(env.SIPSTATUS_CODE).toBeUndefined();
  });

  it('a header cannot pose as a fixed variable, and odd token characters become _', () => {
    const env = buildScriptEnv(scriptMessageOf(invite("From-User: evil\r\nX-A`b'c.d: v")), context);
    expect(env.SIP_FROM_USER).toBe('bob');
    expect(env.SIP_FROM_USER).not.toBe('evil');
    expect(env.SIP_X_A_B_C_D).toBe('v');
    expect(headerVariable('i')).toBe('SIP_CALL_ID');
    expect(Object.keys(env).every((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))).toBe(true);
  });

  it('responses give SIPSTATUS_CODE and SIPSTATUS_REASON', () => {
    const text =
      'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <tel:+31201234567>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    const r = parseMessage(new TextEncoder().encode(text));
    if (!r.ok) throw new Error('bad');
    const env = buildScriptEnv(scriptMessageOf(r.message), { ...context, trigger: 'out_call_failed' });
    expect(env.SIPSTATUS_CODE).toBe('486');
    expect(env.SIPSTATUS_REASON).toBe('Busy Here');
    expect(env.SIP_TO_USER).toBe('+31201234567');
    expect(env.SIPREQUEST_METHOD).toBeUndefined();
  });
});

/**
 * Interop with an independent ZRTP implementation: linphonec (Debian linphone-cli, bzrtp).
 * A minimal SIP caller written here (INVITE, ACK, BYE over UDP on 127.0.0.1) calls an
 * auto-answering linphonec with media_encryption=zrtp; our ZrtpSession then runs on the
 * RTP port against bzrtp, and both sides must print the same SAS. Then audio flows as
 * SRTP both ways under the derived keys: linphonec plays a WAV file (its "soundcard use
 * files" mode), we decrypt its packets with @twinkle/rtp, and linphonec must accept ours.
 * A second call with the same caches must find the retained secret on both sides.
 * The phone will later replace the hand-written SIP with the real call path.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SrtpContext } from '@twinkle/rtp';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretCache } from './cache.js';
import type { SecureInfo, ZrtpEvent } from './events.js';
import { isZrtpPacket } from './message-parse.js';
import { ZrtpSession } from './session.js';

const wav = fileURLToPath(new URL('../fixtures/speech_8k.wav', import.meta.url));
const have = spawnSync('sh', ['-c', 'command -v linphonec'], { encoding: 'utf8' }).status === 0;
const random = (n: number) => new Uint8Array(randomBytes(n));

const bindUdp = (): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve(s));
  });

/** A free UDP port on 127.0.0.1 (bound, read, released). */
async function freePort(): Promise<number> {
  const s = await bindUdp();
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const until = async (cond: () => boolean, ms: number, what: string): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

interface CallResult {
  readonly secure: SecureInfo;
  readonly theirSas: string;
  readonly events: readonly ZrtpEvent[];
  readonly decrypted: number;
  readonly undecryptable: number;
  readonly sentSrtp: number;
  readonly peerHash: string | undefined;
}

describe('ZRTP against linphonec (bzrtp)', () => {
  let child: ChildProcess | undefined;
  const sockets: Socket[] = [];
  let dir: string | undefined;
  afterEach(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    for (const s of sockets.splice(0)) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!have && process.env.CI !== 'true')(
    'same SAS, a=zrtp-hash checked, SRTP both ways, and the retained secret found on a second call',
    async () => {
      dir = mkdtempSync(join(tmpdir(), 'zrtp-linphonec-'));
      mkdirSync(join(dir, 'home/.local/share/linphone'), { recursive: true });
      const lpSip = await freePort();
      const lpRtp = await freePort();
      const rc = join(dir, 'linphonerc');
      writeFileSync(
        rc,
        `[sip]\nsip_port=${lpSip}\nsip_tcp_port=0\nmedia_encryption=zrtp\nuse_ipv6=0\nipv6_migration_done=1\n` +
          `[rtp]\naudio_rtp_port=${lpRtp}\nvideo_rtp_port=${lpRtp + 2}\n[app]\nipv6_migration_done=1\n`,
      );
      let stdout = '';
      const log = join(dir, 'linphonec.log');
      const proc = spawn('linphonec', ['-c', rc, '-a', '-d', '6', '-l', log], {
        env: { ...process.env, HOME: join(dir, 'home') },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      proc.stderr?.on('data', () => {});
      proc.stdin?.write('soundcard use files\n');
      const cache = new MemorySecretCache(random(12));

      const call = async (n: number): Promise<CallResult> => {
        const sip = await bindUdp();
        const rtp = await bindUdp();
        sockets.push(sip, rtp);
        const ourSip = sip.address().port;
        const ourRtp = rtp.address().port;
        let peerRtp = 0;
        let peerHash: string | undefined;
        let secure: SecureInfo | undefined;
        let rx: SrtpContext | undefined;
        let tx: SrtpContext | undefined;
        let decrypted = 0;
        let undecryptable = 0;
        let sentSrtp = 0;
        const events: ZrtpEvent[] = [];
        const t0 = Date.now();
        const now = () => Date.now() - t0;
        const zrtp = new ZrtpSession({
          cache,
          ssrc: 0x7a7a7a00 + n,
          random,
          send: (b) => {
            if (peerRtp) rtp.send(b, peerRtp, '127.0.0.1');
          },
          onEvent: (e) => {
            events.push(e);
            if (e.type === 'secure') {
              secure = e.info;
              rx = new SrtpContext(e.info.srtp.receive);
              tx = new SrtpContext(e.info.srtp.send);
              proc.stdin?.write(`play ${wav}\n`);
            }
          },
        });
        rtp.on('message', (m) => {
          if (isZrtpPacket(m)) zrtp.receive(new Uint8Array(m), now());
          else if (rx && m[0]! >> 6 === 2) {
            // RTP version 2 (STUN keep-alives start with 0x00/0x01). Until linphonec switches
            // to SRTP (the initiator waits for Conf2ACK) its packets are plain: count only
            // failures after the first packet that decrypted.
            if (rx.unprotectRtp(new Uint8Array(m)).ok) decrypted++;
            else if (decrypted > 0) undecryptable++;
          }
        });
        const timer = setInterval(() => zrtp.tick(now()), 5);
        // 20 ms of PCMU silence per packet: plain RTP before the keys exist, SRTP after.
        let seq = 0;
        const media = setInterval(() => {
          if (!peerRtp) return;
          const p = new Uint8Array(172).fill(0xff);
          const dv = new DataView(p.buffer);
          p[0] = 0x80;
          p[1] = 0;
          dv.setUint16(2, seq++);
          dv.setUint32(4, seq * 160);
          dv.setUint32(8, 0x7a7a7a00 + n);
          if (!tx) rtp.send(p, peerRtp, '127.0.0.1');
          else {
            rtp.send(tx.protectRtp(p), peerRtp, '127.0.0.1');
            sentSrtp++;
          }
        }, 20);

        const callId = `zrtp-${n}-${Date.now()}@127.0.0.1`;
        const sdp = [
          'v=0',
          `o=- ${n} 1 IN IP4 127.0.0.1`,
          's=-',
          'c=IN IP4 127.0.0.1',
          't=0 0',
          `m=audio ${ourRtp} RTP/AVP 0`,
          'a=rtpmap:0 PCMU/8000',
          `a=zrtp-hash:${zrtp.zrtpHash}`,
          '',
        ].join('\r\n');
        const request = (method: string, branch: string, cseq: number, to: string, body = '') =>
          [
            `${method} sip:lp@127.0.0.1:${lpSip} SIP/2.0`,
            `Via: SIP/2.0/UDP 127.0.0.1:${ourSip};branch=z9hG4bK${branch}${n};rport`,
            'Max-Forwards: 70',
            `From: <sip:twinkle@127.0.0.1:${ourSip}>;tag=zt${n}`,
            to,
            `Call-ID: ${callId}`,
            `CSeq: ${cseq} ${method}`,
            `Contact: <sip:twinkle@127.0.0.1:${ourSip}>`,
            ...(body ? ['Content-Type: application/sdp'] : []),
            `Content-Length: ${Buffer.byteLength(body)}`,
            '',
            body,
          ].join('\r\n');
        let toHeader = '';
        sip.on('message', (m) => {
          const s = m.toString();
          if (!s.startsWith('SIP/2.0 200') || !/CSeq:\s*1 INVITE/i.test(s) || toHeader) return;
          toHeader = /^To:.*$/im.exec(s)![0];
          peerRtp = Number(/m=audio (\d+)/.exec(s)?.[1] ?? 0);
          peerHash = /a=zrtp-hash:(.*)\r?\n/.exec(s)?.[1]?.trim();
          sip.send(request('ACK', 'ack', 1, toHeader), lpSip, '127.0.0.1');
          if (peerHash) zrtp.setPeerZrtpHash(peerHash);
          zrtp.start(now());
        });
        const invite = request('INVITE', 'inv', 1, `To: <sip:lp@127.0.0.1:${lpSip}>`, sdp);
        const tokenRe = new RegExp(`Call ${n} is fully encrypted and auth token is (\\S+?)\\.`);
        try {
          // linphonec needs a moment to open its SIP port: resend the INVITE until it answers.
          const resend = setInterval(() => {
            if (!toHeader) sip.send(invite, lpSip, '127.0.0.1');
          }, 500);
          try {
            await until(() => toHeader !== '', 15_000, `the 200 OK of linphonec to call ${n}`);
          } finally {
            clearInterval(resend);
          }
          await until(() => secure !== undefined && tokenRe.test(stdout), 20_000, `both SAS of call ${n}`);
          await until(() => decrypted >= 50 && sentSrtp >= 100, 15_000, `SRTP both ways in call ${n}`);
          sip.send(request('BYE', 'bye', 2, toHeader), lpSip, '127.0.0.1');
          await until(
            () => new RegExp(`Call ${n} .*ended`, 'i').test(stdout),
            10_000,
            `the end of call ${n}`,
          );
        } finally {
          clearInterval(timer);
          clearInterval(media);
        }
        return {
          secure: secure!,
          theirSas: tokenRe.exec(stdout)![1]!,
          events,
          decrypted,
          undecryptable,
          sentSrtp,
          peerHash,
        };
      };

      const first = await call(1);
      expect(first.secure.sas).toBe(first.theirSas);
      expect(first.peerHash).toMatch(/^1\.10 [0-9a-f]{64}$/);
      expect(first.events.some((e) => e.type === 'hello-hash-mismatch')).toBe(false);
      expect(first.events.some((e) => e.type === 'peer-hello' && e.clientId.startsWith('BZRTP'))).toBe(true);
      expect(first.undecryptable).toBe(0);
      const rs1 = cache.get(first.secure.peerZid)!.rs1!;

      // Second call: bzrtp's rs1 IDs must match our rs1 (no cache mismatch), and rs1 moves to rs2.
      const second = await call(2);
      expect(second.secure.sas).toBe(second.theirSas);
      expect(second.events.some((e) => e.type === 'cache-mismatch')).toBe(false);
      expect(Buffer.from(cache.get(second.secure.peerZid)!.rs2!)).toEqual(Buffer.from(rs1));
      expect(second.undecryptable).toBe(0);

      proc.stdin?.write('quit\n');
      await until(() => proc.exitCode !== null || proc.signalCode !== null, 10_000, 'linphonec to quit');
      // libsrtp in linphonec logs every packet of ours it rejects. A few may arrive before it
      // switches to SRTP (it does on Conf2ACK as initiator); a wrong key would reject them all.
      const rejected = readFileSync(log, 'utf8').match(/srtp_unprotect\(\) failed/g)?.length ?? 0;
      expect(rejected).toBeLessThan((first.sentSrtp + second.sentSrtp) / 10);
    },
    60_000,
  );
});

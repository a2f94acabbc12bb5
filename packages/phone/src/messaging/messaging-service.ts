/**
 * Instant messages (RFC 3428 MESSAGE) in and out, with the composition
 * indication of RFC 3994, as Twinkle's `message` command and IM sessions:
 * text with an optional Subject, a file as attachment (Content-Disposition,
 * RFC 2183), the To display name; incoming messages become `message`
 * events (other bodies are saved as files), at most `im_max_sessions`
 * conversations at a time (further senders get 486 Busy Here).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  createResponse,
  formatUri,
  parseMultipart,
  type ServerTransaction,
  type SipRequest,
  type UserAgent,
} from '@twinkle/sip-core';
import { PhoneError } from '../engine/errors.js';
import { formatAddress, outgoingRequest } from '../engine/outgoing.js';
import type { ProfileSet } from '../engine/profile-set.js';
import { formatIsComposing, IS_COMPOSING_TYPE, parseIsComposing } from './is-composing.js';
import type { MessageComposingEvent, MessageReceivedEvent } from './message-events.js';
import { mimeTypeOf, safeFilename } from './mime-types.js';

/** What the service needs of the phone. */
export interface MessagingHost {
  readonly ua: UserAgent;
  readonly profiles: ProfileSet;
  readonly emit: (event: MessageReceivedEvent | MessageComposingEvent) => void;
  readonly now: () => number;
  /** Where received attachments are saved (default a twinkle-im folder in the system temp directory). */
  readonly attachmentDir?: string;
}

/** Options of {@link MessagingService.send} (Twinkle's `message -s -f -d`). */
export interface SendMessageOptions {
  readonly subject?: string;
  /** A file to send as attachment. */
  readonly file?: string;
  /** Display name of the addressee (To). */
  readonly display?: string;
  /** The profile to send from (default the active one). */
  readonly profile?: string;
}

/** The far end's answer. */
export interface SendMessageResult {
  readonly status: number;
  readonly reason: string;
  /** The addressee's URI. */
  readonly to: string;
}

/** A conversation without a message for this long no longer counts against im_max_sessions. */
const SESSION_IDLE_MS = 30 * 60_000;

const textDecoder = new TextDecoder('utf-8', { fatal: false });

const paramOf = (value: string | undefined, name: string): string | undefined => {
  if (value === undefined) return undefined;
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(value);
  return m === null ? undefined : (m[1]?.replace(/\\(.)/g, '$1') ?? m[2]);
};

export class MessagingService {
  readonly #host: MessagingHost;
  /** Peer URI to the time of its last message, either way. */
  readonly #sessions = new Map<string, number>();
  #saved = 0;

  constructor(host: MessagingHost) {
    this.#host = host;
    const core = host.ua.core;
    core.delegate = { ...core.delegate, onMessage: (tx) => void this.#receive(tx) };
  }

  /** Conversations active now (a message within the last 30 minutes). */
  get sessionCount(): number {
    this.#expire();
    return this.#sessions.size;
  }

  #expire(): void {
    const now = this.#host.now();
    for (const [peer, at] of this.#sessions) if (now - at > SESSION_IDLE_MS) this.#sessions.delete(peer);
  }

  /** Sends a MESSAGE; resolves with the final response (2xx: delivered to the far end's UA or server). */
  async send(
    destination: string,
    text: string,
    options: SendMessageOptions = {},
  ): Promise<SendMessageResult> {
    const profile = this.#host.profiles.get(options.profile);
    const out = outgoingRequest(profile, destination, {
      ...(options.subject === undefined ? {} : { subject: options.subject }),
      ...(options.display === undefined ? {} : { display: options.display }),
    });
    const headers: { name: string; value: string }[] = out.headers.map(([name, value]) => ({ name, value }));
    const proxy = profile.proxyUri;
    if (proxy !== undefined) headers.push({ name: 'Route', value: `<${proxy};lr>` });
    let body: Uint8Array;
    let contentType: string;
    if (options.file !== undefined) {
      const data = await readFile(options.file).catch((e: Error) => {
        throw new PhoneError('bad-argument', `cannot read ${options.file}: ${e.message}`);
      });
      const file = {
        name: basename(options.file),
        type: mimeTypeOf(options.file),
        data: new Uint8Array(data),
      };
      if (text === '') {
        body = file.data;
        contentType = file.type;
        headers.push({
          name: 'Content-Disposition',
          value: `attachment; filename=${JSON.stringify(file.name)}`,
        });
      } else {
        ({ body, contentType } = multipartOf(text, file));
      }
    } else {
      if (text === '') throw new PhoneError('bad-argument', 'no text to send');
      body = new TextEncoder().encode(text);
      contentType = 'text/plain;charset=utf-8';
    }
    this.#sessions.set(out.target, this.#host.now());
    try {
      const r = await this.#host.ua.request('MESSAGE', out.target, {
        from: profile.from,
        to: out.to,
        headers,
        body,
        contentType,
      });
      return { status: r.status, reason: r.reason, to: out.target };
    } catch (error) {
      throw new PhoneError('request-failed', `MESSAGE failed: ${(error as Error).message}`);
    }
  }

  /**
   * Tells `destination` we are typing (`active`, refreshed by the caller
   * within 60 s) or stopped (`idle`): RFC 3994. Sends nothing when the
   * profile's im_send_iscomposing is off.
   */
  async composing(destination: string, state: 'active' | 'idle', profileName?: string): Promise<boolean> {
    const profile = this.#host.profiles.get(profileName);
    if (!profile.profile.imSendIscomposing) return false;
    const out = outgoingRequest(profile, destination, {});
    const body = formatIsComposing(
      state === 'active'
        ? { state, contentType: 'text/plain', refresh: 60 }
        : { state, lastActive: new Date(this.#host.now()).toISOString() },
    );
    const r = await this.#host.ua
      .request('MESSAGE', out.target, {
        from: profile.from,
        to: out.to,
        body,
        contentType: IS_COMPOSING_TYPE,
      })
      .catch(() => undefined);
    return r !== undefined && r.status >= 200 && r.status < 300;
  }

  async #receive(tx: ServerTransaction): Promise<void> {
    const req = tx.request;
    const profile = this.#host.profiles.for(req);
    const fromUri = req.from === undefined ? '' : formatUri(req.from.uri);
    const type = (req.header('content-type') ?? 'text/plain').trim();
    const mime = type.split(';')[0]!.trim().toLowerCase();
    if (mime === IS_COMPOSING_TYPE) {
      const c = parseIsComposing(req.body);
      if (c === undefined) {
        tx.respond(createResponse(req, 400, 'Bad isComposing Document'));
        return;
      }
      tx.respond(createResponse(req, 200));
      this.#host.emit({ type: 'message-composing', profile: profile.name, fromUri, state: c.state });
      return;
    }
    this.#expire();
    const max = profile.profile.imMaxSessions;
    if (!this.#sessions.has(fromUri) && this.#sessions.size >= max) {
      tx.respond(createResponse(req, 486, 'Busy Here'));
      return;
    }
    this.#sessions.set(fromUri, this.#host.now());
    let event: MessageReceivedEvent;
    try {
      event = await this.#event(req, profile.name, fromUri, type, mime);
    } catch {
      tx.respond(createResponse(req, 500, 'Cannot Store Attachment'));
      return;
    }
    tx.respond(createResponse(req, 200));
    this.#host.emit(event);
  }

  async #event(
    req: SipRequest,
    profile: string,
    fromUri: string,
    type: string,
    mime: string,
  ): Promise<MessageReceivedEvent> {
    const subject = req.header('subject')?.trim();
    const base = {
      type: 'message' as const,
      profile,
      from: req.from === undefined ? '' : formatAddress(req.from),
      fromUri,
      to: req.to === undefined ? '' : formatAddress(req.to),
      ...(subject === undefined || subject === '' ? {} : { subject }),
      contentType: type,
    };
    if (mime.startsWith('text/') && req.header('content-disposition') === undefined)
      return { ...base, text: textDecoder.decode(req.body) };
    if (mime.startsWith('multipart/')) {
      const parts = parseMultipart(paramOf(type, 'boundary') ?? '', req.body);
      if (parts.ok) {
        let text: string | undefined;
        let attachment: MessageReceivedEvent['attachment'];
        for (const part of parts.value) {
          const ptype = part.header('content-type') ?? 'text/plain';
          const disposition = part.header('content-disposition');
          if (text === undefined && ptype.toLowerCase().startsWith('text/plain') && disposition === undefined)
            text = textDecoder.decode(part.body);
          else attachment ??= await this.#save(part.body, paramOf(disposition, 'filename'));
        }
        return {
          ...base,
          ...(text === undefined ? {} : { text }),
          ...(attachment === undefined ? {} : { attachment }),
        };
      }
    }
    const filename = paramOf(req.header('content-disposition'), 'filename');
    return { ...base, attachment: await this.#save(req.body, filename) };
  }

  async #save(
    data: Uint8Array,
    name: string | undefined,
  ): Promise<{ path: string; filename: string; size: number }> {
    const dir = this.#host.attachmentDir ?? join(tmpdir(), `twinkle-im-${process.pid}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const filename = safeFilename(name);
    this.#saved += 1;
    const path = join(dir, `${this.#saved}-${filename}`);
    await writeFile(path, data, { mode: 0o600 });
    return { path, filename, size: data.length };
  }
}

/** A text part and a file part (RFC 2046 multipart/mixed). */
function multipartOf(
  text: string,
  file: { name: string; type: string; data: Uint8Array },
): { body: Uint8Array; contentType: string } {
  const boundary = `twinkle-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const enc = new TextEncoder();
  const head1 = enc.encode(`--${boundary}\r\nContent-Type: text/plain;charset=utf-8\r\n\r\n${text}\r\n`);
  const head2 = enc.encode(
    `--${boundary}\r\nContent-Type: ${file.type}\r\nContent-Disposition: attachment; filename=${JSON.stringify(file.name)}\r\n\r\n`,
  );
  const tail = enc.encode(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(head1.length + head2.length + file.data.length + tail.length);
  body.set(head1, 0);
  body.set(head2, head1.length);
  body.set(file.data, head1.length + head2.length);
  body.set(tail, head1.length + head2.length + file.data.length);
  return { body, contentType: `multipart/mixed;boundary=${boundary}` };
}

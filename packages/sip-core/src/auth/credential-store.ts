/**
 * Where credentials come from: a list of accounts matched by realm, plus an
 * optional callback that asks the user (RFC 3261 section 22.1: realms tell
 * the user which credentials to give).
 */
import type { SipRequest } from '../message/sip-message.js';

/** One account. `realm` undefined means any realm. */
export interface DigestCredential {
  readonly realm?: string;
  readonly username: string;
  readonly password: string;
}

/** What the ask callback is told. */
export interface CredentialPrompt {
  readonly realm: string;
  /** The request that was challenged. */
  readonly request: SipRequest;
  /** True when credentials for this realm were just refused (asking again). */
  readonly rejected: boolean;
}

/** Credentials: a list, plus a callback for realms the list does not cover or whose entry was refused. */
export interface CredentialStore {
  readonly credentials?: readonly DigestCredential[];
  /** Asks the user; resolves undefined when the user gives none. */
  readonly ask?: (prompt: CredentialPrompt) => Promise<{ username: string; password: string } | undefined>;
}

/**
 * The store's entry for a realm: an exact realm match (case-sensitive, as
 * realms are quoted strings compared as such) before a wildcard entry.
 */
export function findCredential(
  store: CredentialStore,
  realm: string,
): { username: string; password: string } | undefined {
  const list = store.credentials ?? [];
  return list.find((c) => c.realm === realm) ?? list.find((c) => c.realm === undefined);
}

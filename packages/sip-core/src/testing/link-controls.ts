/**
 * Per-direction fault injection for the loop network: drop, delay,
 * duplicate, reorder and fail rules, each applying to the next N messages,
 * to messages matching a predicate, or with a probability (seeded RNG).
 */
import type { SipMessage } from '../message/sip-message.js';
import type { TransportError } from '../transport/types.js';

/** Chooses the messages a rule applies to. */
export type MessagePredicate = (message: SipMessage) => boolean;

/**
 * Which messages a rule takes. Without `where` or `probability` a rule takes
 * the next `count` messages (default 1); with either, it applies to every
 * message that qualifies until `count` (default unlimited) is used up.
 */
export interface RuleOptions {
  readonly count?: number;
  readonly where?: MessagePredicate;
  /** Chance in [0, 1] that a qualifying message is taken, drawn from the network's seeded RNG. */
  readonly probability?: number;
}

export type RuleKind = 'drop' | 'delay' | 'duplicate' | 'reorder' | 'fail';

/** @internal One active rule. */
export interface Rule {
  readonly kind: RuleKind;
  remaining: number;
  readonly where: MessagePredicate | undefined;
  readonly probability: number | undefined;
  /** delay: extra milliseconds; duplicate: extra copies; reorder: longest hold in ms. */
  readonly amount: number;
  readonly code: TransportError['code'];
}

/** What the rules decided for one message. */
export interface Verdict {
  fail: TransportError['code'] | undefined;
  drop: boolean;
  extraDelay: number;
  extraCopies: number;
  /** Hold until the next message on the link passes (at most this many ms), else undefined. */
  holdMs: number | undefined;
}

/** The controls of one direction between two endpoints (or a wildcard). */
export class LinkControls {
  #rules: Rule[] = [];
  #latency = 0;
  readonly #random: () => number;

  /** @internal Made by LoopNetwork.link. */
  constructor(random: () => number) {
    this.#random = random;
  }

  /** Constant one-way delay of every message on this link, in clock milliseconds. */
  latency(ms: number): this {
    this.#latency = ms;
    return this;
  }

  /** Loses messages. */
  drop(options: RuleOptions = {}): this {
    return this.#add('drop', options, 0);
  }

  /** Adds `ms` of delay to the messages taken. */
  delay(ms: number, options: RuleOptions = {}): this {
    return this.#add('delay', options, ms);
  }

  /** Delivers the messages taken `copies` more times (default once more). */
  duplicate(options: RuleOptions & { readonly copies?: number } = {}): this {
    return this.#add('duplicate', options, options.copies ?? 1);
  }

  /**
   * Holds the messages taken until the next message on this link has been
   * delivered (so the two arrive swapped), or at most `maxHoldMs` (default 1000).
   */
  reorder(options: RuleOptions & { readonly maxHoldMs?: number } = {}): this {
    return this.#add('reorder', options, options.maxHoldMs ?? 1000);
  }

  /** Makes the send itself fail (the promise rejects with a TransportError of `code`, default unreachable). */
  fail(options: RuleOptions & { readonly code?: TransportError['code'] } = {}): this {
    return this.#add('fail', options, 0, options.code ?? 'unreachable');
  }

  /** Removes every rule (latency stays). */
  clear(): this {
    this.#rules = [];
    return this;
  }

  /** How many rules are still active. */
  get activeRules(): number {
    return this.#rules.length;
  }

  #add(kind: RuleKind, o: RuleOptions, amount: number, code: TransportError['code'] = 'unreachable'): this {
    const open = o.where !== undefined || o.probability !== undefined;
    const remaining = o.count ?? (open ? Number.POSITIVE_INFINITY : 1);
    this.#rules.push({ kind, remaining, where: o.where, probability: o.probability, amount, code });
    return this;
  }

  /** @internal Applies the rules to one message, using up counts. */
  judge(message: SipMessage, verdict: Verdict): void {
    verdict.extraDelay += this.#latency;
    for (const rule of this.#rules) {
      if (rule.remaining <= 0) continue;
      if (rule.where !== undefined && !rule.where(message)) continue;
      if (rule.probability !== undefined && !(this.#random() < rule.probability)) continue;
      rule.remaining--;
      switch (rule.kind) {
        case 'fail':
          verdict.fail ??= rule.code;
          break;
        case 'drop':
          verdict.drop = true;
          break;
        case 'delay':
          verdict.extraDelay += rule.amount;
          break;
        case 'duplicate':
          verdict.extraCopies += rule.amount;
          break;
        case 'reorder':
          verdict.holdMs = rule.amount;
          break;
      }
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
  }
}

/**
 * How the phone says goodbye (Twinkle's `quit`): BYE for answered calls,
 * CANCEL for outgoing ones still ringing, 480 for incoming ones, and a
 * REGISTER with expires 0 for every profile, all at once and bounded in time.
 */
import type { Call } from './call.js';
import type { ProfileState } from './profile-state.js';

/** How long the sockets stay after rejecting a ringing call, ms. */
const LINGER_AFTER_REJECT_MS = 200;

/**
 * Ends calls and removes bindings politely; resolves when all is done or
 * `limitMs` passed, whichever comes first. Closing is the caller's part.
 */
export async function sayGoodbye(
  calls: readonly Call[],
  profiles: readonly ProfileState[],
  limitMs: number,
): Promise<void> {
  const polite = async () => {
    const rejected = calls.some((c) => c.direction === 'in' && !c.answered);
    await Promise.all(
      calls.map(async (c) => {
        await c.end(480);
        await c.session.ended();
      }),
    );
    await Promise.all(profiles.map((p) => p.unregister().catch(() => undefined)));
    // Nobody acknowledges a rejection to us: keep the socket a moment so that the final
    // response leaves and a retransmitted INVITE still finds its transaction (RFC 3261 17.2.1).
    if (rejected) await new Promise((r) => setTimeout(r, LINGER_AFTER_REJECT_MS));
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    polite(),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Runs `redirect` and `follow`: redirecting the ringing call, the call
 * forwarding services of the active profile (kept in the console's service
 * state and saved to `<profile>.svc` as cf_always, cf_busy, cf_noanswer),
 * and the answer to a redirection question of the engine.
 */
import type { ForwardingKind, RedirectCommand } from '../commands/redirect-command.js';
import type { CommandResult } from '../remote/protocol.js';
import type { ExecuteContext, ServiceState } from './execute.js';

/** The service state's list of a forwarding kind. */
const KEY = { always: 'cfAlways', busy: 'cfBusy', noanswer: 'cfNoanswer' } as const;
/** The engine's name of a forwarding kind. */
const ENGINE = { always: 'always', busy: 'busy', noanswer: 'noAnswer' } as const;
const LABEL: Readonly<Record<ForwardingKind, string>> = {
  always: 'Redirect always',
  busy: 'Redirect busy',
  noanswer: 'Redirect no answer',
};

const result = (
  command: string,
  ok: boolean,
  message: string,
  data?: Record<string, unknown>,
): CommandResult => ({
  type: 'result',
  command,
  ok,
  message,
  ...(data === undefined ? {} : { data }),
});

function stateOf(ctx: ExecuteContext): ServiceState {
  const name = ctx.phone.activeProfile;
  let s = ctx.services.get(name);
  if (!s) {
    s = { dnd: false, autoAnswer: false };
    ctx.services.set(name, s);
  }
  return s;
}

/** The forwarding services as text and data. */
function showForwarding(state: ServiceState): CommandResult {
  const data: Record<string, string[]> = {};
  const lines = (Object.keys(KEY) as ForwardingKind[]).map((k) => {
    const list = [...(state[KEY[k]] ?? [])];
    data[k] = list;
    return `${LABEL[k]}: ${list.length === 0 ? 'not active' : list.join(', ')}`;
  });
  return result('redirect', true, lines.join('\n'), data);
}

export async function runRedirect(cmd: RedirectCommand, ctx: ExecuteContext): Promise<CommandResult> {
  const phone = ctx.phone;
  if (cmd.name === 'follow') {
    const line = phone.answerRedirect(cmd.accept);
    return line === undefined
      ? result('follow', true, 'Redirection declined.', { accepted: false })
      : result('follow', true, `Line ${line}: following the redirection.`, { accepted: true, line });
  }
  const state = stateOf(ctx);
  if (cmd.show && cmd.type === undefined && cmd.destinations.length === 0) return showForwarding(state);
  if (cmd.type !== undefined) {
    const list = cmd.enable ? [...cmd.destinations] : [];
    phone.setForwarding(ENGINE[cmd.type], list); // refuses what is no address before anything is saved
    state[KEY[cmd.type]] = list;
    await ctx.saveServices?.(phone.activeProfile, state);
    if (cmd.show) return showForwarding(state);
    return result(
      'redirect',
      true,
      cmd.enable ? `${LABEL[cmd.type]} to ${list.join(', ')}.` : `${LABEL[cmd.type]} turned off.`,
      { type: cmd.type, destinations: list },
    );
  }
  const line = phone.activeLine;
  const contacts = phone.redirect(cmd.destinations);
  return result('redirect', true, `Line ${line}: call redirected to ${cmd.destinations.join(', ')}.`, {
    line,
    contacts: [...contacts],
  });
}

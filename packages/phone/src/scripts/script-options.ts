/** How the phone runs the profile's scripts. */
export interface ScriptOptions {
  /** How long the incoming-call script may take before it is killed and the call rings (ms, default 5000). */
  readonly timeoutMs?: number;
  /** How long the other scripts, which the phone does not wait for, may live (ms, default 60000). */
  readonly notifyTimeoutMs?: number;
  /** The environment scripts start from (default the phone's own, as Twinkle passes it on). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_SCRIPT_TIMEOUT_MS = 5000;
export const DEFAULT_NOTIFY_TIMEOUT_MS = 60000;

export { CallScripts, type ScreenOutcome } from './call-scripts.js';
export { type IncomingScreen, lookupCallerName } from './incoming-screen.js';
export { splitCommand } from './script-command.js';
export {
  buildScriptEnv,
  headerVariable,
  partyOf,
  type ScriptContext,
  type ScriptMessage,
  type ScriptParty,
  scriptMessageOf,
} from './script-env.js';
export {
  DEFAULT_NOTIFY_TIMEOUT_MS,
  DEFAULT_SCRIPT_TIMEOUT_MS,
  type ScriptOptions,
} from './script-options.js';
export {
  CONTINUE,
  MAX_REASON_LENGTH,
  parseScriptOutput,
  type ScriptAction,
  type ScriptResult,
} from './script-output.js';
export {
  MAX_SCRIPT_OUTPUT,
  type RunningScript,
  type ScriptOutcome,
  type ScriptRunOptions,
  startScript,
} from './script-runner.js';
export { type ScriptTrigger, scriptCommandOf, TRIGGER_KEYS } from './script-trigger.js';

/**
 * The console's pieces for programs that drive or embed it: the command
 * language (parse a Twinkle console line into a typed command) and the
 * remote-control client of a running `twinkle`.
 */
export { COMMANDS, type CommandSpec, type OptionKind } from './commands/command-table.js';
export type {
  Command,
  CommandError,
  CommandName,
  ParseResult,
  SwitchCommand,
} from './commands/command-types.js';
export { helpCommand, helpList } from './commands/help.js';
export { type Completion, completeCommand, dtmfKeys, parseCommand } from './commands/parse-command.js';
export { type TokenizeResult, tokenize } from './commands/tokenize.js';
export type { CommandResult, RemoteRequest } from './remote/protocol.js';
export { type RemoteOutcome, sendRemoteCommand } from './remote/remote-client.js';
export { type RemoteHandler, type RemoteServer, startRemoteServer } from './remote/remote-server.js';
export { socketPath } from './remote/socket-path.js';

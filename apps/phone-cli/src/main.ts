#!/usr/bin/env node
import { runCli } from './cli.js';

const args = process.argv.slice(2);
// `pnpm twinkle -- ARGS` hands the `--` through; it is not an argument of ours.
if (args[0] === '--') args.shift();

const code = await runCli(args, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// The console phone leaves stdin and timers behind; stdout and stderr are synchronous on Linux pipes and files.
process.exit(code);

#!/usr/bin/env node
/**
 * The `tenuo` command line: `inspect` decodes a warrant or chain, `verify`
 * checks one against trusted roots. `run()` is the whole program as a
 * function (tests call it in-process); the bottom of the file runs it when
 * this module is the script node was started with.
 *
 * Exit codes: 0 success, 1 the input is not a valid warrant / chain (any
 * TenuoError), 2 usage error or unexpected failure (one line, no stack).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { TenuoError } from '../errors.js';
import { describeTenuoError, ExitCode, oneLine, UsageError, type CliContext, type CliIo } from './common.js';
import { registerDemo } from './demo.js';
import { registerInspect } from './inspect.js';
import { registerVerify } from './verify.js';

export type { CliIo, CliWriter } from './common.js';
export { ExitCode } from './common.js';

function packageVersion(): string {
  try {
    // src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function buildProgram(ctx: CliContext): Command {
  const { io } = ctx;
  const program = new Command('tenuo');
  program
    .description('Inspect and verify Tenuo capability warrants offline.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Settings made before .command() are inherited by the subcommands.
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
    })
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nExit codes: 0 success, 1 not a valid warrant / chain, 2 usage error.\nRun "tenuo help <command>" for the inputs each command takes.');
  registerInspect(program, ctx);
  registerVerify(program, ctx);
  registerDemo(program, ctx);
  return program;
}

/**
 * Runs the CLI on `argv` (the user arguments, without node and the script
 * path, e.g. `['inspect', '-']`) and resolves to the exit code. Never throws
 * and never calls process.exit.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: ExitCode.Ok };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    // Commander has already printed its message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${oneLine(error.message)}\n`);
      return ExitCode.Usage;
    }
    if (error instanceof TenuoError) {
      io.stderr.write(`error ${describeTenuoError(error)}\n`);
      return ExitCode.Invalid;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`error: unexpected failure: ${oneLine(message)}\n`);
    return ExitCode.Usage;
  }
}

/** True when node was started on this file, directly or through the npm bin symlink. */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  // A closed pipe (`tenuo inspect x | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.stderr.write(`error: cannot write output: ${error.code ?? error.message}\n`);
    process.exitCode ??= ExitCode.Usage;
  });
  // process.stdin is only touched when `-` is read (opening it early can hold a terminal).
  const stdin: AsyncIterable<Uint8Array | string> = { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() };
  const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin });
  process.exitCode = code;
}

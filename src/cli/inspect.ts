/**
 * `tenuo inspect`: decodes a warrant or chain and prints it as JSON. Each
 * warrant's own signature is checked while decoding; trust is not.
 */
import type { Command } from 'commander';
import { WarrantStack } from '../warrant/stack.js';
import { ExitCode, toJsonText, type CliContext } from './common.js';
import { readInput, type CliInput } from './read-input.js';

export const INSPECT_HELP = `
Input: a file (binary CBOR stack or envelope, a .tenuo file, or base64 / PEM
text), "-" for standard input, or the base64 / PEM text itself.

Decoding checks each warrant's signature against its own issuer key and the
strict encoding rules, but NOT whether the chain is trusted, linked correctly
or unexpired: use "tenuo verify --root <key>" for that.

Prints {"warrants": [...]} (root first). Exit codes: 0 decoded, 1 not a valid
warrant (error <code> <kind>: <message> on stderr), 2 usage error.`;

/** Decodes the input as a WarrantStack (a lone warrant becomes a one-element stack). */
export function decodeStack(input: CliInput): WarrantStack {
  return input.kind === 'bytes' ? WarrantStack.fromBytes(input.bytes) : WarrantStack.fromBase64(input.text);
}

export function registerInspect(program: Command, ctx: CliContext): void {
  program
    .command('inspect')
    .description('decode a warrant or warrant chain and print it as JSON (signatures checked, trust not)')
    .argument('<input>', 'file path, base64 or PEM text, or "-" for stdin')
    .addHelpText('after', INSPECT_HELP)
    .action(async (arg: string) => {
      // A TenuoError propagates to run(): "error <code> <kind>: <message>", exit 1.
      const stack = decodeStack(await readInput(arg, ctx.io));
      ctx.io.stdout.write(`${toJsonText({ warrants: stack.warrants.map((w) => w.toJSON()) })}\n`);
      ctx.exitCode = ExitCode.Ok;
    });
}

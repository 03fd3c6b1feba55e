/**
 * `tenuo verify`: verifies a delegation chain offline against trusted roots
 * with the Authorizer (signatures, trust anchor, link rules, time rules).
 */
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { Authorizer, type VerifiedChain } from '../authorizer/authorizer.js';
import { MAX_TRUSTED_ROOTS } from '../authorizer/builder.js';
import { PublicKey } from '../crypto/keys.js';
import { TenuoError } from '../errors.js';
import { describeTenuoError, ExitCode, shown, toJsonText, UsageError, type CliContext } from './common.js';
import { readInput } from './read-input.js';

export const VERIFY_HELP = `
--root takes a 64-hex-digit Ed25519 public key or the path of an SPKI PEM file
(-----BEGIN PUBLIC KEY-----); give it once per trusted root.

Input: a file (binary CBOR stack or envelope, a .tenuo file, or base64 / PEM
text), "-" for standard input, or the base64 / PEM text itself.

Exit codes: 0 the chain is valid; 1 it is not ("invalid: <code> <kind>:
<message>" on stderr, or {"valid": false, ...} on stdout with --json);
2 usage error (no or bad --root, bad --at / --tolerance, unreadable input).`;

interface VerifyCommandOptions {
  root?: string[];
  at?: string;
  tolerance?: string;
  json?: boolean;
}

const MAX_ROOT_FILE_BYTES = 64 * 1024;
const MAX_TOLERANCE_SECONDS = 3600;

/** How a --root value is named in messages; hex is never echoed (it could be a secret seed). */
function rootLabel(value: string, index: number): string {
  return /^[0-9a-fA-F\s]*$/.test(value) ? `--root #${index + 1}` : `--root ${shown(value)}`;
}

/** A 64-hex-digit key, or the path of an SPKI PEM file. */
export function parseRoot(value: string, index: number): PublicKey {
  const label = rootLabel(value, index);
  const reason = (error: unknown) => (error instanceof TenuoError ? error.message : 'invalid');
  if (/^[0-9a-fA-F]{64}$/.test(value.trim())) {
    try {
      return PublicKey.fromHex(value.trim());
    } catch (error) {
      throw new UsageError(`bad ${label}: ${reason(error)}`);
    }
  }
  let text: string;
  try {
    const stats = statSync(value);
    if (!stats.isFile()) throw new UsageError(`bad ${label}: not a file`);
    if (stats.size > MAX_ROOT_FILE_BYTES) throw new UsageError(`bad ${label}: file too large for a public key`);
    text = readFileSync(value, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`bad ${label}: neither 64 hex digits nor a readable PEM file`);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new UsageError(`bad ${label}: the file holds a private key; pass the public key instead`);
  }
  try {
    return PublicKey.fromPem(text);
  } catch (error) {
    throw new UsageError(`bad ${label}: ${reason(error)}`);
  }
}

/** A non-negative integer option (`--at`, `--tolerance`). */
export function parseSeconds(value: string | undefined, option: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    throw new UsageError(`${option} must be a non-negative integer number of seconds${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, got ${shown(value)}`);
  }
  return n;
}

function isoTime(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function summary(result: VerifiedChain): string {
  const leaf = result.leaf;
  const iso = isoTime(leaf.expiresAt);
  const tools = leaf.toolNames.length > 0 ? leaf.toolNames.join(', ') : '(none)';
  return [
    `valid: ${leaf.id}`,
    `  chain length: ${result.chainLength} (leaf depth ${result.leafDepth})`,
    `  root issuer:  ${result.rootIssuer.toHex()}`,
    `  leaf holder:  ${leaf.holder.toHex()}`,
    `  leaf type:    ${leaf.type}`,
    `  tools:        ${tools}`,
    `  expires:      ${iso ? `${iso} (${leaf.expiresAt})` : leaf.expiresAt}`,
    '',
  ].join('\n');
}

function validJson(result: VerifiedChain): Record<string, unknown> {
  return {
    valid: true,
    leaf: result.leaf.toJSON(),
    chainLength: result.chainLength,
    leafDepth: result.leafDepth,
    rootIssuer: result.rootIssuer.toHex(),
    expiresAt: result.leaf.expiresAt,
    links: result.links.map((l) => ({ warrantId: l.warrantId, depth: l.depth, issuer: l.issuer.toHex(), holder: l.holder.toHex() })),
  };
}

function invalidJson(error: TenuoError): Record<string, unknown> {
  const index = error.details['index'];
  return { valid: false, code: error.code, kind: error.kind, message: error.message, ...(typeof index === 'number' ? { index } : {}) };
}

function buildAuthorizer(roots: PublicKey[], tolerance: number | undefined): Authorizer {
  if (roots.length === 0) throw new UsageError('verify needs at least one --root <hex|pem-file>');
  if (roots.length > MAX_TRUSTED_ROOTS) throw new UsageError(`at most ${MAX_TRUSTED_ROOTS} --root keys`);
  const builder = Authorizer.builder().trustedRoots(roots);
  if (tolerance !== undefined) builder.clockTolerance(tolerance);
  return builder.build();
}

export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('verify a warrant chain against trusted root keys (signatures, links, expiry)')
    .argument('<input>', 'file path, base64 or PEM text, or "-" for stdin')
    .option('--root <key>', 'trusted root: 64 hex digits or an SPKI PEM file (repeatable)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--at <unix-seconds>', 'verify as of this time instead of now')
    .option('--tolerance <seconds>', `clock tolerance for the time rules (default 30, at most ${MAX_TOLERANCE_SECONDS})`)
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText('after', VERIFY_HELP)
    .action(async (arg: string, options: VerifyCommandOptions) => {
      const roots = (options.root ?? []).map((value, i) => parseRoot(value, i));
      const at = parseSeconds(options.at, '--at');
      const tolerance = parseSeconds(options.tolerance, '--tolerance', MAX_TOLERANCE_SECONDS);
      const authorizer = buildAuthorizer(roots, tolerance);
      const { io } = ctx;
      let result: VerifiedChain;
      try {
        const input = await readInput(arg, io);
        result = authorizer.verifyChain(input.kind === 'bytes' ? input.bytes : input.text, at === undefined ? {} : { now: at });
      } catch (error) {
        if (!(error instanceof TenuoError)) throw error;
        if (options.json) io.stdout.write(`${toJsonText(invalidJson(error))}\n`);
        else io.stderr.write(`invalid: ${describeTenuoError(error)}\n`);
        ctx.exitCode = ExitCode.Invalid;
        return;
      }
      io.stdout.write(options.json ? `${toJsonText(validJson(result))}\n` : summary(result));
      ctx.exitCode = ExitCode.Ok;
    });
}

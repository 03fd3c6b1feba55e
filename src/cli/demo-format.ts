/**
 * Presentation helpers of `tenuo demo`: colours (only on a TTY, never with
 * NO_COLOR), key fingerprints, numbers, tool summaries and decision lines.
 */
import type { BatchResult } from '../authorizer/authorizer.js';
import type { Constraint } from '../constraints/base.js';
import type { PublicKey } from '../crypto/keys.js';
import type { Warrant } from '../warrant/warrant.js';

/** Where the demo writes: process.stdout, or a capture in tests. */
export interface DemoWriter {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
}

/** Colour only on a terminal, and not when NO_COLOR is set to a non-empty value (no-color.org). */
export function wantsColor(out: DemoWriter, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env['NO_COLOR'];
  return out.isTTY === true && (noColor === undefined || noColor === '');
}

export function makeStyle(color: boolean): Style {
  const sgr = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), red: sgr(31, 39), cyan: sgr(36, 39), yellow: sgr(33, 39) };
}

/** Visible length (without colour codes), for padding. */
export function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleLength(s))) + s;
}

/** A short key fingerprint: the first 8 hex digits of the Ed25519 public key. */
export function fingerprint(key: PublicKey): string {
  return `ed25519:${key.toHex().slice(0, 8)}`;
}

/** 20000 → "20,000" (fixed locale, so the output does not depend on the machine). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function fixed(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function seconds(ms: number): string {
  return ms >= 1000 ? `${fixed(ms / 1000, 2)} s` : `${fixed(ms, 0)} ms`;
}

/** "in 60 min (15:04:05 UTC)" relative to `now` (Unix seconds). */
export function expiresIn(expiresAt: number, now: number, clock = true): string {
  const left = expiresAt - now;
  const rel = left >= 120 ? `in ${Math.round(left / 60)} min` : `in ${left} s`;
  return clock ? `${rel} (${new Date(expiresAt * 1000).toISOString().slice(11, 19)} UTC)` : rel;
}

function describeConstraint(c: Constraint): string {
  const pattern = (c as { pattern?: unknown }).pattern;
  return typeof pattern === 'string' ? `${c.typeName}('${pattern}')` : c.typeName;
}

/** `read_file {file_path: Pattern('/data/*')}` for each tool of a warrant. */
export function toolLines(warrant: Warrant): string[] {
  return [...warrant.tools].map(([name, set]) => {
    const args = [...set.constraints].map(([arg, c]) => `${arg}: ${describeConstraint(c)}`);
    return args.length > 0 ? `${name} {${args.join(', ')}}` : `${name} (any arguments)`;
  });
}

/** A long value cut to `head…tail (N chars)`. */
export function truncated(text: string, head = 48, tail = 12): string {
  if (text.length <= head + tail + 1) return text;
  return `${text.slice(0, head)}…${text.slice(-tail)}`;
}

/** The argument values of a call, as shown on a decision line. */
export function argText(args: Readonly<Record<string, unknown>>): string {
  const values = Object.values(args).map((v) => String(v));
  return values.length > 0 ? values.join(', ') : '(no arguments)';
}

export const TOOL_COLUMN = 11;
export const ARG_COLUMN = 29;

/** One line per decision: mark, tool, argument, and the checks passed or `code kind: message`. */
export function decisionLine(style: Style, tool: string, args: Readonly<Record<string, unknown>>, result: BatchResult): string {
  const mark = result.ok ? style.green('✔') : style.red('✘');
  const reason = result.ok ? `${style.green('allowed')}: ${style.dim(`passed ${result.checks.join(' → ')}`)}` : `${style.red(`${result.code} ${result.kind}`)}: ${result.message}`;
  return `${mark} ${padEnd(style.bold(tool), TOOL_COLUMN)} ${padEnd(argText(args), ARG_COLUMN)} ${reason}`;
}

/** What a result was expected to be, for the self-check. */
export type Expected = { allow: true } | { deny: number };

export function matches(expected: Expected, result: BatchResult): boolean {
  return 'allow' in expected ? result.ok : !result.ok && result.code === expected.deny;
}

export function describeExpected(expected: Expected): string {
  return 'allow' in expected ? 'allowed' : `denied with ${expected.deny}`;
}

export function describeResult(result: BatchResult): string {
  return result.ok ? 'allowed' : `denied with ${result.code} ${result.kind}`;
}

/** A two-column table with right-aligned values. */
export function table(style: Style, rows: ReadonlyArray<readonly [string, string, string?]>, indent = '   '): string {
  const keyWidth = Math.max(...rows.map(([k]) => visibleLength(k)));
  const valueWidth = Math.max(...rows.map(([, v]) => visibleLength(v)));
  const noteWidth = Math.max(0, ...rows.map(([, , note]) => (note ? visibleLength(note) + 2 : 0)));
  const rule = style.dim('─'.repeat(keyWidth + valueWidth + 4 + noteWidth));
  const body = rows.map(([k, v, note]) => `${indent}${padEnd(k, keyWidth)}    ${padStart(style.bold(v), valueWidth)}${note ? `  ${style.dim(note)}` : ''}`);
  return [`${indent}${rule}`, ...body, `${indent}${rule}`].join('\n');
}

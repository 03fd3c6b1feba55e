/**
 * Shared pieces of the `tenuo` command line: the I/O it writes to, its exit
 * codes, and how outcomes are reported.
 */
import { TenuoError } from '../errors.js';

/** Something text can be written to (process.stdout, or a capture in tests). */
export interface CliWriter {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** Read for the `-` input; without it, `-` is a usage error. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

export const ExitCode = {
  /** Success (or a valid chain). */
  Ok: 0,
  /** The input is not a valid warrant / the chain does not verify. */
  Invalid: 1,
  /** Bad command line, unreadable file, or an unexpected failure. */
  Usage: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem with how the command was invoked (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `<code> <kind>: <message>` on one line. */
export function describeTenuoError(error: TenuoError): string {
  return `${error.code} ${error.kind}: ${oneLine(error.message)}`;
}

/** The first line of a message, so no stack or multi-line dump reaches the terminal. */
export function oneLine(message: string): string {
  const first = message.split(/\r?\n/, 1)[0] ?? '';
  return first.trim() === '' ? 'unknown error' : first;
}

/**
 * JSON of decoded warrants: 64-bit integers outside the double range become
 * strings, non-finite floats their names (plain JSON would print null).
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      return v;
    },
    2,
  );
}

/** A user-supplied value shortened for messages. */
export function shown(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** What a subcommand gets: the I/O, and where it leaves its exit code. */
export interface CliContext {
  io: CliIo;
  exitCode: ExitCodeValue;
}

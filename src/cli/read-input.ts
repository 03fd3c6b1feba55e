/**
 * Turns the `<file|base64|->` argument into what the decoders take: raw bytes
 * (CBOR stack, lone envelope, `.tenuo` file) or text (base64 or PEM).
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { ErrorCode, TenuoError } from '../errors.js';
import { MAX_STACK_SIZE } from '../warrant/envelope.js';
import { shown, UsageError, type CliIo } from './common.js';

export type CliInput = { kind: 'bytes'; bytes: Uint8Array; source: string } | { kind: 'text'; text: string; source: string };

/**
 * Largest input read: a maximal stack as PEM (base64 is 4/3 the size, plus
 * line breaks) with room to spare. Anything larger cannot be a valid chain.
 */
export const MAX_INPUT_BYTES = 2 * MAX_STACK_SIZE;

const TEXT = new TextDecoder();

function tooLarge(source: string): never {
  throw new TenuoError(ErrorCode.ChainTooLarge, `${source} exceeds ${MAX_INPUT_BYTES} bytes; no warrant chain is that large`);
}

/** True when every byte is printable ASCII or whitespace: base64 / PEM text, never CBOR. */
function isText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (!(b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b <= 0x7e))) return false;
  }
  return true;
}

function classify(bytes: Uint8Array, source: string): CliInput {
  // A UTF-8 byte-order mark in front of text is dropped.
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (isText(body)) return { kind: 'text', text: TEXT.decode(body), source };
  return { kind: 'bytes', bytes, source };
}

async function readStdin(io: CliIo): Promise<CliInput> {
  if (!io.stdin) throw new UsageError('"-" reads standard input, but none is available');
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.length;
    if (total > MAX_INPUT_BYTES) tooLarge('standard input');
    chunks.push(bytes);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return classify(all, 'standard input');
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function readFile(path: string, stats: Stats): CliInput {
  if (stats.isDirectory()) throw new UsageError(`cannot read ${shown(path)}: it is a directory`);
  if (stats.isFile() && stats.size > MAX_INPUT_BYTES) tooLarge(`file ${shown(path)}`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UsageError(`cannot read ${shown(path)}: ${errnoCode(error) ?? 'read failed'}`);
  }
  if (bytes.length > MAX_INPUT_BYTES) tooLarge(`file ${shown(path)}`);
  return classify(bytes, `file ${shown(path)}`);
}

/**
 * Whether an argument that names no file is meant as a token: PEM text, or
 * URL-safe base64 (the only alphabet warrants use), whitespace allowed.
 * Anything else (`./chain.tenuo`, `/tmp/x.pem`) is taken as a missing file.
 */
function looksLikeToken(arg: string): boolean {
  return arg.includes('-----BEGIN ') || /^[A-Za-z0-9_-]+$/.test(arg.replace(/\s+/g, ''));
}

/** `-` = standard input; an existing path = its contents; otherwise the argument itself as base64/PEM. */
export async function readInput(arg: string, io: CliIo): Promise<CliInput> {
  if (arg === '-') return readStdin(io);
  if (arg.trim() === '') throw new UsageError('the input argument is empty');
  let stats: Stats | undefined;
  if (!arg.includes('\n') && !arg.includes('\0')) {
    try {
      stats = statSync(arg);
    } catch (error) {
      const code = errnoCode(error);
      // ENOENT / ENAMETOOLONG / ENOTDIR: not a path; anything else means a file we may not read.
      if (code === 'EACCES' || code === 'EPERM' || code === 'ELOOP') throw new UsageError(`cannot read ${shown(arg)}: ${code}`);
    }
  }
  if (stats) return readFile(arg, stats);
  if (looksLikeToken(arg)) return { kind: 'text', text: arg, source: 'argument' };
  throw new UsageError(`cannot read ${shown(arg)}: no such file (nor is it base64 or PEM text)`);
}

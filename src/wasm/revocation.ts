/**
 * Glue to the revoked-id set in WASM (assembly/revocation). Ids are loaded
 * from the list's `tnu_wrt_<32 lowercase hex>` strings; any other spelling can
 * never equal a warrant id (the reference matches the exact string), so it is
 * not loaded.
 */
import { ErrorCode, TenuoError } from '../errors.js';
import { wasm, type TenuoWasmExports } from './module.js';

interface RevocationExports extends TenuoWasmExports {
  srlReset(count: number): number;
  srlInsert(ptr: number, count: number): number;
  srlContains(ptr: number): number;
  srlCount(): number;
}

const PREFIX = 'tnu_wrt_';
/** Lowercase hex digit values by char code; -1 elsewhere (upper case never matches, as in the reference). */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;

/** Writes the 16 id bytes of `tnu_wrt_<32 lowercase hex>` at `out[at]`; false for any other text. */
function parseId(text: string, out: Uint8Array, at: number): boolean {
  if (text.length !== 40 || !text.startsWith(PREFIX)) return false;
  for (let i = 0; i < 16; i++) {
    const hi = text.charCodeAt(8 + i * 2);
    const lo = text.charCodeAt(9 + i * 2);
    const h = hi < 128 ? (NIBBLE[hi] as number) : -1;
    const l = lo < 128 ? (NIBBLE[lo] as number) : -1;
    if (h < 0 || l < 0) return false;
    out[at + i] = (h << 4) | l;
  }
  return true;
}

/** Replaces the WASM set with `ids`; returns how many could match a warrant id. */
export function loadRevokedIds(ids: readonly string[]): number {
  const handle = wasm();
  const exports = handle.exports as RevocationExports;
  if (exports.srlReset(ids.length) !== 0) throw new TenuoError(ErrorCode.SRLInvalid, 'cannot size the revocation set');
  const scratch = handle.scratch();
  const batch = Math.floor(scratch.length / 16);
  let pending = 0;
  const flush = () => {
    if (pending > 0 && exports.srlInsert(handle.scratchOffset, pending) !== 0) throw new TenuoError(ErrorCode.SRLInvalid, 'cannot load the revocation set');
    pending = 0;
  };
  for (const id of ids) {
    if (!parseId(id, scratch, pending * 16)) continue;
    if (++pending === batch) flush();
  }
  flush();
  return exports.srlCount();
}

/** Is the 16-byte id in the loaded set? */
export function isRevokedId(id: Uint8Array): boolean {
  const handle = wasm();
  handle.scratch().set(id, 0);
  return (handle.exports as RevocationExports).srlContains(handle.scratchOffset) === 1;
}

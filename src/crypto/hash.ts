/**
 * SHA-256 and SHA-512 computed by the WASM core (assembly/crypto/sha*.ts).
 *
 * Input is copied into the module's scratch region. Inputs larger than the
 * region are streamed through the incremental export in scratch-sized
 * chunks, so any length works without growing WASM memory.
 */
import { wasm, type TenuoWasmExports } from '../wasm/module.js';

interface HashExports extends TenuoWasmExports {
  sha256(inPtr: number, len: number, outPtr: number): number;
  sha256Init(): number;
  sha256Update(inPtr: number, len: number): number;
  sha256Final(outPtr: number): number;
  sha512(inPtr: number, len: number, outPtr: number): number;
  sha512Init(): number;
  sha512Update(inPtr: number, len: number): number;
  sha512Final(outPtr: number): number;
}

/** Scratch layout: the digest at offset 0, input from INPUT_OFFSET on. */
const INPUT_OFFSET = 64;

function check(status: number, what: string): void {
  if (status !== 0) throw new Error(`tenuo wasm: ${what} failed with status ${status}`);
}

function digest(data: Uint8Array, bits: 256 | 512): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError('hash input must be a Uint8Array');
  const handle = wasm();
  const ex = handle.exports as HashExports;
  const base = handle.scratchOffset;
  const scratch = handle.scratch();
  const capacity = handle.scratchSize - INPUT_OFFSET;
  const one = bits === 256 ? ex.sha256 : ex.sha512;
  const name = bits === 256 ? 'sha256' : 'sha512';

  if (data.length <= capacity) {
    scratch.set(data, INPUT_OFFSET);
    check(one(base + INPUT_OFFSET, data.length, base), name);
  } else {
    const init = bits === 256 ? ex.sha256Init : ex.sha512Init;
    const update = bits === 256 ? ex.sha256Update : ex.sha512Update;
    const final = bits === 256 ? ex.sha256Final : ex.sha512Final;
    check(init(), `${name}Init`);
    for (let offset = 0; offset < data.length; offset += capacity) {
      const chunk = data.subarray(offset, Math.min(offset + capacity, data.length));
      scratch.set(chunk, INPUT_OFFSET);
      check(update(base + INPUT_OFFSET, chunk.length), `${name}Update`);
    }
    check(final(base), `${name}Final`);
  }
  return scratch.slice(0, bits / 8);
}

/** SHA-256 of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  return digest(data, 256);
}

/** SHA-512 of `data` (64 bytes). */
export function sha512(data: Uint8Array): Uint8Array {
  return digest(data, 512);
}

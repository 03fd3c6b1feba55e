/**
 * Hand-written glue to the verifier module compiled from assembly/.
 *
 * The module owns no heap (see assembly/memory.ts): callers copy input bytes
 * into one static scratch region, call an export with offsets and lengths, and
 * read results back from the same region. No per-call allocation happens on
 * either side of the boundary, which keeps WASM memory flat.
 */
import { WASM_BASE64 } from './binary.generated.js';

/** The raw exports; each module in src/ wraps the ones it needs. */
export interface TenuoWasmExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  scratchPtr(): number;
  scratchSize(): number;
  abiVersion(): number;
  [name: string]: unknown;
}

/** Must equal assembly/abi.ts. */
const EXPECTED_ABI = 1;

export interface WasmHandle {
  readonly exports: TenuoWasmExports;
  /** Offset of the scratch region inside `memory`. */
  readonly scratchOffset: number;
  readonly scratchSize: number;
  /** A view of the scratch region (re-created if memory ever grows). */
  scratch(): Uint8Array;
}

let handle: WasmHandle | undefined;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function instantiate(): WasmHandle {
  const module = new WebAssembly.Module(decodeBase64(WASM_BASE64));
  const instance = new WebAssembly.Instance(module, {
    env: {
      abort(): never {
        throw new Error('tenuo wasm: abort');
      },
    },
  });
  const exports = instance.exports as unknown as TenuoWasmExports;
  if (exports.abiVersion() !== EXPECTED_ABI) {
    throw new Error(`tenuo wasm: ABI ${exports.abiVersion()} but glue expects ${EXPECTED_ABI}; rebuild with npm run build`);
  }
  const scratchOffset = exports.scratchPtr();
  const scratchSize = exports.scratchSize();
  let view = new Uint8Array(exports.memory.buffer, scratchOffset, scratchSize);
  return {
    exports,
    scratchOffset,
    scratchSize,
    scratch() {
      if (view.byteLength === 0) view = new Uint8Array(exports.memory.buffer, scratchOffset, scratchSize);
      return view;
    },
  };
}

/** The process-wide instance, created on first use (synchronous compile). */
export function wasm(): WasmHandle {
  handle ??= instantiate();
  return handle;
}

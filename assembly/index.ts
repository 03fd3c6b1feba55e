// Entry point of the WebAssembly module: the host glue in src/wasm/ binds to
// exactly these exports.
export { scratchPtr, scratchSize } from './memory';
export { abiVersion } from './abi';
export * from './crypto/exports';
export * from './crypto/batch-exports';
export * from './glob/exports';
export * from './chain/exports';
export * from './revocation/exports';
export * from './regex/exports';

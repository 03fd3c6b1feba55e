/**
 * Protocol limits the TS side needs for building (spec §13). The rules that
 * enforce them on payloads live once, in the WASM core (assembly/warrant).
 */
export const MAX_DELEGATION_DEPTH = 64;
export const MAX_TTL_SECONDS = 90 * 24 * 60 * 60;
export const APPROVAL_GATES_EXTENSION = 'tenuo.approval_gates';

// Decoded warrants live in a static table of fixed-size records: every field a
// check needs, as offsets into the input or small integers. The host reads the
// same table (layout mirrored in src/wasm/records.ts).

export const MAX_WARRANTS: i32 = 64;
export const RECORD_SIZE: usize = 192;
export const RECORDS: usize = memory.data(<i32>(RECORD_SIZE * <usize>MAX_WARRANTS), 16);

// Field offsets inside a record.
export const R_ENVELOPE_PTR: usize = 0;
export const R_ENVELOPE_LEN: usize = 4;
export const R_PAYLOAD_PTR: usize = 8;
export const R_PAYLOAD_LEN: usize = 12;
export const R_SIGNATURE_PTR: usize = 16;
export const R_ID_PTR: usize = 20;
export const R_TYPE: usize = 24;
export const R_TOOLS_PTR: usize = 28; // first tool-name item inside the tools map
export const R_TOOL_COUNT: usize = 32;
export const R_HOLDER_PTR: usize = 36;
export const R_ISSUER_PTR: usize = 40;
export const R_ISSUED_AT: usize = 48; // u64
export const R_EXPIRES_AT: usize = 56; // u64
export const R_MAX_DEPTH: usize = 64;
export const R_DEPTH: usize = 68;
export const R_PARENT_HASH: usize = 72; // 32 bytes, copied (it may arrive as an integer array)
export const R_FLAGS: usize = 104;
export const R_ISSUABLE_PTR: usize = 108; // first element of issuable_tools
export const R_ISSUABLE_COUNT: usize = 112;
export const R_MAX_ISSUE_DEPTH: usize = 116;
export const R_BOUNDS_PTR: usize = 120;
export const R_BOUNDS_LEN: usize = 124;
export const R_APPROVERS_PTR: usize = 128;
export const R_APPROVERS_COUNT: usize = 132;
export const R_MIN_APPROVALS: usize = 136;
export const R_CLEARANCE: usize = 140;
export const R_SESSION_PTR: usize = 144;
export const R_SESSION_LEN: usize = 148;
export const R_GATES_PTR: usize = 152;
export const R_GATES_LEN: usize = 156;

// Presence flags (R_FLAGS).
export const F_PARENT_HASH: u32 = 1;
export const F_ISSUABLE: u32 = 2;
export const F_MAX_ISSUE_DEPTH: u32 = 4;
export const F_BOUNDS: u32 = 8;
export const F_APPROVERS: u32 = 16;
export const F_MIN_APPROVALS: u32 = 32;
export const F_CLEARANCE: u32 = 64;
export const F_SESSION: u32 = 128;
export const F_GATES: u32 = 256;
export const F_EXTENSIONS: u32 = 512;

export const TYPE_EXECUTION: u32 = 0;
export const TYPE_ISSUER: u32 = 1;

@inline export function record(index: i32): usize {
  return RECORDS + <usize>index * RECORD_SIZE;
}

@inline export function getU32(rec: usize, field: usize): u32 {
  return load<u32>(rec + field);
}

@inline export function setU32(rec: usize, field: usize, value: u32): void {
  store<u32>(rec + field, value);
}

@inline export function getU64(rec: usize, field: usize): u64 {
  return load<u64>(rec + field);
}

@inline export function has(rec: usize, flag: u32): bool {
  return (load<u32>(rec + R_FLAGS) & flag) != 0;
}

export function clearRecord(rec: usize): void {
  memory.fill(rec, 0, RECORD_SIZE);
}

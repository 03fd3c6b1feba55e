// Layout of the compiler's working memory and the engine's capacity limits.
//
// Compilation needs a few hundred KiB of temporary buffers (the program being
// built, class algebra, parser stacks). They are carved out of the scratch
// region, next to the pattern the host copied there: the scratch region is the
// module's per-call working memory, and nothing in it outlives the call. Only
// the finished program is copied into static memory (cache.ts), and matching
// uses only static memory (vm.ts), so a subject may fill the scratch region.

/** Most instructions a compiled program may have (the VM's static thread lists are sized by it). */
export const MAX_INSTS: i32 = 8192;
/** Most 64-bit words of class ranges a compiled program may reference. */
export const MAX_POOL_RANGES: i32 = 12288;
/** Header words of a compiled program. */
export const PROG_HEADER_WORDS: i32 = 4;
/** Largest compiled program, in 32-bit words. */
export const MAX_PROG_WORDS: i32 = PROG_HEADER_WORDS + MAX_INSTS + 2 * MAX_POOL_RANGES;
/** Longest accepted pattern in UTF-8 bytes. */
export const MAX_PATTERN_BYTES: i32 = 64 * 1024;

/** Ranges a class under construction (all nesting levels together) may hold. */
export const CLASS_RANGES: i32 = 24 * 1024;
/** Open groups / class states beyond this are an error anyway (nest limit 250). */
export const MAX_DEPTH: i32 = 256;
/** Slots of the group-name table (a power of two). */
export const NAME_SLOTS: i32 = 8192;
/** Slots of the class de-duplication table (a power of two). */
export const DEDUP_SLOTS: i32 = 1024;
/** Bytes kept for the raw text of one `\p{...}`. */
export const RAW_BYTES: i32 = MAX_PATTERN_BYTES;

// Byte offsets of each region from the workspace base.
export const W_INSTS: usize = 0;
export const W_COSTS: usize = W_INSTS + <usize>(MAX_INSTS + 16) * 4;
export const W_POOL: usize = W_COSTS + <usize>(MAX_INSTS + 16) * 4;
export const W_DEDUP: usize = W_POOL + <usize>MAX_POOL_RANGES * 8;
export const W_ALTS: usize = W_DEDUP + <usize>DEDUP_SLOTS * 4;
export const W_FRAMES: usize = W_ALTS + <usize>MAX_INSTS * 4;
export const W_CSTATES: usize = W_FRAMES + <usize>MAX_DEPTH * 64;
export const W_CLS: usize = W_CSTATES + <usize>MAX_DEPTH * 16;
export const W_TMP: usize = W_CLS + <usize>CLASS_RANGES * 8 + 8 * MAX_DEPTH;
export const W_NAMES: usize = W_TMP + <usize>CLASS_RANGES * 8 + 16;
export const W_RAW: usize = W_NAMES + <usize>NAME_SLOTS * 8;
export const W_NORM: usize = W_RAW + <usize>RAW_BYTES;
/** Total workspace size in bytes. */
export const WORK_BYTES: usize = W_NORM + 512;

/** Base address of the workspace for the current compilation. */
export let wsBase: usize = 0;

export function setWorkspace(base: usize): void {
  wsBase = base;
}

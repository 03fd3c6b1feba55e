// The module keeps no heap: every call works in one statically reserved scratch
// region that the host writes its input into and reads results from. Memory
// therefore never grows after instantiation, however many calls are made.

// 1 MiB covers the largest input a verifier accepts (a 256 KiB warrant stack)
// with room for outputs and working buffers.
export const SCRATCH_SIZE: i32 = 1 << 20;
export const SCRATCH: usize = memory.data(SCRATCH_SIZE, 16);

/** Address of the scratch region, for the host glue. */
export function scratchPtr(): usize {
  return SCRATCH;
}

/** Size of the scratch region in bytes. */
export function scratchSize(): i32 {
  return SCRATCH_SIZE;
}

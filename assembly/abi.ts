// Bumped whenever an export's signature or the scratch layout changes, so a
// stale build/ never runs against newer glue.
export function abiVersion(): i32 {
  return 1;
}

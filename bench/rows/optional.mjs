// Rows for modules that are optional in the build (batch verification, the worker pool).
export async function optionalRows() {
  return [];
}

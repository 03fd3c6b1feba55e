/**
 * The one internal failure type of the CEL modules. Lexing, parsing and
 * evaluation throw a CelFault; the entry points (cache.ts, run.ts) turn it
 * into TenuoError 1501, so every failure denies.
 */
export class CelFault extends Error {}

export function fault(message: string): never {
  throw new CelFault(message);
}

/** Text checks shared by every place that hands a JS string to Rust-defined rules. */

const hasIsWellFormed = typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * False when `text` holds a lone UTF-16 surrogate. No Rust `&str` can hold
 * one, while UTF-8 encoders and `URL` would silently turn it into U+FFFD, so
 * such text is refused rather than matched as something else.
 */
export function isWellFormedText(text: string): boolean {
  return hasIsWellFormed ? (text as unknown as { isWellFormed(): boolean }).isWellFormed() : !LONE_SURROGATE.test(text);
}

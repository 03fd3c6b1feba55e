// Canonical-form validation of constraints, ConstraintSets and constraint
// values: each constraint body must be exactly what the reference serializer
// writes for its type (fields, order, types), and text-keyed maps must be in
// strictly increasing byte order. Cidr and UrlPattern texts are checked when
// the host builds constraint objects (one parser for each, in src/constraints).

import {
  BYTE_NULL, MAJOR_ARRAY, MAJOR_BYTES, MAJOR_MAP, MAJOR_NINT, MAJOR_TEXT, MAJOR_UINT,
  cborError, expectHead, expectName, fail, headValue, isFloatNext,
  lastLength, peekByte, peekMajor, readBool, readBytes, readFloat, readHead, readLength, readOrderedKey,
  readText, readUint, takeNull,
} from '../cbor/reader';
import { ERR_MALFORMED_CBOR, ERR_TOO_MANY_CONSTRAINTS } from '../errors';

/** All/Any/Not levels allowed inside one constraint (spec §13). */
export const MAX_CONSTRAINT_NESTING: i32 = 32;
/** Nesting of lists/objects inside one constraint value. */
const MAX_VALUE_NESTING: i32 = 64;
/** Arguments per tool (spec §13). */
export const MAX_CONSTRAINTS_PER_TOOL: u32 = 64;

const I64_MAX: u64 = 0x7fffffffffffffff;

/** Validates one ConstraintValue (text, i64, float, bool, null, list, object with ordered keys). */
function readValue(depth: i32): void {
  if (cborError != 0) return;
  if (depth > MAX_VALUE_NESTING) {
    fail(ERR_MALFORMED_CBOR);
    return;
  }
  const major = peekMajor();
  if (major == MAJOR_TEXT) {
    readText();
    return;
  }
  if (major == MAJOR_UINT || major == MAJOR_NINT) {
    // Integers must fit i64; a larger unsigned value would come back as a float.
    readHead();
    if (headValue > I64_MAX) fail(ERR_MALFORMED_CBOR);
    return;
  }
  if (major == MAJOR_ARRAY) {
    const n = readLength(MAJOR_ARRAY);
    for (let i: u32 = 0; i < n && cborError == 0; i++) readValue(depth + 1);
    return;
  }
  if (major == MAJOR_MAP) {
    const n = readLength(MAJOR_MAP);
    let prevPtr: usize = 0;
    let prevLen: u32 = 0;
    for (let i: u32 = 0; i < n && cborError == 0; i++) {
      prevPtr = readOrderedKey(prevPtr, prevLen, i == 0);
      prevLen = lastLength;
      if (cborError != 0) return;
      readValue(depth + 1);
    }
    return;
  }
  if (isFloatNext()) {
    readFloat();
    return;
  }
  const b = peekByte();
  if (b == 0xf4 || b == 0xf5) {
    readBool();
    return;
  }
  if (takeNull()) return;
  // Byte strings, undefined, other simple values: not ConstraintValues in canonical form.
  fail(ERR_MALFORMED_CBOR);
}

function readValueList(): void {
  const n = readLength(MAJOR_ARRAY);
  for (let i: u32 = 0; i < n && cborError == 0; i++) readValue(1);
}

function readTextList(): void {
  const n = readLength(MAJOR_ARRAY);
  for (let i: u32 = 0; i < n && cborError == 0; i++) readText();
}

function optionalTextList(): void {
  if (!takeNull()) readTextList();
}

/** Opens a struct body of exactly `fields` entries. */
function structOf(fields: u32): bool {
  if (!expectHead(MAJOR_MAP)) return false;
  if (headValue != <u64>fields) {
    fail(ERR_MALFORMED_CBOR);
    return false;
  }
  return true;
}

function floatOrNull(): void {
  if (!takeNull()) readFloat();
}

/** Validates one `[type_id, value]` constraint. `level` counts enclosing All/Any/Not. */
export function readConstraint(level: i32): void {
  if (cborError != 0) return;
  if (level > MAX_CONSTRAINT_NESTING) {
    fail(ERR_TOO_MANY_CONSTRAINTS);
    return;
  }
  if (readLength(MAJOR_ARRAY) != 2) {
    fail(ERR_MALFORMED_CBOR);
    return;
  }
  const typeId = <u32>readUint(255);
  if (cborError != 0) return;
  switch (typeId) {
    case 1: // Exact {value}
      if (structOf(1) && expectName('value')) readValue(1);
      return;
    case 2: // Pattern {pattern}
    case 5: // Regex {pattern}
      if (structOf(1) && expectName('pattern')) readText();
      return;
    case 3: // Range {min, max, min_inclusive, max_inclusive}
      if (!structOf(4)) return;
      if (expectName('min')) floatOrNull();
      if (expectName('max')) floatOrNull();
      if (expectName('min_inclusive')) readBool();
      if (expectName('max_inclusive')) readBool();
      return;
    case 4: // OneOf {values}
      if (structOf(1) && expectName('values')) readValueList();
      return;
    case 7: // NotOneOf {excluded}
      if (structOf(1) && expectName('excluded')) readValueList();
      return;
    case 8: // Cidr: bare text
    case 9: // UrlPattern: bare text
      readText();
      return;
    case 10: // Contains {required}
      if (structOf(1) && expectName('required')) readValueList();
      return;
    case 11: // Subset {allowed}
      if (structOf(1) && expectName('allowed')) readValueList();
      return;
    case 12: // All {constraints}
    case 13: {
      // Any {constraints}
      if (!structOf(1) || !expectName('constraints')) return;
      const n = readLength(MAJOR_ARRAY);
      for (let i: u32 = 0; i < n && cborError == 0; i++) readConstraint(level + 1);
      return;
    }
    case 14: // Not {constraint}
      if (structOf(1) && expectName('constraint')) readConstraint(level + 1);
      return;
    case 15: {
      // Cel {expression, parent_expression?}
      if (!expectHead(MAJOR_MAP)) return;
      const fields = headValue;
      if (fields != 1 && fields != 2) {
        fail(ERR_MALFORMED_CBOR);
        return;
      }
      if (expectName('expression')) readText();
      if (fields == 2 && expectName('parent_expression')) readText();
      return;
    }
    case 16: // Wildcard: null
      if (peekByte() != <u32>BYTE_NULL) fail(ERR_MALFORMED_CBOR);
      else takeNull();
      return;
    case 17: // Subpath {root, case_sensitive, allow_equal}
      if (!structOf(3)) return;
      if (expectName('root')) readText();
      if (expectName('case_sensitive')) readBool();
      if (expectName('allow_equal')) readBool();
      return;
    case 18: {
      // UrlSafe: all nine fields in declaration order
      if (!structOf(9)) return;
      if (expectName('schemes')) readTextList();
      if (expectName('allow_domains')) optionalTextList();
      if (expectName('deny_domains')) optionalTextList();
      if (expectName('allow_ports') && !takeNull()) {
        const n = readLength(MAJOR_ARRAY);
        for (let i: u32 = 0; i < n && cborError == 0; i++) readUint(0xffff);
      }
      if (expectName('block_private')) readBool();
      if (expectName('block_loopback')) readBool();
      if (expectName('block_metadata')) readBool();
      if (expectName('block_reserved')) readBool();
      if (expectName('block_internal_tlds')) readBool();
      return;
    }
    case 128: // Shlex {allow}
      if (structOf(1) && expectName('allow')) readTextList();
      return;
    default:
      // Unknown ids are kept only with an opaque byte-string value.
      if (peekMajor() != MAJOR_BYTES) fail(ERR_MALFORMED_CBOR);
      else readBytes();
  }
}

/**
 * Validates a ConstraintSet `{"constraints": {...}, "allow_unknown": true?}`.
 * Returns the number of constrained arguments.
 */
export function readConstraintSet(): u32 {
  if (!expectHead(MAJOR_MAP)) return 0;
  const fields = headValue;
  if (fields != 1 && fields != 2) {
    fail(ERR_MALFORMED_CBOR);
    return 0;
  }
  if (!expectName('constraints')) return 0;
  const n = readLength(MAJOR_MAP);
  if (n > MAX_CONSTRAINTS_PER_TOOL) {
    fail(ERR_TOO_MANY_CONSTRAINTS);
    return 0;
  }
  let prevPtr: usize = 0;
  let prevLen: u32 = 0;
  for (let i: u32 = 0; i < n && cborError == 0; i++) {
    prevPtr = readOrderedKey(prevPtr, prevLen, i == 0);
    prevLen = lastLength;
    if (cborError != 0) return 0;
    readConstraint(0);
  }
  if (fields == 2) {
    // Written only when true.
    if (expectName('allow_unknown') && !readBool()) fail(ERR_MALFORMED_CBOR);
  }
  return n;
}

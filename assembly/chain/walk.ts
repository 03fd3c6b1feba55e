// The chain walk over decoded records (root first): trust anchoring, cycle
// detection, time rules and the per-link invariants I1–I5 in the reference's
// order (reference-map §4.1), plus the checks the reference skips (see the
// README's "Differences from the reference"). Constraint-by-constraint
// attenuation (the rest of I4) is done by the host for each link that passes
// here (the `lattice seam`): `walkFailStage` tells it how far to look.

import { compareRanges, cur, equalsLiteral, lastLength, readText, skipItem, startReading } from '../cbor/reader';
import { sha256Digest } from '../crypto/sha256';
import * as E from '../errors';
import { revocationContains } from '../revocation/table';
import {
  F_BOUNDS, F_CLEARANCE, F_MAX_ISSUE_DEPTH, R_CLEARANCE, R_DEPTH, R_EXPIRES_AT, R_HOLDER_PTR, R_ID_PTR,
  R_ISSUABLE_COUNT, R_ISSUABLE_PTR, R_ISSUED_AT, R_ISSUER_PTR, R_MAX_DEPTH, R_MAX_ISSUE_DEPTH,
  R_PARENT_HASH, R_PAYLOAD_LEN, R_PAYLOAD_PTR, R_TOOL_COUNT, R_TOOLS_PTR, R_TYPE, TYPE_EXECUTION,
  TYPE_ISSUER, has, record,
} from '../warrant/record';

export const MAX_ROOTS: i32 = 64;
export const ROOTS: usize = memory.data(32 * MAX_ROOTS, 16);
export let rootCount: i32 = 0;

/** 0 = decoding, 1 = chain-level checks before the links, 2 = a link. */
export let walkFailStage: i32 = 0;
export let walkFailIndex: i32 = -1;

const HASH_OUT: usize = memory.data(32);

@inline function keyEquals(a: usize, b: usize): bool {
  return memory.compare(a, b, 32) == 0;
}

function isTrusted(key: usize): bool {
  for (let i: i32 = 0; i < rootCount; i++) {
    if (keyEquals(ROOTS + <usize>i * 32, key)) return true;
  }
  return false;
}

@inline function clearanceOf(rec: usize): u32 {
  return has(rec, F_CLEARANCE) ? load<u32>(rec + R_CLEARANCE) : 0;
}

/** True when `name` (text at ptr/len) is among the tool names of `rec`'s tools map (or it holds `*`). */
function toolCovered(parentRec: usize, name: usize, nameLen: u32): bool {
  const n = load<u32>(parentRec + R_TOOL_COUNT);
  startReading(<usize>load<u32>(parentRec + R_TOOLS_PTR), 1 << 20);
  for (let i: u32 = 0; i < n; i++) {
    const at = readText();
    const len = lastLength;
    if (compareRanges(at, len, name, nameLen) == 0 || equalsLiteral(at, len, '*')) return true;
    skipItem();
  }
  return false;
}

/** True when `name` is in the issuable_tools list of `rec` (or it holds `*`). */
function issuableCovered(rec: usize, name: usize, nameLen: u32): bool {
  const n = load<u32>(rec + R_ISSUABLE_COUNT);
  startReading(<usize>load<u32>(rec + R_ISSUABLE_PTR), 1 << 20);
  for (let i: u32 = 0; i < n; i++) {
    const at = readText();
    const len = lastLength;
    if (compareRanges(at, len, name, nameLen) == 0 || equalsLiteral(at, len, '*')) return true;
  }
  return false;
}

/** Every tool of `child` is covered by `parent` (its tools, or its issuable tools). */
function toolsCovered(parent: usize, child: usize, byIssuable: bool): bool {
  const n = load<u32>(child + R_TOOL_COUNT);
  let at = <usize>load<u32>(child + R_TOOLS_PTR);
  for (let i: u32 = 0; i < n; i++) {
    startReading(at, 1 << 20);
    const name = readText();
    const nameLen = lastLength;
    skipItem();
    const next = cur;
    const covered = byIssuable ? issuableCovered(parent, name, nameLen) : toolCovered(parent, name, nameLen);
    if (!covered) return false;
    at = next;
  }
  return true;
}

/** Every issuable tool of `child` is covered by `parent`'s issuable tools. */
function issuableSubset(parent: usize, child: usize): bool {
  const n = load<u32>(child + R_ISSUABLE_COUNT);
  let at = <usize>load<u32>(child + R_ISSUABLE_PTR);
  for (let i: u32 = 0; i < n; i++) {
    startReading(at, 1 << 20);
    const name = readText();
    const nameLen = lastLength;
    const next = cur;
    if (!issuableCovered(parent, name, nameLen)) return false;
    at = next;
  }
  return true;
}

/** Chain-path time rules; written without additions so no value can wrap around. */
function checkTime(rec: usize, now: u64, tolerance: u64): i32 {
  const expiresAt = load<u64>(rec + R_EXPIRES_AT);
  if (now > expiresAt && now - expiresAt > tolerance) return E.ERR_WARRANT_EXPIRED;
  const issuedAt = load<u64>(rec + R_ISSUED_AT);
  if (issuedAt > now && issuedAt - now > tolerance) return E.ERR_ISSUED_IN_FUTURE;
  return E.OK;
}

function checkLink(parent: usize, child: usize, now: u64, tolerance: u64): i32 {
  // I1: the parent's holder issued the child.
  if (!keyEquals(<usize>load<u32>(child + R_ISSUER_PTR), <usize>load<u32>(parent + R_HOLDER_PTR))) return E.ERR_INVALID_ISSUER;
  // I5: the child names the parent's payload.
  sha256Digest(HASH_OUT, <usize>load<u32>(parent + R_PAYLOAD_PTR), <usize>load<u32>(parent + R_PAYLOAD_LEN));
  if (memory.compare(HASH_OUT, child + R_PARENT_HASH, 32) != 0) return E.ERR_PARENT_HASH_MISMATCH;
  // I2: depth.
  const depth = load<u32>(child + R_DEPTH);
  if (depth != load<u32>(parent + R_DEPTH) + 1) return E.ERR_DEPTH_VIOLATION;
  if (depth > load<u32>(parent + R_MAX_DEPTH)) return E.ERR_DEPTH_EXCEEDED;
  if (load<u32>(child + R_MAX_DEPTH) > load<u32>(parent + R_MAX_DEPTH)) return E.ERR_DEPTH_VIOLATION;
  if (depth > load<u32>(child + R_MAX_DEPTH)) return E.ERR_DEPTH_EXCEEDED;
  // I3: compared as raw integers.
  if (load<u64>(child + R_EXPIRES_AT) > load<u64>(parent + R_EXPIRES_AT)) return E.ERR_TTL_EXCEEDED;
  const time = checkTime(child, now, tolerance);
  if (time != E.OK) return time;

  // Type rules (tool sets and scalar monotonicity; constraint sets go to the host).
  const parentType = load<u32>(parent + R_TYPE);
  const childType = load<u32>(child + R_TYPE);
  if (clearanceOf(child) > clearanceOf(parent)) return E.ERR_INVALID_ATTENUATION;
  if (parentType == TYPE_EXECUTION) {
    if (childType != TYPE_EXECUTION) return E.ERR_INVALID_ATTENUATION;
    if (!toolsCovered(parent, child, false)) return E.ERR_INVALID_ATTENUATION;
    return E.OK;
  }
  if (childType == TYPE_ISSUER) {
    if (!issuableSubset(parent, child)) return E.ERR_INVALID_ATTENUATION;
    if (has(parent, F_BOUNDS) && !has(child, F_BOUNDS)) return E.ERR_INVALID_ATTENUATION;
    if (has(parent, F_MAX_ISSUE_DEPTH)) {
      if (!has(child, F_MAX_ISSUE_DEPTH) || load<u32>(child + R_MAX_ISSUE_DEPTH) > load<u32>(parent + R_MAX_ISSUE_DEPTH)) {
        return E.ERR_INVALID_ATTENUATION;
      }
    }
    return E.OK;
  }
  // Issuer → Execution.
  if (!toolsCovered(parent, child, true)) return E.ERR_INVALID_ATTENUATION;
  const holder = <usize>load<u32>(child + R_HOLDER_PTR);
  if (keyEquals(holder, <usize>load<u32>(parent + R_HOLDER_PTR)) || keyEquals(holder, <usize>load<u32>(parent + R_ISSUER_PTR))) {
    return E.ERR_INVALID_ISSUER; // self-issuance
  }
  if (has(parent, F_MAX_ISSUE_DEPTH) && depth > load<u32>(parent + R_MAX_ISSUE_DEPTH)) return E.ERR_DEPTH_EXCEEDED;
  return E.OK;
}

/** Forgets the previous walk's outcome (a failed decode leaves stage 0). */
export function resetWalk(): void {
  walkFailStage = 0;
  walkFailIndex = -1;
}

/**
 * Walks `count` decoded records. `now` in Unix seconds, `tolerance` the clock
 * skew allowed for the chain's time rules.
 */
export function walkChain(count: i32, now: u64, tolerance: u64): i32 {
  walkFailStage = 1;
  walkFailIndex = -1;
  if (count == 0) return E.ERR_CHAIN_BROKEN;
  // Revocation covers every warrant presented, as in the reference.
  for (let i: i32 = 0; i < count; i++) {
    if (revocationContains(<usize>load<u32>(record(i) + R_ID_PTR))) {
      walkFailIndex = i;
      return E.ERR_WARRANT_REVOKED;
    }
  }
  // Cycle protection: no id twice.
  for (let i: i32 = 1; i < count; i++) {
    for (let j: i32 = 0; j < i; j++) {
      if (memory.compare(<usize>load<u32>(record(i) + R_ID_PTR), <usize>load<u32>(record(j) + R_ID_PTR), 16) == 0) {
        walkFailIndex = i;
        return E.ERR_CHAIN_BROKEN;
      }
    }
  }
  const root = record(0);
  walkFailIndex = 0;
  if (!isTrusted(<usize>load<u32>(root + R_ISSUER_PTR))) return E.ERR_UNTRUSTED_ROOT;
  const rootTime = checkTime(root, now, tolerance);
  if (rootTime != E.OK) return rootTime;
  walkFailStage = 2;
  for (let i: i32 = 1; i < count; i++) {
    walkFailIndex = i;
    const code = checkLink(record(i - 1), record(i), now, tolerance);
    if (code != E.OK) return code;
  }
  walkFailIndex = -1;
  walkFailStage = 3;
  return E.OK;
}

export function setRoots(ptr: usize, count: i32): void {
  rootCount = count > MAX_ROOTS ? MAX_ROOTS : count;
  memory.copy(ROOTS, ptr, <usize>rootCount * 32);
}


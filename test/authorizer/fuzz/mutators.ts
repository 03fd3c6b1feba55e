/**
 * Interesting material and the byte-level and structure-aware mutators.
 * Part of the verifier fuzz tests (test/authorizer/fuzz.test.ts).
 */
import {
  All,
  Any,
  Cel,
  Cidr,
  constraintToBytes,
  Contains,
  Exact,
  float,
  Not,
  NotOneOf,
  OneOf,
  Pattern,
  Range,
  Regex,
  Shlex,
  Subpath,
  Subset,
  UnknownConstraint,
  UrlPattern,
  UrlSafe,
  Wildcard,
  type Constraint,
} from '../../../src/index.js';
import { hex, toHexString } from '../../helpers.js';
import { Rng } from './prng.js';
import {
  concat,
  bytesEqual,
  head,
  type Leaf,
  type Container,
  type CNode,
  argAt,
  parseCbor,
  serialize,
  cloneTree,
  type Slot,
  slots,
  allSubtrees,
} from './structure.js';
import { SEEDS, INPUT_POOL } from './seeds.js';

// ---------------------------------------------------------------------------
// Interesting material.

export const INTERESTING_BYTES = [
  0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x38, 0x3b, 0x40, 0x41, 0x58, 0x5b, 0x5f, 0x60, 0x78, 0x7b, 0x7f, 0x80,
  0x81, 0x83, 0x98, 0x9b, 0x9f, 0xa0, 0xa1, 0xb8, 0xbb, 0xbf, 0xc0, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xff,
];

/** Heads declaring absurd lengths. */
export const HUGE_HEADS = [
  '5bffffffffffffffff', '5b7fffffffffffffff', '5b0000000100000000', '5affffffff', '5a00040001', '59ffff',
  '7bffffffffffffffff', '7affffffff', '9bffffffffffffffff', '9b00000000ffffffff', '9affffffff', '9a7fffffff', '99ffff',
  'bbffffffffffffffff', 'bb7fffffffffffffff', 'baffffffff', 'b9ffff', '1bffffffffffffffff', '3bffffffffffffffff',
].map(hex);

export const INDEFINITE_HEADS = [0x5f, 0x7f, 0x9f, 0xbf];

export const KEY_IDENTITY = `5820${'01'.padEnd(64, '0')}`; // the identity point: small order
export const INTERESTING_ITEMS: Uint8Array[] = [
  ...[
    '00', '01', '17', '1818', '1805', '190005', '1a00000005', '1b0000000000000005', '1a7fffffff', '1affffffff', '1b7fffffffffffffff',
    '1bffffffffffffffff', '20', '3b7fffffffffffffff', '3bffffffffffffffff', '40', '60', '80', 'a0', 'f4', 'f5', 'f6', 'f7', 'f0', 'f820',
    'f97e00', 'f97c00', 'f9fc00', 'f90000', 'f98000', 'fa47c35000', 'fa3f800000', 'fb3ff199999999999a', 'fb3ff0000000000000',
    'fb7ff8000000000001', 'c060', 'd82060', 'c11a5e0be100', '5fff', '5f4100ff', '7fff', '7f6161ff', '9fff', '9f00ff', 'bfff', 'ff', 'fe', '1c',
    '62c328', '63eda080', '64f4908080', '62c0af', '6474656e756f', '6674656e756f3a', '6774656e756f3a78', '6f74656e756f2e73657373696f6e5f6964',
    '612a', '6161', '6130', `79012c${'61'.repeat(300)}`, `5840${'00'.repeat(64)}`, `5820${'00'.repeat(32)}`, `5810${'ab'.repeat(16)}`,
    `8201${KEY_IDENTITY}`, `8201${'5820'}${'ff'.repeat(32)}`, `8202${'5820'}${'11'.repeat(32)}`, `8201581f${'11'.repeat(31)}`,
    `8201${'5840'}${'00'.repeat(64)}`, `9820${'1818'.repeat(32)}`, `9820${'00'.repeat(32)}`, `981f${'00'.repeat(31)}`,
    'a16b636f6e73747261696e7473a0', 'a26b636f6e73747261696e7473a06d616c6c6f775f756e6b6e6f776ef5',
    'a26b636f6e73747261696e7473a06d616c6c6f775f756e6b6e6f776ef4', 'a1612aa16b636f6e73747261696e7473a0',
  ].map(hex),
  ...[
    new Wildcard(),
    new Pattern('*'),
    new Pattern('/data/**'),
    new Pattern(''),
    new Regex('(a+)+$'),
    new Regex('['),
    new Range({ min: null, max: null }),
    new Range({ min: 5, max: 1 }),
    new Range({ min: -Infinity, max: Infinity }),
    new OneOf([]),
    new NotOneOf([]),
    new Contains([]),
    new Subset([]),
    new Exact(null),
    new Exact(float(1)),
    new Exact(2n ** 63n - 1n),
    new Exact(-(2n ** 63n)),
    new Cidr('0.0.0.0/0'),
    new Cidr('::/0'),
    new UrlPattern('*://*/*'),
    new Cel(''),
    new Subpath('/'),
    new UrlSafe(),
    new Shlex([]),
    new UnknownConstraint(127, new Uint8Array(0)),
    new All([]),
    new Any([]),
    new Not(new Wildcard()),
  ].map((c: Constraint) => constraintToBytes(c)),
];

/** Every subtree of every seed payload and input: transplant donors. */
export const DONORS: Uint8Array[] = [
  ...new Set(
    [...SEEDS.flatMap((s) => s.links.flatMap((l) => allSubtrees(parseCbor(l.payload)))), ...INPUT_POOL.flatMap((b) => allSubtrees(parseCbor(b)))].map(toHexString),
  ),
].map(hex);

export const NESTING_DEPTHS = [1, 2, 3, 31, 32, 33, 40, 63, 64, 65, 127, 128, 129, 130, 200, 1000, 10_000];
export const CONSTRAINT_DEPTHS = [1, 2, 5, 30, 31, 32, 33, 34, 40, 41, 64, 100];

export const TEXT_CONSTRAINTS = hex('6b636f6e73747261696e7473'); // "constraints"
export const TEXT_CONSTRAINT = hex('6a636f6e73747261696e74'); // "constraint"

/** Wraps constraint bytes in `levels` of All / Any / Not. */
export function wrapConstraint(rng: Rng, inner: Uint8Array, levels: number): Uint8Array {
  const prefixes: Uint8Array[] = [];
  for (let i = 0; i < levels; i++) {
    const kind = rng.int(3);
    if (kind === 2) prefixes.push(concat(Uint8Array.of(0x82, 0x0e, 0xa1), TEXT_CONSTRAINT));
    else prefixes.push(concat(Uint8Array.of(0x82, kind === 0 ? 0x0c : 0x0d, 0xa1), TEXT_CONSTRAINTS, Uint8Array.of(0x81)));
  }
  return concat(...prefixes, inner);
}

// ---------------------------------------------------------------------------
// Mutators.

export interface Mutant {
  kind: string;
  bytes: Uint8Array;
}

export type ByteMutator = (rng: Rng, input: Uint8Array) => Uint8Array;

export const BYTE_MUTATORS: Record<string, ByteMutator> = {
  'bit-flip': (rng, input) => {
    const out = input.slice();
    if (out.length === 0) return out;
    const flips = 1 + rng.int(rng.chance(0.7) ? 1 : 4);
    for (let k = 0; k < flips; k++) {
      const bit = rng.int(out.length * 8);
      out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
    }
    return out;
  },
  'byte-replace': (rng, input) => {
    const out = input.slice();
    if (out.length === 0) return out;
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) out[rng.int(out.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
    return out;
  },
  truncate: (rng, input) => input.slice(0, rng.chance(0.5) ? rng.int(input.length) : Math.max(0, input.length - 1 - rng.int(8))),
  insert: (rng, input) => {
    const at = rng.int(input.length + 1);
    const n = 1 + rng.int(16);
    const what = rng.int(3);
    const chunk =
      what === 0 ? rng.bytes(n) : what === 1 ? Uint8Array.from({ length: n }, () => rng.pick(INTERESTING_BYTES)) : input.slice(rng.int(input.length), rng.int(input.length) + n);
    return concat(input.subarray(0, at), chunk, input.subarray(at));
  },
  delete: (rng, input) => {
    const at = rng.int(input.length);
    const n = 1 + rng.int(rng.chance(0.8) ? 8 : 64);
    return concat(input.subarray(0, at), input.subarray(at + n));
  },
  splice: (rng, input) => {
    const other = rng.pick(INPUT_POOL);
    return concat(input.subarray(0, rng.int(input.length + 1)), other.subarray(rng.int(other.length + 1)));
  },
  'huge-length': (rng, input) => {
    const h = rng.pick(HUGE_HEADS);
    const at = rng.int(input.length + 1);
    // Overwrite or insert a head declaring an absurd length.
    return rng.chance(0.5) ? concat(input.subarray(0, at), h, input.subarray(at + h.length)) : concat(input.subarray(0, at), h, input.subarray(at));
  },
  'indefinite-marker': (rng, input) => {
    const out = input.slice();
    const at = rng.int(out.length + 1);
    if (rng.chance(0.3)) return concat(out.subarray(0, at), Uint8Array.of(0xff), out.subarray(at));
    if (at < out.length) out[at] = rng.pick(INDEFINITE_HEADS);
    return rng.chance(0.5) ? concat(out, Uint8Array.of(0xff)) : out;
  },
};

export type TreeMutator = (rng: Rng, root: CNode) => CNode | undefined;

export function containers(root: CNode, minItems = 0): Container[] {
  return slots(root)
    .map((s) => s.node)
    .filter((n): n is Container => n.t !== 'leaf' && n.items.length >= minItems);
}

export function replaceSlot(root: CNode, slot: Slot, node: CNode): CNode {
  if (!slot.parent) return node;
  slot.parent.items[slot.index] = node;
  return root;
}

export function leafHead(raw: Uint8Array): { major: number; value: number; size: number } {
  const { value, size } = argAt(raw, 0);
  return { major: (raw[0] as number) >> 5, value, size };
}

export const TREE_MUTATORS: Record<string, TreeMutator> = {
  'element-remove': (rng, root) => {
    const c = containers(root, 1);
    if (c.length === 0) return undefined;
    const target = rng.pick(c);
    const i = rng.int(target.items.length);
    if (target.t === 'map') target.items.splice(i & ~1, 2);
    else target.items.splice(i, 1);
    return root;
  },
  'element-duplicate': (rng, root) => {
    const c = containers(root, 1);
    if (c.length === 0) return undefined;
    const target = rng.pick(c);
    const i = rng.int(target.items.length);
    if (target.t === 'map') {
      const k = i & ~1;
      target.items.splice(k, 0, ...target.items.slice(k, k + 2).map(cloneTree));
    } else target.items.splice(i, 0, cloneTree(target.items[i] as CNode));
    return root;
  },
  'element-swap': (rng, root) => {
    const c = containers(root, 2);
    if (c.length === 0) return undefined;
    const target = rng.pick(c);
    if (target.t === 'map') {
      const pairs = target.items.length >> 1;
      if (pairs < 2 || rng.chance(0.2)) {
        // Swap a key with its value.
        const k = rng.int(pairs) * 2;
        [target.items[k], target.items[k + 1]] = [target.items[k + 1] as CNode, target.items[k] as CNode];
        return root;
      }
      const a = rng.int(pairs) * 2;
      const b = rng.int(pairs) * 2;
      const pa = target.items.slice(a, a + 2);
      const pb = target.items.slice(b, b + 2);
      target.items.splice(a, 2, ...pb);
      target.items.splice(b, 2, ...pa);
      return root;
    }
    const a = rng.int(target.items.length);
    const b = rng.int(target.items.length);
    [target.items[a], target.items[b]] = [target.items[b] as CNode, target.items[a] as CNode];
    return root;
  },
  transplant: (rng, root) => replaceSlot(root, rng.pick(slots(root)), { t: 'leaf', raw: rng.pick(DONORS) }),
  'interesting-item': (rng, root) => replaceSlot(root, rng.pick(slots(root)), { t: 'leaf', raw: rng.pick(INTERESTING_ITEMS) }),
  'int-tweak': (rng, root) => {
    const ints = slots(root).filter((s) => s.node.t === 'leaf' && (s.node.raw[0] as number) >> 5 <= 1);
    if (ints.length === 0) return undefined;
    const slot = rng.pick(ints);
    const { major, value } = leafHead((slot.node as Leaf).raw);
    const choices = [value + 1, value - 1, value + 2, 0, 1, 24, 255, 256, 65535, 65536, 0xffffffff, 2 ** 32, Number.MAX_SAFE_INTEGER, value * 2, value + 86400 * 91];
    let next = BigInt(rng.pick(choices));
    if (rng.chance(0.05)) next = 2n ** 64n - 1n;
    const nextMajor = next < 0n ? 1 - major : major;
    return replaceSlot(root, slot, { t: 'leaf', raw: head(Math.max(0, nextMajor), next < 0n ? -next - 1n : next) });
  },
  'text-tweak': (rng, root) => {
    const texts = slots(root).filter((s) => s.node.t === 'leaf' && (s.node.raw[0] as number) >> 5 === 3);
    if (texts.length === 0) return undefined;
    const slot = rng.pick(texts);
    const raw = (slot.node as Leaf).raw;
    const { size } = leafHead(raw);
    let body: Uint8Array = raw.slice(size);
    const op = rng.int(5);
    if (op === 0 && body.length > 0) body[rng.int(body.length)] = rng.pick([0x2a, 0x2f, 0x3f, 0x2e, 0x00, 0x7f, 0xc3, 0x80, 0x61, 0x5c]);
    else if (op === 1) body = concat(body, Uint8Array.of(rng.pick([0x2a, 0x2f, 0x61, 0x2e])));
    else if (op === 2) body = body.slice(0, rng.int(body.length + 1));
    else if (op === 3) body = concat(Uint8Array.of(0x74, 0x65, 0x6e, 0x75, 0x6f, 0x3a), body);
    else body = concat(body, body);
    return replaceSlot(root, slot, { t: 'leaf', raw: concat(head(3, body.length), body) });
  },
  'head-count': (rng, root) => {
    const c = containers(root);
    const target = rng.pick(c);
    const n = target.t === 'map' ? target.items.length >> 1 : target.items.length;
    target.head = head(target.t === 'array' ? 4 : 5, Math.max(0, rng.pick([n + 1, n - 1, n + 2, 0, n * 2 + 1])));
    return root;
  },
  'head-non-minimal': (rng, root) => {
    const all = slots(root).filter((s) => s.node.t !== 'leaf' || (s.node.raw[0] as number) >> 5 <= 3);
    const slot = rng.pick(all);
    const size = rng.pick([1, 2, 4, 8]);
    if (slot.node.t !== 'leaf') {
      const n = slot.node.t === 'map' ? slot.node.items.length >> 1 : slot.node.items.length;
      slot.node.head = head(slot.node.t === 'array' ? 4 : 5, n, size);
      return root;
    }
    const { major, value, size: old } = leafHead(slot.node.raw);
    return replaceSlot(root, slot, { t: 'leaf', raw: concat(head(major, value, size), slot.node.raw.subarray(old)) });
  },
  'head-indefinite': (rng, root) => {
    const all = slots(root).filter((s) => s.node.t !== 'leaf' || [2, 3].includes((s.node.raw[0] as number) >> 5));
    if (all.length === 0) return undefined;
    const slot = rng.pick(all);
    if (slot.node.t !== 'leaf') {
      slot.node.head = Uint8Array.of(slot.node.t === 'array' ? 0x9f : 0xbf);
      slot.node.tail = rng.chance(0.9) ? Uint8Array.of(0xff) : new Uint8Array(0);
      return root;
    }
    const { major, size } = leafHead(slot.node.raw);
    const body = slot.node.raw.subarray(size);
    // One definite chunk inside an indefinite string.
    return replaceSlot(root, slot, { t: 'leaf', raw: concat(Uint8Array.of((major << 5) | 31), head(major, body.length), body, Uint8Array.of(0xff)) });
  },
  'head-huge': (rng, root) => {
    const all = slots(root).filter((s) => s.node.t !== 'leaf' || [2, 3].includes((s.node.raw[0] as number) >> 5));
    if (all.length === 0) return undefined;
    const slot = rng.pick(all);
    const big = rng.pick([2n ** 64n - 1n, 2n ** 63n, 2n ** 32n - 1n, 2n ** 31n, 65535n, 1n << 40n]);
    if (slot.node.t !== 'leaf') {
      slot.node.head = head(slot.node.t === 'array' ? 4 : 5, big);
      return root;
    }
    const { major, size } = leafHead(slot.node.raw);
    return replaceSlot(root, slot, { t: 'leaf', raw: concat(head(major, big), slot.node.raw.subarray(size)) });
  },
  'nest-arrays': (rng, root) => {
    const slot = rng.pick(slots(root));
    const depth = rng.pick(NESTING_DEPTHS);
    return replaceSlot(root, slot, { t: 'leaf', raw: concat(new Uint8Array(depth).fill(0x81), serialize(slot.node)) });
  },
  'nest-constraints': (rng, root) => {
    // Constraints are 2-element arrays whose first item is a small type id.
    const candidates = slots(root).filter((s) => s.node.t === 'array' && s.node.items.length === 2 && s.node.items[0]?.t === 'leaf' && (s.node.items[0].raw[0] as number) < 0x19);
    const slot = candidates.length > 0 ? rng.pick(candidates) : rng.pick(slots(root));
    return replaceSlot(root, slot, { t: 'leaf', raw: wrapConstraint(rng, serialize(slot.node), rng.pick(CONSTRAINT_DEPTHS)) });
  },
};

export const BYTE_KINDS = Object.keys(BYTE_MUTATORS);
export const TREE_KINDS = Object.keys(TREE_MUTATORS);

// Mutators are retried until the bytes change: a no-op mutant is not a mutant.
export const MAX_TRIES = 50;

export function mutateBytes(rng: Rng, input: Uint8Array): Mutant {
  for (let tries = 0; ; tries++) {
    const kind = rng.pick(BYTE_KINDS);
    const bytes = (BYTE_MUTATORS[kind] as ByteMutator)(rng, input);
    if (!bytesEqual(bytes, input) || tries >= MAX_TRIES) return { kind, bytes };
  }
}

export function mutateTreeOf(rng: Rng, input: Uint8Array, tree: CNode): Mutant {
  for (let tries = 0; ; tries++) {
    const kind = rng.pick(TREE_KINDS);
    const out = (TREE_MUTATORS[kind] as TreeMutator)(rng, cloneTree(tree));
    if (!out) continue;
    const bytes = serialize(out);
    if (!bytesEqual(bytes, input) || tries >= MAX_TRIES) return { kind, bytes };
  }
}

export function mutateTree(rng: Rng, input: Uint8Array): Mutant {
  return mutateTreeOf(rng, input, parseCbor(input));
}

// Parsed seeds, cached (mutators clone before changing anything).
export const TREE_CACHE = new Map<Uint8Array, CNode>();
export function treeOf(bytes: Uint8Array): CNode {
  let t = TREE_CACHE.get(bytes);
  if (!t) {
    t = parseCbor(bytes);
    TREE_CACHE.set(bytes, t);
  }
  return t;
}
export function mutateTreeCached(rng: Rng, input: Uint8Array): Mutant {
  return mutateTreeOf(rng, input, treeOf(input));
}

/** Mutates a payload (structure-aware 70%, bytes 30%), possibly applying a second mutation. */
export function mutatePayload(rng: Rng, payload: Uint8Array): Mutant {
  for (;;) {
    let m = rng.chance(0.7) ? mutateTreeCached(rng, payload) : mutateBytes(rng, payload);
    if (rng.chance(0.15)) {
      const second = rng.chance(0.5) ? mutateBytes(rng, m.bytes) : tryTree(rng, m.bytes);
      m = { kind: `${m.kind}+${second.kind}`, bytes: second.bytes };
    }
    if (!bytesEqual(m.bytes, payload)) return m; // the second mutation may undo the first
  }
}

export function tryTree(rng: Rng, bytes: Uint8Array): Mutant {
  try {
    return mutateTree(rng, bytes);
  } catch {
    return mutateBytes(rng, bytes); // the first mutation left no parseable tree
  }
}

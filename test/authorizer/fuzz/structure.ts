/**
 * Byte helpers and a small CBOR tree for structure-aware mutations.
 * Part of the verifier fuzz tests (test/authorizer/fuzz.test.ts).
 */

// ---------------------------------------------------------------------------
// Byte helpers.

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A CBOR head with `size` argument bytes (0 = in the initial byte); `size` defaults to minimal. */
export function head(major: number, value: number | bigint, size?: number): Uint8Array {
  const v = BigInt(value);
  const minimal = v < 24n ? 0 : v < 0x100n ? 1 : v < 0x10000n ? 2 : v < 0x100000000n ? 4 : 8;
  const n = size ?? minimal;
  if (n === 0) return Uint8Array.of((major << 5) | Number(v));
  const info = n === 1 ? 24 : n === 2 ? 25 : n === 4 ? 26 : 27;
  const out = new Uint8Array(1 + n);
  out[0] = (major << 5) | info;
  for (let i = 0; i < n; i++) out[n - i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

export function stackOf(envelopes: readonly Uint8Array[]): Uint8Array {
  return concat(head(4, envelopes.length), ...envelopes);
}

// ---------------------------------------------------------------------------
// A small CBOR tree for structure-aware mutations. Leaves keep their raw
// bytes (byte and text strings, integers, simple values, tags with their item);
// containers are re-serialized with minimal heads unless a head is forced.

export interface Leaf {
  t: 'leaf';
  raw: Uint8Array;
}
export interface Container {
  t: 'array' | 'map';
  items: CNode[];
  /** Forced head bytes (a mutation), else a minimal head for the item count. */
  head?: Uint8Array;
  /** Bytes after the items (e.g. a 0xff break for an indefinite head). */
  tail?: Uint8Array;
}
export type CNode = Leaf | Container;

export function argAt(b: Uint8Array, pos: number): { value: number; size: number } {
  const info = (b[pos] as number) & 0x1f;
  if (info < 24) return { value: info, size: 1 };
  const n = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : -1;
  if (n < 0 || pos + n >= b.length) throw new Error(`not definite-length CBOR at ${pos}`);
  let value = 0;
  for (let i = 0; i < n; i++) value = value * 256 + (b[pos + 1 + i] as number);
  return { value, size: 1 + n };
}

export function parseAt(b: Uint8Array, pos: number): [CNode, number] {
  if (pos >= b.length) throw new Error('truncated CBOR');
  const major = (b[pos] as number) >> 5;
  const { value, size } = argAt(b, pos);
  switch (major) {
    case 0:
    case 1:
    case 7:
      return [{ t: 'leaf', raw: b.slice(pos, pos + size) }, pos + size];
    case 2:
    case 3:
      if (pos + size + value > b.length) throw new Error('truncated CBOR');
      return [{ t: 'leaf', raw: b.slice(pos, pos + size + value) }, pos + size + value];
    case 6: {
      const [, end] = parseAt(b, pos + size);
      return [{ t: 'leaf', raw: b.slice(pos, end) }, end];
    }
    default: {
      const items: CNode[] = [];
      let at = pos + size;
      const count = major === 5 ? value * 2 : value;
      if (count > b.length - at) throw new Error('truncated CBOR');
      for (let i = 0; i < count; i++) {
        const [item, next] = parseAt(b, at);
        items.push(item);
        at = next;
      }
      return [{ t: major === 4 ? 'array' : 'map', items }, at];
    }
  }
}

export function parseCbor(b: Uint8Array): CNode {
  const [node, end] = parseAt(b, 0);
  if (end !== b.length) throw new Error('trailing bytes in seed');
  return node;
}

export function serialize(node: CNode): Uint8Array {
  const parts: Uint8Array[] = [];
  const walk = (n: CNode): void => {
    if (n.t === 'leaf') {
      parts.push(n.raw);
      return;
    }
    parts.push(n.head ?? head(n.t === 'array' ? 4 : 5, n.t === 'array' ? n.items.length : n.items.length >> 1));
    for (const item of n.items) walk(item);
    if (n.tail) parts.push(n.tail);
  };
  walk(node);
  return concat(...parts);
}

export function cloneTree(node: CNode): CNode {
  if (node.t === 'leaf') return node;
  return { t: node.t, items: node.items.map(cloneTree), ...(node.head ? { head: node.head } : {}), ...(node.tail ? { tail: node.tail } : {}) };
}

export interface Slot {
  node: CNode;
  parent?: Container;
  index: number;
}

export function slots(root: CNode): Slot[] {
  const out: Slot[] = [{ node: root, index: -1 }];
  const walk = (c: CNode): void => {
    if (c.t === 'leaf') return;
    c.items.forEach((item, index) => {
      out.push({ node: item, parent: c, index });
      walk(item);
    });
  };
  walk(root);
  return out;
}

export function allSubtrees(root: CNode): Uint8Array[] {
  return slots(root).map((s) => serialize(s.node));
}

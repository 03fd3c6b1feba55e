/** Base64, PEM (single, chain, concatenated), `.tenuo` files and single-vs-stack disambiguation. */
import { describe, expect, it } from 'vitest';
import { TENUO_FILE_MAGIC, TenuoError, Warrant, WarrantStack } from '../../src/index.js';
import { hex, toHexString, vector } from '../helpers.js';

const chain = ['A.3.L0', 'A.3.L1', 'A.3.L2'].map(vector).map((e) => Warrant.fromParts(hex(e.payloadHex), hex(e.signatureHex)));
const a8 = vector('A.8');

describe('single warrant vs stack', () => {
  it('WarrantStack.fromBytes takes a lone envelope as a one-warrant stack', () => {
    const stack = WarrantStack.fromBytes(chain[0]!.toBytes());
    expect(stack.length).toBe(1);
    expect(stack.leaf.id).toBe(chain[0]!.id);
  });

  it('WarrantStack.fromBytes takes an array of envelopes, root first', () => {
    const stack = WarrantStack.fromBytes(hex(a8.stackHex));
    expect(stack.warrants.map((w) => w.id)).toEqual(chain.map((w) => w.id));
    expect(stack.root.id).toBe(chain[0]!.id);
  });

  it('an array whose first element is neither integer nor array is refused', () => {
    expect(() => WarrantStack.fromBytes(Uint8Array.of(0x81, 0x60))).toThrow(TenuoError);
    expect(() => WarrantStack.fromBytes(Uint8Array.of(0x80))).toThrow(TenuoError);
  });

  it('Warrant.fromBytes refuses a stack', () => {
    expect(() => Warrant.fromBytes(hex(a8.stackHex))).toThrow(TenuoError);
  });
});

describe('PEM', () => {
  it('single warrant: 64-column URL-safe lines between TENUO WARRANT markers', () => {
    const pem = chain[0]!.toPem();
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN TENUO WARRANT-----');
    expect(lines.at(-1)).toBe('-----END TENUO WARRANT-----');
    expect(lines.slice(1, -1).every((l) => l.length <= 64 && /^[A-Za-z0-9_-]+$/.test(l))).toBe(true);
    expect(lines.slice(1, -1).join('')).toBe(chain[0]!.toBase64());
    expect(toHexString(Warrant.fromPem(pem).toBytes())).toBe(toHexString(chain[0]!.toBytes()));
  });

  it('explicit chain block', () => {
    const stack = new WarrantStack(chain);
    const pem = stack.toPem();
    expect(pem.startsWith('-----BEGIN TENUO WARRANT CHAIN-----\n')).toBe(true);
    expect(toHexString(WarrantStack.fromPem(pem).toBytes())).toBe(a8.stackHex);
  });

  it('concatenated single blocks form a stack in the given order', () => {
    const pem = chain.map((w) => w.toPem()).join('');
    const stack = WarrantStack.fromPem(`some preamble\n${pem}trailer`);
    expect(stack.warrants.map((w) => w.id)).toEqual(chain.map((w) => w.id));
    const reversed = WarrantStack.fromPem([...chain].reverse().map((w) => w.toPem()).join('\n'));
    expect(reversed.root.id).toBe(chain[2]!.id);
  });

  it('the first chain block wins over single blocks', () => {
    const pem = chain[2]!.toPem() + new WarrantStack(chain.slice(0, 2)).toPem();
    expect(WarrantStack.fromPem(pem).length).toBe(2);
  });

  it('a raw base64 token is one warrant; fromBase64 also takes a stack', () => {
    expect(WarrantStack.fromPem(chain[1]!.toBase64()).length).toBe(1);
    expect(WarrantStack.fromBase64(new WarrantStack(chain).toBase64()).length).toBe(3);
    expect(WarrantStack.fromBase64(chain[1]!.toPem()).length).toBe(1);
  });
});

describe('.tenuo files', () => {
  it('start with TENU 0x01 then the stack CBOR', () => {
    const file = new WarrantStack(chain).toFile();
    expect(Array.from(file.subarray(0, 5))).toEqual([0x54, 0x45, 0x4e, 0x55, 0x01]);
    expect(Array.from(TENUO_FILE_MAGIC)).toEqual([0x54, 0x45, 0x4e, 0x55, 0x01]);
    expect(toHexString(file.subarray(5))).toBe(a8.stackHex);
    expect(WarrantStack.fromBytes(file).length).toBe(3);
  });

  it('another format version is refused with UnsupportedEnvelopeVersion', () => {
    const file = new WarrantStack(chain).toFile();
    file[4] = 2;
    try {
      WarrantStack.fromBytes(file);
      expect.unreachable();
    } catch (e) {
      expect((e as TenuoError).code).toBe(1000);
    }
  });
});

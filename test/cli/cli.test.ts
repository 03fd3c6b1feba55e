/** The `tenuo` command line, run in-process through run() with captured output. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { Pattern, Range, SigningKey, Warrant, WarrantStack } from '../../src/index.js';

const cp = SigningKey.fromSeed(new Uint8Array(32).fill(1));
const orch = SigningKey.fromSeed(new Uint8Array(32).fill(2));
const worker = SigningKey.fromSeed(new Uint8Array(32).fill(3));
const stranger = SigningKey.fromSeed(new Uint8Array(32).fill(4));
const T0 = 1_800_000_000;

const root = Warrant.issue({
  signingKey: cp,
  holder: orch.publicKey,
  tools: { read_file: { file_path: new Pattern('/data/*') }, stats: { level: new Range({ min: 0, max: 10 }) } },
  issuedAt: T0,
  ttlSeconds: 3600,
  maxDepth: 3,
});
const leaf = root.attenuate({ constraints: { file_path: new Pattern('/data/batch/*') }, keypair: orch, ttlSeconds: 300, authorizedHolder: worker.publicKey, issuedAt: T0 + 10 });
const chain = WarrantStack.fromLeaf(leaf);
const ROOT_HEX = cp.publicKey.toHex();
const AT = String(T0 + 60);

const dir = mkdtempSync(join(tmpdir(), 'tenuo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, contents: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

interface Outcome {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], stdin?: AsyncIterable<Uint8Array | string>): Promise<Outcome> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, ...(stdin ? { stdin } : {}) };
  const code = await run(args, io);
  return { code, out, err };
}

function ids(out: string): string[] {
  const parsed = JSON.parse(out) as { warrants: { id: string }[] };
  return parsed.warrants.map((w) => w.id);
}

describe('tenuo inspect', () => {
  it('decodes a base64 warrant given as the argument', async () => {
    const r = await cli(['inspect', root.toBase64()]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const json = JSON.parse(r.out);
    expect(json.warrants).toHaveLength(1);
    expect(json.warrants[0]).toEqual(JSON.parse(JSON.stringify(root.toJSON())));
    expect(json.warrants[0].tools.read_file.constraints.file_path).toEqual({ type: 'Pattern', pattern: '/data/*' });
    expect(r.out).toContain('\n  "warrants": [\n'); // pretty-printed
  });

  it('decodes a PEM chain file, root first', async () => {
    const r = await cli(['inspect', file('chain.pem', chain.toPem())]);
    expect(r.code).toBe(0);
    expect(ids(r.out)).toEqual([root.id, leaf.id]);
  });

  it('decodes concatenated TENUO WARRANT blocks and a base64 text file with a trailing newline', async () => {
    expect(ids((await cli(['inspect', file('blocks.pem', root.toPem() + leaf.toPem())])).out)).toEqual([root.id, leaf.id]);
    expect(ids((await cli(['inspect', file('chain.b64', `${chain.toBase64()}\n`)])).out)).toEqual([root.id, leaf.id]);
  });

  it('decodes a binary .tenuo file, a raw CBOR stack and a lone envelope', async () => {
    expect(ids((await cli(['inspect', file('chain.tenuo', chain.toFile())])).out)).toEqual([root.id, leaf.id]);
    expect(ids((await cli(['inspect', file('chain.cbor', chain.toBytes())])).out)).toEqual([root.id, leaf.id]);
    expect(ids((await cli(['inspect', file('leaf.cbor', leaf.toBytes())])).out)).toEqual([leaf.id]);
  });

  it('reads "-" from stdin, as text or as bytes', async () => {
    const text = await cli(['inspect', '-'], Readable.from([chain.toBase64().slice(0, 50), `${chain.toBase64().slice(50)}\n`]));
    expect(text.code).toBe(0);
    expect(ids(text.out)).toEqual([root.id, leaf.id]);
    const binary = await cli(['inspect', '-'], Readable.from([Buffer.from(chain.toFile())]));
    expect(ids(binary.out)).toEqual([root.id, leaf.id]);
  });

  it('reports a bad warrant as "error <code> <kind>: <message>" with exit 1', async () => {
    const garbage = await cli(['inspect', 'AAAA']);
    expect(garbage.code).toBe(1);
    expect(garbage.out).toBe('');
    expect(garbage.err).toMatch(/^error 1202 malformed-cbor: .+\n$/);

    const bytes = root.toBytes();
    bytes[bytes.length - 1]! ^= 1; // flip a signature bit
    const forged = await cli(['inspect', file('forged.cbor', bytes)]);
    expect(forged.code).toBe(1);
    expect(forged.err).toMatch(/^error 1100 signature-invalid: /);

    expect((await cli(['inspect', file('empty.txt', '')])).code).toBe(1);
  });

  it('usage errors exit 2: missing argument, directory, missing file, "-" without stdin', async () => {
    const missing = await cli(['inspect']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("missing required argument 'input'");
    const subdir = join(dir, 'a-directory');
    mkdirSync(subdir, { recursive: true });
    expect(await cli(['inspect', subdir])).toMatchObject({ code: 2, err: expect.stringMatching(/is a directory/) });
    expect(await cli(['inspect', join(dir, 'nope.tenuo')])).toMatchObject({ code: 2, err: expect.stringMatching(/no such file/) });
    expect((await cli(['inspect', '-'])).code).toBe(2);
  });

  it('--help says decoding does not check trust', async () => {
    const r = await cli(['inspect', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/NOT whether the chain is trusted/);
  });
});

describe('tenuo verify', () => {
  it('a valid chain: exit 0 with a summary', async () => {
    const r = await cli(['verify', '--root', ROOT_HEX, '--at', AT, chain.toBase64()]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`valid: ${leaf.id}`);
    expect(r.out).toContain('chain length: 2');
    expect(r.out).toContain(`root issuer:  ${ROOT_HEX}`);
    expect(r.out).toContain(`(${leaf.expiresAt})`);
  });

  it('--json on a valid chain parses', async () => {
    const r = await cli(['verify', '--json', '--root', ROOT_HEX, '--at', AT, file('v.tenuo', chain.toFile())]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ valid: true, chainLength: 2, leafDepth: 1, rootIssuer: ROOT_HEX, expiresAt: leaf.expiresAt });
    expect(json.leaf.id).toBe(leaf.id);
    expect(json.links.map((l: { warrantId: string }) => l.warrantId)).toEqual([root.id, leaf.id]);
    expect(json.links[1]).toMatchObject({ depth: 1, issuer: orch.publicKey.toHex(), holder: worker.publicKey.toHex() });
  });

  it('takes a root from an SPKI PEM file, several roots, and stdin input', async () => {
    const pem = file('root.pub.pem', cp.publicKey.toPem());
    const r = await cli(['verify', '--root', stranger.publicKey.toHex(), '--root', pem, '--at', AT, '-'], Readable.from([chain.toPem()]));
    expect(r.code).toBe(0);
  });

  it('an untrusted root: exit 1 with 1406', async () => {
    const r = await cli(['verify', '--root', stranger.publicKey.toHex(), '--at', AT, chain.toBase64()]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^invalid: 1406 untrusted-root: .+\n$/);
  });

  it('expired at --at: exit 1 with 1300; --tolerance decides the grace period', async () => {
    const expired = await cli(['verify', '--root', ROOT_HEX, '--at', String(leaf.expiresAt + 3600), chain.toBase64()]);
    expect(expired.code).toBe(1);
    expect(expired.err).toMatch(/^invalid: 1300 warrant-expired: /);
    const justAfter = String(leaf.expiresAt + 20);
    expect((await cli(['verify', '--root', ROOT_HEX, '--at', justAfter, chain.toBase64()])).code).toBe(0);
    const strict = await cli(['verify', '--root', ROOT_HEX, '--tolerance', '0', '--at', justAfter, chain.toBase64()]);
    expect(strict.err).toMatch(/^invalid: 1300 /);
  });

  it('malformed input: exit 1 with 1202, and the --json failure object on stdout', async () => {
    const text = await cli(['verify', '--root', ROOT_HEX, 'not_a_warrant']);
    expect(text.code).toBe(1);
    expect(text.err).toMatch(/^invalid: 1202 malformed-cbor: /);
    const json = await cli(['verify', '--json', '--root', ROOT_HEX, file('junk.cbor', Uint8Array.of(0x83, 0x01, 0xff))]);
    expect(json.code).toBe(1);
    expect(json.err).toBe('');
    expect(JSON.parse(json.out)).toMatchObject({ valid: false, code: 1202, kind: 'malformed-cbor', message: expect.any(String) });
  });

  it('usage errors exit 2: no --root, bad --root, bad --at / --tolerance, missing or unreadable input', async () => {
    const input = chain.toBase64();
    const noRoot = await cli(['verify', input]);
    expect(noRoot).toMatchObject({ code: 2, err: expect.stringMatching(/at least one --root/) });
    expect((await cli(['verify', '--root', ROOT_HEX.slice(1), input])).code).toBe(2);
    expect((await cli(['verify', '--root', join(dir, 'missing.pem'), input])).code).toBe(2);
    expect((await cli(['verify', '--root', file('not-a-key.pem', 'hello'), input])).code).toBe(2);
    for (const at of ['-1', '1.5', 'soon', '1e9', '']) {
      expect([at, (await cli(['verify', '--root', ROOT_HEX, `--at=${at}`, input])).code]).toEqual([at, 2]);
    }
    expect((await cli(['verify', '--root', ROOT_HEX, '--tolerance', '3601', input])).code).toBe(2);
    expect((await cli(['verify', '--root', ROOT_HEX])).code).toBe(2);
    expect((await cli(['verify', '--root', ROOT_HEX, join(dir, 'missing.tenuo')])).code).toBe(2);
    expect((await cli(['verify', '--root', ROOT_HEX, '--bogus', input])).code).toBe(2);
  });

  it('never echoes key material: a bad hex root or a private-key file', async () => {
    const weak = '00'.repeat(32); // small-order point
    const bad = await cli(['verify', '--root', weak, chain.toBase64()]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: bad --root #1: /);
    expect(bad.err).not.toContain(weak);
    const secretPem = cp.toPem();
    const priv = await cli(['verify', '--root', file('cp.key.pem', secretPem), chain.toBase64()]);
    expect(priv.code).toBe(2);
    expect(priv.err).toMatch(/private key/);
    const body = secretPem.split('\n')[1]!;
    expect(priv.err + priv.out).not.toContain(body);
  });
});

describe('tenuo', () => {
  it('--help and --version exit 0; no command and an unknown command exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/inspect/);
    expect(help.out).toMatch(/verify/);
    expect(help.out).toMatch(/demo/);
    expect((await cli(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('an unexpected failure is one line and exit 2, never a stack trace', async () => {
    const failing: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('boom\n    at somewhere')) }),
    };
    const r = await cli(['inspect', '-'], failing);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: unexpected failure: Error: boom\n');
  });
});

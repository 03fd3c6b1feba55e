// Shared benchmark inputs: the A.3 chain of the protocol test vectors, keys
// from the vector seeds, and a realistic worker chain built with the API.
import { readFileSync } from 'node:fs';
import { Cidr, Exact, Pattern, PublicKey, Range, SigningKey, Subpath, UrlPattern, Warrant } from '../../dist/index.js';

export const fixtures = JSON.parse(readFileSync(new URL('../../test/fixtures/vectors.json', import.meta.url), 'utf8'));
export const fromHex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));

export function vector(id) {
  const v = fixtures.vectors.find((e) => e.id === id);
  if (!v) throw new Error(`no vector ${id}`);
  return v;
}

export function keyFor(role) {
  return SigningKey.fromSeed(fromHex(fixtures.keys[role].seedHex));
}

function envelopeOf(id) {
  const e = vector(id);
  const payload = fromHex(e.payloadHex);
  const sig = fromHex(e.signatureHex);
  const head = payload.length < 256 ? [0x58, payload.length] : [0x59, payload.length >> 8, payload.length & 0xff];
  return Uint8Array.from([0x83, 0x01, ...head, ...payload, 0x82, 0x01, 0x58, 0x40, ...sig]);
}

const a3Ids = ['A.3.L0', 'A.3.L1', 'A.3.L2'];
export const a3Stack = Uint8Array.from([0x80 + a3Ids.length, ...a3Ids.flatMap((id) => [...envelopeOf(id)])]);
export const a3Leaf = Warrant.fromBytes(envelopeOf('A.3.L2'));
export const a3Holder = keyFor(vector('A.3.L2').holderRole);
export const A3_NOW = 1704067260;
export const controlPlane = PublicKey.fromHex(fixtures.keys.ControlPlane.publicKeyHex);

export function check(ok, what) {
  if (!ok) throw new Error(`benchmark precondition failed: ${what}`);
}

/** The six-constraint tool of the policy-only row (Exact, Pattern, Range, Cidr, UrlPattern, Subpath). */
export const policyConstraints = {
  env: new Exact('prod'),
  path: new Pattern('/data/*'),
  amount: new Range({ min: 0, max: 1000 }),
  ip: new Cidr('10.0.0.0/8'),
  url: new UrlPattern('https://api.example.com/v1/*'),
  file: new Subpath('/srv/app'),
};
export const policyArgs = { env: 'prod', path: '/data/reports/q3.csv', amount: 250, ip: '10.1.2.3', url: 'https://api.example.com/v1/users', file: '/srv/app/logs/a.log' };

/** A worker chain for warm-request rows: control plane → orchestrator → worker, now-valid. */
export function workerChain(nowSeconds) {
  const cp = SigningKey.fromSeed(new Uint8Array(32).fill(11));
  const orch = SigningKey.fromSeed(new Uint8Array(32).fill(12));
  const worker = SigningKey.fromSeed(new Uint8Array(32).fill(13));
  const root = Warrant.issue({ signingKey: cp, holder: orch.publicKey, tools: { read_file: { file_path: new Pattern('/data/*') } }, issuedAt: nowSeconds - 10, ttlSeconds: 3600 });
  const leaf = root.attenuate({ keypair: orch, authorizedHolder: worker.publicKey, issuedAt: nowSeconds - 10, ttlSeconds: 1800, constraints: { file_path: '/data/batch-123/*' } });
  return { cp, orch, worker, root, leaf };
}

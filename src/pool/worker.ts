/**
 * A verifier pool worker: one Authorizer (its own WASM instance and chain
 * cache) built from `workerData`, answering the pool's messages in order —
 * a revocation list installed by one message applies to every later one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Authorizer, type BatchRequest, type BatchResult } from '../authorizer/authorizer.js';
import { PublicKey } from '../crypto/keys.js';
import { SignedRevocationList } from '../revocation/srl.js';
import { decodeChunk, encodeResults, type WireChunk } from './chunk.js';
import { failureResult, toWireError, type ToMain, type ToWorker, type WorkerConfig } from './protocol.js';

function build(config: WorkerConfig): Authorizer {
  const builder = Authorizer.builder().trustedRoots(config.roots.map((bytes) => PublicKey.fromBytes(bytes)));
  if (config.clockTolerance !== undefined) builder.clockTolerance(config.clockTolerance);
  if (config.popWindow) builder.popWindow(config.popWindow.windowSeconds, config.popWindow.maxWindows);
  for (const [tool, level] of config.clearances) builder.requireClearance(tool, level);
  if (config.chainCacheEntries !== undefined) builder.chainCache(config.chainCacheEntries);
  const controlPlaneKey = config.controlPlaneKey ? PublicKey.fromBytes(config.controlPlaneKey) : undefined;
  if (controlPlaneKey) builder.controlPlaneKey(controlPlaneKey);
  if (config.srl) builder.revocationList(SignedRevocationList.fromBytes(config.srl), controlPlaneKey as PublicKey);
  return builder.build();
}

function verify(authorizer: Authorizer, chunk: WireChunk, now: number): BatchResult[] {
  const decoded = decodeChunk(chunk);
  const results: BatchResult[] = new Array(decoded.length);
  const requests: BatchRequest[] = [];
  const positions: number[] = [];
  decoded.forEach((request, i) => {
    if ('error' in request) results[i] = failureResult(request.error);
    else {
      requests.push(request);
      positions.push(i);
    }
  });
  authorizer.verifyBatch(requests, { now }).forEach((result, j) => {
    results[positions[j] as number] = result;
  });
  return results;
}

const port = parentPort;
if (!port) throw new Error('tenuo-ts pool worker must run in a worker thread');
const post = (message: ToMain, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let authorizer: Authorizer | undefined;
try {
  authorizer = build(workerData as WorkerConfig);
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'init-error', error: toWireError(e) });
}

if (authorizer) {
  const a = authorizer;
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'verify':
        try {
          const { results, transfer } = encodeResults(verify(a, message.chunk, message.now));
          post({ type: 'result', id: message.id, results }, transfer);
        } catch (e) {
          post({ type: 'error', id: message.id, error: toWireError(e) });
        }
        return;
      case 'srl':
        try {
          a.setRevocationList(SignedRevocationList.fromBytes(message.bytes));
          post({ type: 'srl-ok', id: message.id });
        } catch (e) {
          post({ type: 'error', id: message.id, error: toWireError(e) });
        }
        return;
    }
  });
}

/**
 * `tenuo demo` (`npm start`): the Kubernetes guide's story in one process —
 * a control plane issues a root warrant to an orchestrator, the orchestrator
 * attenuates it offline for a worker, an authorizer checks the worker's calls
 * (allowed, out of scope, stolen, forged, revoked), then a throughput run
 * through `verifyBatch`. Keys are generated and the real clock is used;
 * everything else is scripted, and every scripted decision is checked against
 * the one the story expects (exit 1 when the library disagrees).
 */
import type { Command } from 'commander';
import { Authorizer, type BatchRequest } from '../authorizer/authorizer.js';
import { Pattern } from '../constraints/types.js';
import { SigningKey } from '../crypto/keys.js';
import { ErrorCode } from '../errors.js';
import type { ToolArgs } from '../pop/challenge.js';
import { SignedRevocationList } from '../revocation/srl.js';
import { WarrantStack } from '../warrant/stack.js';
import { Warrant } from '../warrant/warrant.js';
import { type CliContext, type ExitCodeValue, UsageError } from './common.js';
import {
  count,
  decisionLine,
  describeExpected,
  describeResult,
  expiresIn,
  fingerprint,
  makeStyle,
  matches,
  seconds,
  toolLines,
  truncated,
  wantsColor,
  type DemoWriter,
  type Expected,
  type Style,
} from './demo-format.js';
import { runThroughput } from './demo-throughput.js';

export const DEFAULT_DEMO_REQUESTS = 20_000;
/** PoPs are signed before the run and must still fall in an accepted window when verified. */
export const MAX_DEMO_REQUESTS = 100_000;

export interface DemoOptions {
  /** Requests in the throughput run (default 20,000). */
  requests?: number;
}

interface ScriptedCall {
  caption: string;
  warrant: string;
  tool: string;
  args: ToolArgs;
  pop: Uint8Array | null;
  expect: Expected;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

class Story {
  readonly style: Style;
  mismatches = 0;
  constructor(readonly out: DemoWriter) {
    this.style = makeStyle(wantsColor(out));
  }
  line(text = ''): void {
    this.out.write(`${text}\n`);
  }
  heading(n: number, text: string): void {
    this.line();
    this.line(this.style.bold(this.style.cyan(`${n}. ${text}`)));
  }
  /** `label   value`, with continuation lines aligned under the value. */
  field(label: string, ...values: string[]): void {
    values.forEach((v, i) => this.line(`   ${(i === 0 ? label : '').padEnd(17)} ${v}`));
  }
  note(text: string): void {
    this.line(this.style.dim(`   ${text}`));
  }
  /** Verifies the calls in one batch, prints each decision and checks it against the story. */
  decide(authorizer: Authorizer, calls: readonly ScriptedCall[]): void {
    const requests: BatchRequest[] = calls.map((c) => ({ warrant: c.warrant, tool: c.tool, args: c.args, pop: c.pop }));
    const results = authorizer.verifyBatch(requests, { now: nowSeconds() });
    calls.forEach((call, i) => {
      const result = results[i]!;
      this.line();
      this.note(call.caption);
      this.line(`   ${decisionLine(this.style, call.tool, call.args, result)}`);
      if (!matches(call.expect, result)) {
        this.mismatches++;
        this.line(this.style.yellow(`   ! unexpected: the story expects ${describeExpected(call.expect)}, the library ${describeResult(result)}`));
      }
    });
  }
}

function sizeText(w: Warrant): string {
  return `${count(w.toBytes().length)} bytes CBOR, ${count(w.toBase64().length)} chars base64`;
}

/** Runs the whole demo on `io.stdout`; resolves to 0 when every decision matched the story, else 1. */
export async function runDemo(io: { stdout: DemoWriter }, options: DemoOptions = {}): Promise<number> {
  const requests = options.requests ?? DEFAULT_DEMO_REQUESTS;
  if (!Number.isSafeInteger(requests) || requests < 1 || requests > MAX_DEMO_REQUESTS) {
    throw new RangeError(`requests must be an integer between 1 and ${count(MAX_DEMO_REQUESTS)}`);
  }
  const story = new Story(io.stdout);
  try {
    return tell(story, requests);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    story.line();
    story.line(story.style.red(`demo failed: ${message}`));
    return 1;
  }
}

function tell(story: Story, requests: number): number {
  const { style } = story;
  const started = performance.now();
  story.line(style.bold('Tenuo demo: control plane → orchestrator → worker, every call checked offline'));
  story.note('The keys are generated for this run and the real clock is used; everything else is scripted.');

  // 1. Enrollment.
  const controlPlane = SigningKey.generate();
  const orchestrator = SigningKey.generate();
  const worker = SigningKey.generate();
  const attacker = SigningKey.generate();
  const who = (k: SigningKey) => style.yellow(fingerprint(k.publicKey));
  const root = issueRoot(controlPlane, orchestrator);
  story.heading(1, 'Enrollment: the control plane issues a root warrant to the orchestrator');
  story.field('control plane', `${who(controlPlane)}  signs root warrants and revocation lists`);
  story.field('orchestrator', `${who(orchestrator)}  holds the root warrant`);
  story.field('worker', `${who(worker)}  will process one task: batch-123`);
  story.line();
  story.field('root warrant', style.bold(root.id));
  story.field('', `issued by control plane ${who(controlPlane)} to orchestrator ${who(orchestrator)}`);
  story.field('tools', ...toolLines(root));
  story.field('expires', expiresIn(root.expiresAt, nowSeconds()));
  story.field('size', sizeText(root));

  // 2. Offline attenuation for the worker.
  const attenuation = {
    tools: ['read_file', 'list_dir'],
    constraints: { file_path: '/data/batch-123/*', path: '/data/batch-123/*' },
    keypair: orchestrator,
    ttlSeconds: 300,
    authorizedHolder: worker.publicKey,
  };
  const leaf = root.attenuate(attenuation);
  const chain = WarrantStack.fromLeaf(leaf);
  const header = chain.toBase64();
  story.heading(2, 'Task assignment: the orchestrator narrows its warrant for the worker, offline');
  story.line(`   root.attenuate({ tools: ['read_file', 'list_dir'],`);
  story.line(`                    constraints: { file_path: '/data/batch-123/*', path: '/data/batch-123/*' },`);
  story.line(`                    keypair: orchestrator, ttlSeconds: 300, authorizedHolder: worker.publicKey })`);
  story.note('Local crypto only: the orchestrator signs the child with its own key; no control-plane call.');
  story.note('Read-only (write_file dropped), one batch, five minutes, usable only with the worker\'s key.');
  story.line();
  story.field('chain', `[0] ${root.id}  control plane → orchestrator  ${root.tools.size} tools, expires ${expiresIn(root.expiresAt, nowSeconds(), false)}`);
  story.field('', `[1] ${style.bold(leaf.id)}  orchestrator → worker         ${leaf.tools.size} tools, expires ${expiresIn(leaf.expiresAt, nowSeconds(), false)}`);
  story.field('worker tools', ...toolLines(leaf));
  story.field('worker warrant', `${sizeText(leaf)}; the chain (root first) ${count(chain.toBytes().length)} bytes`);
  story.field('X-Tenuo-Warrant', `${truncated(header)}  ${style.dim(`(${count(header.length)} chars: the chain, base64url)`)}`);

  // 3. The worker's calls, checked by an authorizer that trusts only the control plane.
  const authorizer = Authorizer.builder().trustedRoot(controlPlane.publicKey).controlPlaneKey(controlPlane.publicKey).build();
  story.heading(3, 'The worker calls tools; the authorizer checks each call offline');
  story.line(`   Authorizer.builder().trustedRoot(controlPlane).controlPlaneKey(controlPlane).build()`);
  story.note('A call = the X-Tenuo-Warrant header + tool + arguments + a proof of possession (PoP):');
  story.note('the holder\'s signature over (warrant id, tool, arguments, 30 s time window).');
  const report = { file_path: '/data/batch-123/report.csv' };
  const pop = (key: SigningKey, w: Warrant, tool: string, args: ToolArgs) => w.signPop(key, tool, args);
  const byWorker = (caption: string, tool: string, args: ToolArgs, expect: Expected): ScriptedCall => ({ caption, warrant: header, tool, args, pop: pop(worker, leaf, tool, args), expect });
  story.decide(authorizer, [
    byWorker('The worker reads a file of its batch.', 'read_file', report, { allow: true }),
    byWorker('The worker lists its batch directory.', 'list_dir', { path: '/data/batch-123/' }, { allow: true }),
    byWorker('Another batch: the orchestrator may read it (/data/*), the worker may not.', 'read_file', { file_path: '/data/batch-999/report.csv' }, { deny: ErrorCode.ConstraintViolation }),
    byWorker('Outside /data altogether.', 'read_file', { file_path: '/etc/passwd' }, { deny: ErrorCode.ConstraintViolation }),
    byWorker('A tool the orchestrator holds but did not pass on.', 'write_file', report, { deny: ErrorCode.ToolNotAuthorized }),
    {
      caption: 'Stolen warrant: an attacker replays the header but has no worker key, so it signs the PoP with its own.',
      warrant: header,
      tool: 'read_file',
      args: report,
      pop: pop(attacker, leaf, 'read_file', report),
      expect: { deny: ErrorCode.PopSignatureInvalid },
    },
    {
      caption: 'Wrong PoP: the worker\'s proof for report.csv, replayed for another file.',
      warrant: header,
      tool: 'read_file',
      args: { file_path: '/data/batch-123/secrets.csv' },
      pop: pop(worker, leaf, 'read_file', report),
      expect: { deny: ErrorCode.PopSignatureInvalid },
    },
    { caption: 'No PoP at all.', warrant: header, tool: 'read_file', args: report, pop: null, expect: { deny: ErrorCode.PopSignatureInvalid } },
  ]);

  // Revocation: a signed list from the control plane, installed on the authorizer.
  const srl = SignedRevocationList.create({ revokedIds: [leaf.id], version: 1 }, controlPlane);
  authorizer.setRevocationList(srl);
  story.line();
  story.line(style.bold('   Revocation'));
  story.line(`   The control plane signs SignedRevocationList v${srl.version} listing ${leaf.id} (${count(srl.toBytes().length)} bytes);`);
  story.line(`   authorizer.setRevocationList(srl) checks its signature against ${who(controlPlane)} and installs it.`);
  const orchestratorHeader = WarrantStack.fromLeaf(root).toBase64();
  const otherBatch = { file_path: '/data/batch-999/input.csv' };
  story.decide(authorizer, [
    byWorker('The worker\'s first call again, after the revocation.', 'read_file', report, { deny: ErrorCode.WarrantRevoked }),
    {
      caption: 'Only that warrant is revoked: the orchestrator\'s own warrant still works (and reaches /data/*).',
      warrant: orchestratorHeader,
      tool: 'read_file',
      args: otherBatch,
      pop: pop(orchestrator, root, 'read_file', otherBatch),
      expect: { allow: true },
    },
  ]);
  if (story.mismatches > 0) {
    story.line();
    story.line(style.red(`demo failed: ${story.mismatches} decision(s) differ from the story; see the "!" lines above`));
    return 1;
  }

  // 4. Throughput.
  const fresh = root.attenuate(attenuation);
  const freshHeader = WarrantStack.fromLeaf(fresh).toBase64();
  story.heading(4, `Throughput: ${count(requests)} warm requests through authorizer.verifyBatch`);
  story.note(`The orchestrator gives the worker a fresh warrant for the same task: ${fresh.id}`);
  story.note('(the revoked one stays revoked). The chain — signatures, links, revocation — is verified once and');
  story.note('cached until the next revocation list; each request still checks its own PoP (Ed25519, in WASM),');
  story.note('the tool and its arguments. One request in ten asks for /data/batch-999/… and must be denied.');
  story.line();
  const result = runThroughput({ out: story.out, style, tty: story.out.isTTY === true, authorizer, header: freshHeader, leaf: fresh, worker, requests });
  story.line();
  if (!result.ok) {
    story.line(style.red(`demo failed: ${result.problem}`));
    return 1;
  }
  story.line(style.green(`Every decision matched the story. Demo finished in ${seconds(performance.now() - started)}.`));
  return 0;
}

/** The root warrant of the story: three file tools under /data, one hour. */
function issueRoot(controlPlane: SigningKey, orchestrator: SigningKey): Warrant {
  return Warrant.issue({
    signingKey: controlPlane,
    holder: orchestrator.publicKey,
    tools: {
      read_file: { file_path: new Pattern('/data/*') },
      write_file: { file_path: new Pattern('/data/*') },
      list_dir: { path: new Pattern('/data/*') },
    },
    ttlSeconds: 3600,
  });
}

/** `--requests <n>`: a positive integer up to MAX_DEMO_REQUESTS. */
export function parseRequests(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_DEMO_REQUESTS) {
    throw new UsageError(`--requests must be an integer between 1 and ${MAX_DEMO_REQUESTS}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('tell the control plane → orchestrator → worker story, then measure verifyBatch throughput')
    .option('--requests <n>', `requests in the throughput run (default ${DEFAULT_DEMO_REQUESTS}, at most ${MAX_DEMO_REQUESTS})`)
    .action(async (options: { requests?: string }) => {
      const requests = options.requests === undefined ? DEFAULT_DEMO_REQUESTS : parseRequests(options.requests);
      ctx.exitCode = (await runDemo({ stdout: ctx.io.stdout }, { requests })) as ExitCodeValue;
    });
}

/** `tenuo demo`: the scripted story and a small throughput run, in-process with captured output. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDemo, parseRequests, MAX_DEMO_REQUESTS } from '../../src/cli/demo.js';
import { median } from '../../src/cli/demo-throughput.js';
import { wantsColor } from '../../src/cli/demo-format.js';
import { run } from '../../src/cli/main.js';

function capture(isTTY?: boolean) {
  const sink = { text: '', write: (s: string) => (sink.text += s), ...(isTTY === undefined ? {} : { isTTY }) };
  return sink;
}

/** The decision line of a scripted call: the line after its caption. */
function decisionAfter(out: string, caption: string): string {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes(caption));
  expect(at, `caption "${caption}"`).toBeGreaterThanOrEqual(0);
  return lines[at + 1] ?? '';
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('tenuo demo (runDemo)', () => {
  it('tells the story, matches every scripted decision and prints the throughput table', async () => {
    const stdout = capture();
    const code = await runDemo({ stdout }, { requests: 500 });
    const out = stdout.text;
    expect(code, out).toBe(0);
    // No colour and no carriage returns when stdout is not a terminal.
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).not.toContain('\r');

    // 1–2: who holds what, ids, sizes, the chain and the header.
    expect(out).toMatch(/control plane\s+ed25519:[0-9a-f]{8}/);
    expect(out).toMatch(/root warrant\s+tnu_wrt_[0-9a-f]{32}/);
    expect(out).toMatch(/size\s+\d+ bytes CBOR, \d+ chars base64/);
    expect(out).toMatch(/\[0\] tnu_wrt_[0-9a-f]{32}\s+control plane → orchestrator/);
    expect(out).toMatch(/\[1\] tnu_wrt_[0-9a-f]{32}\s+orchestrator → worker/);
    expect(out).toContain("read_file {file_path: Pattern('/data/batch-123/*')}");
    expect(out).toMatch(/X-Tenuo-Warrant\s+[A-Za-z0-9_-]{48}…[A-Za-z0-9_-]{12}/);

    // 3: each scripted decision on one line.
    expect(decisionAfter(out, 'The worker reads a file of its batch.')).toMatch(/✔ read_file\s+\/data\/batch-123\/report\.csv\s+allowed: passed chain → tool → pop → constraints/);
    expect(decisionAfter(out, 'The worker lists its batch directory.')).toMatch(/✔ list_dir\s+\/data\/batch-123\/\s+allowed/);
    expect(decisionAfter(out, 'Another batch')).toMatch(/✘ read_file\s+\/data\/batch-999\/report\.csv\s+1501 constraint-violation: /);
    expect(decisionAfter(out, 'Outside /data altogether.')).toMatch(/✘ read_file\s+\/etc\/passwd\s+1501 constraint-violation: /);
    expect(decisionAfter(out, 'did not pass on')).toMatch(/✘ write_file\s+\S+\s+1500 tool-not-authorized: /);
    expect(decisionAfter(out, 'Stolen warrant')).toMatch(/✘ read_file\s+\/data\/batch-123\/report\.csv\s+1600 pop-signature-invalid: /);
    expect(decisionAfter(out, 'Wrong PoP')).toMatch(/✘ read_file\s+\/data\/batch-123\/secrets\.csv\s+1600 pop-signature-invalid: /);
    expect(decisionAfter(out, 'No PoP at all.')).toMatch(/✘ read_file\s+.*1600 pop-signature-invalid: /);
    expect(out).toMatch(/SignedRevocationList v1 listing tnu_wrt_[0-9a-f]{32}/);
    expect(decisionAfter(out, 'after the revocation')).toMatch(/✘ read_file\s+\/data\/batch-123\/report\.csv\s+1800 warrant-revoked: /);
    expect(decisionAfter(out, "the orchestrator's own warrant still works")).toMatch(/✔ read_file\s+\/data\/batch-999\/input\.csv\s+allowed/);
    expect(out).not.toContain('! unexpected');

    // 4: periodic progress lines and the final table (50 of 500 requests are out of scope).
    expect(out).toContain('verified 500 / 500  (100%)');
    expect(out).toMatch(/requests\s+500\s+in 2 batches of 256/);
    expect(out).toMatch(/wall time\s+[\d.,]+ m?s/);
    expect(out).toMatch(/requests\/s\s+[\d,]+/);
    expect(out).toMatch(/µs per request\s+[\d.,]+\s+median over batches/);
    expect(out).toMatch(/allowed\s+450\s+\(90\.0%\)/);
    expect(out).toMatch(/denied\s+50\s+\(10\.0%\) 1501/);
    expect(out).toContain('Every decision matched the story.');
  });

  it('uses colour and a \\r progress line on a TTY, but not with NO_COLOR', async () => {
    vi.stubEnv('NO_COLOR', '');
    const tty = capture(true);
    expect(await runDemo({ stdout: tty }, { requests: 300 })).toBe(0);
    expect(tty.text).toMatch(/\x1b\[32m✔\x1b\[39m/);
    expect(tty.text).toContain('\r   verified 300 / 300  (100%)');

    vi.stubEnv('NO_COLOR', '1');
    const plain = capture(true);
    expect(await runDemo({ stdout: plain }, { requests: 10 })).toBe(0);
    expect(plain.text).not.toMatch(/\x1b\[/);
    expect(wantsColor({ write: () => 0, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ write: () => 0, isTTY: true }, {})).toBe(true);
    expect(wantsColor({ write: () => 0 }, {})).toBe(false);
  });

  it('refuses a request count out of range', async () => {
    await expect(runDemo({ stdout: capture() }, { requests: 0 })).rejects.toThrow(RangeError);
    expect(() => parseRequests('12x')).toThrow(/--requests/);
    expect(() => parseRequests(String(MAX_DEMO_REQUESTS + 1))).toThrow(/--requests/);
    expect(parseRequests('200')).toBe(200);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('tenuo demo (CLI)', () => {
  async function cli(args: string[]) {
    const stdout = capture();
    const stderr = capture();
    const code = await run(args, { stdout, stderr });
    return { code, out: stdout.text, err: stderr.text };
  }

  it('runs with --requests and exits 0', async () => {
    const r = await cli(['demo', '--requests', '200']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/requests\s+200\s+in 1 batch of 256/);
  });

  it('is listed in the help, and a bad --requests is a usage error (exit 2)', async () => {
    expect((await cli(['--help'])).out).toMatch(/demo \[options\]/);
    const r = await cli(['demo', '--requests', 'many']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --requests must be an integer/);
  });
});

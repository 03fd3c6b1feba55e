/**
 * Cidr (wire type 8): address/network parsing (Rust std `IpAddr`, ipnetwork
 * 0.21.1), matching and attenuation — reference-map §2.1 (Cidr row), §2.2.
 *
 * The parse tables were checked against a rustc 1.95 program using
 * `str::parse::<IpAddr>()` / `Ipv4Addr` / `Ipv6Addr` / `u8` directly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenuoErrorOf as errorOf } from '../helpers.js';
import { parseIpAddress, parseIpNetwork } from '../../src/constraints/ip.js';
import { checkCidrAttenuation, matchesCidr } from '../../src/constraints/net.js';
import { Cidr, Exact, Pattern, Wildcard } from '../../src/constraints/types.js';
import { ErrorCode, TenuoError } from '../../src/errors.js';
import { float } from '../../src/model/value.js';


function show(text: string): string {
  const a = parseIpAddress(text);
  if (!a) return 'err';
  if (a.version === 4) return `v4:${[...a.bytes].join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((a.bytes[i] as number) << 8) | (a.bytes[i + 1] as number)).toString(16));
  return `v6:${groups.join(':')}`;
}

function showNet(text: string): string {
  const n = parseIpNetwork(text);
  return n ? `${n.address.version === 4 ? [...n.address.bytes].join('.') : 'v6'}/${n.prefix}` : 'err';
}

describe('IP address parsing (Rust std rules)', () => {
  const cases: [string, string][] = [
    ['1.2.3.4', 'v4:1.2.3.4'],
    ['0.0.0.0', 'v4:0.0.0.0'],
    ['255.255.255.255', 'v4:255.255.255.255'],
    ['256.0.0.1', 'err'],
    ['01.2.3.4', 'err'], // leading zero
    ['1.2.3.04', 'err'],
    ['00.0.0.0', 'err'],
    ['1.2.3', 'err'], // short form
    ['1.2.3.4.5', 'err'],
    ['1.2.3.', 'err'],
    ['1..2.3', 'err'],
    ['.1.2.3', 'err'],
    ['', 'err'],
    ['1.2.3.256', 'err'],
    ['1.2.3.1000', 'err'],
    ['199.250.9.0', 'v4:199.250.9.0'],
    ['0x7f.0.0.1', 'err'], // hex
    ['0177.0.0.1', 'err'], // octal
    ['2130706433', 'err'], // single number
    ['1.2.3.4 ', 'err'],
    [' 1.2.3.4', 'err'],
    ['1.2.3.4%eth0', 'err'],
    ['+1.2.3.4', 'err'],
    ['::', 'v6:0:0:0:0:0:0:0:0'],
    ['::1', 'v6:0:0:0:0:0:0:0:1'],
    ['::ffff:1.2.3.4', 'v6:0:0:0:0:0:ffff:102:304'],
    ['1:2:3:4:5:6:7:8', 'v6:1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', 'v6:1:2:3:4:5:6:7:0'], // `::` may stand for a single group
    ['1:2:3:4:5:6:7:8::', 'err'],
    ['1::2::3', 'err'],
    [':::', 'err'],
    ['fe80::1%eth0', 'err'], // zone id
    ['[::1]', 'err'], // brackets
    ['0000:0000:0000:0000:0000:ffff:255.255.255.255', 'v6:0:0:0:0:0:ffff:ffff:ffff'],
    ['00000::1', 'err'], // five hex digits
    ['1:2:3:4:5:6:1.2.3.4', 'v6:1:2:3:4:5:6:102:304'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'err'],
    ['1.2.3.4::', 'err'], // IPv4 before `::`
    ['::1.2.3.04', 'err'],
    ['1:2:3:4:5:6::1.2.3.4', 'err'],
    ['ABCD:EF01::', 'v6:abcd:ef01:0:0:0:0:0:0'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => expect(show(text)).toBe(expected));
  }

  // Independent model of Rust's dotted-quad rule.
  const QUAD = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;
  function modelV4(text: string): string {
    const m = QUAD.exec(text);
    if (!m || m.slice(1).some((o) => Number(o) > 255)) return 'err';
    return `v4:${m.slice(1).map(Number).join('.')}`;
  }
  it('dotted-quad text follows the model (10,000 random strings)', () => {
    const piece = fc.constantFrom('0', '1', '9', '00', '25', '255', '256', '099', '1000', '.', '..', 'a', ' ', '+', '-');
    const text = fc.array(piece, { maxLength: 9 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const model = modelV4(t);
        if (model !== 'err' || !t.includes(':')) expect(show(t).startsWith('v6') ? 'err' : show(t)).toBe(model);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('IP network parsing (ipnetwork 0.21.1)', () => {
  const cases: [string, string][] = [
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/+8', '10.0.0.0/8'], // u8 text: optional `+`
    ['10.0.0.0/008', '10.0.0.0/8'], // u8 text: leading zeros
    ['10.0.0.0/0000000000008', '10.0.0.0/8'],
    ['10.0.0.0/33', 'err'],
    ['10.0.0.0/', 'err'],
    ['10.0.0.0/-1', 'err'],
    ['10.0.0.0/8/8', 'err'],
    ['10.0.0.0/ 8', 'err'],
    ['10.1.2.3/8', '10.1.2.3/8'], // host bits kept
    ['10.0.0.0/255.0.0.0', '10.0.0.0/8'], // dotted netmask
    ['10.0.0.0/0.0.0.0', '10.0.0.0/0'],
    ['10.0.0.0/255.0.255.0', 'err'], // non-contiguous
    ['10.0.0.0/255.255.255.00', 'err'],
    ['10/8', 'err'],
    ['10.0.0/24', 'err'],
    ['1.2.3.4', '1.2.3.4/32'],
    ['2001:db8::/32', 'v6/32'],
    ['2001:db8::/+32', 'v6/32'],
    ['2001:db8::/129', 'err'],
    ['2001:db8::/ffff::', 'err'], // no IPv6 netmask form
    ['[::1]/128', 'err'],
    ['::/0', 'v6/0'],
    ['::1', 'v6/128'],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () => expect(showNet(text)).toBe(expected));
  }
});

describe('Cidr matching', () => {
  const net8 = new Cidr('10.0.0.0/8');

  it('contains addresses of the network and no others', () => {
    expect(matchesCidr(net8, '10.1.2.3')).toBe(true);
    expect(matchesCidr(net8, '10.255.255.255')).toBe(true);
    expect(matchesCidr(net8, '11.0.0.1')).toBe(false);
    expect(matchesCidr(net8, '9.255.255.255')).toBe(false);
  });

  it('non-string values do not match (no error)', () => {
    for (const v of [167772161, float(1), null, true, ['10.0.0.1'], { ip: '10.0.0.1' }]) expect(matchesCidr(net8, v)).toBe(false);
  });

  it('unparsable argument strings are an error (1501) that does not echo the value', () => {
    for (const bad of ['10.0.0', '010.0.0.1', '0x0a.0.0.1', '167772161', '[::1]', 'fe80::1%eth0', ' 10.0.0.1', '10.0.0.1/32', 'secret-host']) {
      const e = errorOf(() => matchesCidr(net8, bad));
      expect(e.code).toBe(ErrorCode.ConstraintViolation);
      if (bad.length > 3) expect(e.message).not.toContain(bad);
    }
  });

  it('an IPv4 network never contains IPv6 addresses, v4-mapped included', () => {
    expect(matchesCidr(net8, '::ffff:10.0.0.1')).toBe(false);
    expect(matchesCidr(new Cidr('0.0.0.0/0'), '::1')).toBe(false);
    const mapped = new Cidr('::ffff:0:0/96');
    expect(matchesCidr(mapped, '10.0.0.1')).toBe(false);
    expect(matchesCidr(mapped, '::ffff:10.0.0.1')).toBe(true);
  });

  it('host bits in the network text are ignored for containment', () => {
    expect(matchesCidr(new Cidr('10.1.2.3/8'), '10.200.0.1')).toBe(true);
  });

  it('netmask prefixes and prefix spellings', () => {
    const c = new Cidr('192.168.0.0/255.255.0.0');
    expect(matchesCidr(c, '192.168.5.5')).toBe(true);
    expect(matchesCidr(c, '192.169.0.1')).toBe(false);
    expect(matchesCidr(new Cidr('10.0.0.0/+8'), '10.9.9.9')).toBe(true);
    expect(() => new Cidr('10.0.0.0/255.0.255.0')).toThrow(TenuoError);
    expect(() => new Cidr('10/8')).toThrow(TenuoError);
  });

  it('no prefix means a single address; /0 means the whole family', () => {
    const one = new Cidr('10.0.0.1');
    expect(matchesCidr(one, '10.0.0.1')).toBe(true);
    expect(matchesCidr(one, '10.0.0.2')).toBe(false);
    expect(matchesCidr(new Cidr('0.0.0.0/0'), '255.255.255.255')).toBe(true);
    expect(matchesCidr(new Cidr('::/0'), '2001:db8::1')).toBe(true);
    expect(matchesCidr(new Cidr('::/0'), '1.2.3.4')).toBe(false);
  });

  it('IPv6 networks', () => {
    const c = new Cidr('2001:db8::/32');
    expect(matchesCidr(c, '2001:db8:ffff::1')).toBe(true);
    expect(matchesCidr(c, '2001:DB8::1')).toBe(true);
    expect(matchesCidr(c, '2001:db9::1')).toBe(false);
    expect(matchesCidr(new Cidr('fe80::/10'), 'febf::1')).toBe(true);
    expect(matchesCidr(new Cidr('fe80::/10'), 'fec0::1')).toBe(false);
  });
});

describe('Cidr attenuation', () => {
  const parent = new Cidr('10.0.0.0/8');
  const codeOf = (child: Cidr | Exact | Pattern | Wildcard, p: Cidr = parent) => {
    try {
      checkCidrAttenuation(p, child);
      return 'ok';
    } catch (e) {
      return (e as TenuoError).code;
    }
  };

  it('Cidr → Cidr: child network and broadcast must both lie inside the parent', () => {
    expect(codeOf(new Cidr('10.1.0.0/16'))).toBe('ok');
    expect(codeOf(new Cidr('10.0.0.0/8'))).toBe('ok');
    expect(codeOf(new Cidr('10.1.2.3/8'))).toBe('ok'); // same network despite host bits
    expect(codeOf(new Cidr('10.9.9.9'))).toBe('ok');
    expect(codeOf(new Cidr('0.0.0.0/0'))).toBe(ErrorCode.CapabilityExpansion);
    expect(codeOf(new Cidr('10.0.0.0/7'))).toBe(ErrorCode.CapabilityExpansion);
    expect(codeOf(new Cidr('11.0.0.0/16'))).toBe(ErrorCode.CapabilityExpansion);
    // Network address inside, broadcast outside.
    expect(codeOf(new Cidr('10.0.0.5/16'), new Cidr('10.0.0.0/24'))).toBe(ErrorCode.CapabilityExpansion);
    expect(codeOf(new Cidr('::ffff:10.0.0.0/104'))).toBe(ErrorCode.CapabilityExpansion);
    expect(codeOf(new Cidr('2001:db8:1::/48'), new Cidr('2001:db8::/32'))).toBe('ok');
    expect(codeOf(new Cidr('2001:db8::/31'), new Cidr('2001:db8::/32'))).toBe(ErrorCode.CapabilityExpansion);
  });

  it('Cidr → Exact: the address must be inside; bad text is 1501, non-strings 1502', () => {
    expect(codeOf(new Exact('10.2.3.4'))).toBe('ok');
    expect(codeOf(new Exact('11.0.0.1'))).toBe(ErrorCode.ConstraintViolation);
    expect(codeOf(new Exact('10.0.0'))).toBe(ErrorCode.ConstraintViolation);
    expect(codeOf(new Exact('::ffff:10.0.0.1'))).toBe(ErrorCode.ConstraintViolation);
    expect(codeOf(new Exact(42))).toBe(ErrorCode.InvalidAttenuation);
  });

  it('other child types are incompatible; Wildcard is an expansion', () => {
    expect(codeOf(new Pattern('10.*'))).toBe(ErrorCode.InvalidAttenuation);
    expect(codeOf(new Wildcard())).toBe(ErrorCode.CapabilityExpansion);
  });
});

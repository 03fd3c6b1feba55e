// TEMPORARY tuning hooks (removed before hand-off).
import { POINT_SIZE, p1p1ToP2, p1p1ToP3, p3ToCached, pointDouble, pointAddCached, pointAddNiels, pointDecode, pointDecodePair, buildOddMultiples } from './edwards';
import { feMul, feSq, feCarry } from './field';
import { feMulPair } from './field-pair';
import { BASE_TABLE } from './ed25519-tables';
import { sha512Digest3 } from './sha512';
import { scReduce64 } from './scalar';

const P: usize = memory.data(<i32>POINT_SIZE, 16);
const Q: usize = memory.data(<i32>POINT_SIZE, 16);
const S: usize = memory.data(<i32>POINT_SIZE, 16);
const C: usize = memory.data(<i32>POINT_SIZE * 8, 16);
const ENC: usize = memory.data<u8>([0x58,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66,0x66], 16);
const BUF: usize = memory.data(512, 16);

export function batchTuneOp(kind: i32, reps: i32): i32 {
  pointDecode(P, ENC);
  p3ToCached(C, P);
  let ok = 0;
  for (let i = 0; i < reps; i++) {
    if (kind == 0) { pointAddCached(S, P, C, false); p1p1ToP3(P, S); }
    else if (kind == 1) { pointAddNiels(S, P, BASE_TABLE, false); p1p1ToP3(P, S); }
    else if (kind == 2) { pointDouble(S, P); p1p1ToP2(P, S); }
    else if (kind == 3) { ok += pointDecodePair(P, ENC, Q, ENC); }
    else if (kind == 4) { ok += pointDecode(P, ENC) ? 1 : 0; }
    else if (kind == 5) { sha512Digest3(BUF, ENC, 32, ENC, 32, BUF, 128); scReduce64(BUF + 64, BUF); }
    else if (kind == 6) { buildOddMultiples(C, P, 8); }
    else if (kind == 7) { feMul(Q, P, P + 80); }
    else if (kind == 8) { feMulPair(Q, P, P + 80, Q + 80, P + 160, P + 240); }
    else if (kind == 9) { p3ToCached(C, P); }
    else if (kind == 10) { p1p1ToP3(Q, S); }
  }
  return ok;
}

import { msmLastPlan, msmForcePlan } from './batch-msm';
export function batchTunePlan(): i32 { return msmLastPlan(); }
export function batchTuneForce(mode: i32, c: i32): void { msmForcePlan(mode, c); }

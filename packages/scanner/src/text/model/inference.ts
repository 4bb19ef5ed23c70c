// Inference arithmetic of the learned model over its weight tables (linear.ts): emission scores of
// the hashed linear tagger, Viterbi decoding, and the hashed logistic regressions of the verdict.
import { LABEL_COUNT, popcount, rowOf, type PairTable, type Table } from "./linear.js";
import { Buf, take, type Workspace } from "./workspace.js";

/** Emission scores, one row of LABEL_COUNT per position; position p's features are hashes[offsets[p]..offsets[p+1]). */
export function emissions(table: Table, hashes: Uint32Array, offsets: Uint32Array, ws?: Workspace): Float32Array {
  const L = table.width;
  const positions = Math.max(0, offsets.length - 1);
  const out = ws ? ws.take(Buf.Scores, Float32Array, positions * L).subarray(0, positions * L) : new Float32Array(positions * L);
  if (table.index && L === 9 && !(table.weights instanceof Float32Array)) return sparseEmissions9(table, table.index, table.weights, hashes, offsets, out);
  if (ws) out.fill(0);
  const { weights, mask } = table;
  for (let p = 0; p < positions; p++) {
    const row = p * L;
    const end = offsets[p + 1]!;
    for (let f = offsets[p]!; f < end; f++) {
      const base = rowOf(table, hashes[f]! & mask);
      if (base < 0) continue;
      for (let l = 0; l < L; l++) out[row + l]! += weights[base + l]!;
    }
  }
  if (table.scale !== 1) for (let i = 0; i < out.length; i++) out[i]! *= table.scale;
  return out;
}

/**
 * emissions() of the shipped tagger (sparse, integer weights, 9 labels): a position's nine sums are
 * kept in registers instead of being read and written back per feature. Integer sums are exact, so
 * the scores are the same numbers as the generic loop gives.
 */
function sparseEmissions9(table: Table, index: Uint32Array, weights: Int8Array | Int16Array, hashes: Uint32Array, offsets: Uint32Array, out: Float32Array): Float32Array {
  const positions = offsets.length - 1;
  const { mask, scale } = table;
  for (let p = 0; p < positions; p++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
    const end = offsets[p + 1]!;
    for (let f = offsets[p]!; f < end; f++) {
      const bucket = hashes[f]! & mask;
      const word = bucket >>> 5;
      const bits = index[2 * word]!;
      const bit = 1 << (bucket & 31);
      if ((bits & bit) === 0) continue;
      const b = (index[2 * word + 1]! + popcount(bits & (bit - 1))) * 9;
      s0 += weights[b]!; s1 += weights[b + 1]!; s2 += weights[b + 2]!; s3 += weights[b + 3]!; s4 += weights[b + 4]!;
      s5 += weights[b + 5]!; s6 += weights[b + 6]!; s7 += weights[b + 7]!; s8 += weights[b + 8]!;
    }
    const row = p * 9;
    out[row] = s0 * scale; out[row + 1] = s1 * scale; out[row + 2] = s2 * scale; out[row + 3] = s3 * scale; out[row + 4] = s4 * scale;
    out[row + 5] = s5 * scale; out[row + 6] = s6 * scale; out[row + 7] = s7 * scale; out[row + 8] = s8 * scale;
  }
  return out;
}

/**
 * Best label sequence. transitions[(prev + 1) * L + label], prev = -1 for the start of the text.
 * Exact: emissions do not depend on the previous label.
 */
export function viterbi(scores: Float32Array | Float64Array, positions: number, transitions: ArrayLike<number>, L: number = LABEL_COUNT, ws?: Workspace): number[] {
  if (positions === 0) return [];
  if (L === 9) return viterbi9(scores, positions, transitions, ws);
  const best = take(ws, Buf.Best, Float64Array, positions * L);
  const back = take(ws, Buf.Back, Int8Array, positions * L);
  for (let l = 0; l < L; l++) best[l] = scores[l]! + transitions[l]!;
  for (let p = 1; p < positions; p++) {
    const previous = (p - 1) * L;
    const row = p * L;
    for (let l = 0; l < L; l++) {
      let top = -Infinity;
      let arg = 0;
      for (let k = 0, t = L + l; k < L; k++, t += L) {
        const value = best[previous + k]! + transitions[t]!;
        if (value > top) { top = value; arg = k; }
      }
      best[row + l] = top + scores[row + l]!;
      back[row + l] = arg;
    }
  }
  return backtrack(best, back, positions, L);
}

/**
 * viterbi() for the shipped tagger's 9 labels: the previous position's scores stay in registers and
 * the 9 × 9 inner loop is unrolled. Same additions and comparisons, in the same order.
 */
function viterbi9(scores: Float32Array | Float64Array, positions: number, tr: ArrayLike<number>, ws?: Workspace): number[] {
  const best = take(ws, Buf.Best, Float64Array, positions * 9);
  const back = take(ws, Buf.Back, Int8Array, positions * 9);
  for (let l = 0; l < 9; l++) best[l] = scores[l]! + tr[l]!;
  let b0 = best[0]!, b1 = best[1]!, b2 = best[2]!, b3 = best[3]!, b4 = best[4]!, b5 = best[5]!, b6 = best[6]!, b7 = best[7]!, b8 = best[8]!;
  for (let p = 1; p < positions; p++) {
    const row = p * 9;
    for (let l = 0; l < 9; l++) {
      let top = -Infinity;
      let arg = 0;
      let v = b0 + tr[9 + l]!; if (v > top) { top = v; arg = 0; }
      v = b1 + tr[18 + l]!; if (v > top) { top = v; arg = 1; }
      v = b2 + tr[27 + l]!; if (v > top) { top = v; arg = 2; }
      v = b3 + tr[36 + l]!; if (v > top) { top = v; arg = 3; }
      v = b4 + tr[45 + l]!; if (v > top) { top = v; arg = 4; }
      v = b5 + tr[54 + l]!; if (v > top) { top = v; arg = 5; }
      v = b6 + tr[63 + l]!; if (v > top) { top = v; arg = 6; }
      v = b7 + tr[72 + l]!; if (v > top) { top = v; arg = 7; }
      v = b8 + tr[81 + l]!; if (v > top) { top = v; arg = 8; }
      best[row + l] = top + scores[row + l]!;
      back[row + l] = arg;
    }
    b0 = best[row]!; b1 = best[row + 1]!; b2 = best[row + 2]!; b3 = best[row + 3]!; b4 = best[row + 4]!;
    b5 = best[row + 5]!; b6 = best[row + 6]!; b7 = best[row + 7]!; b8 = best[row + 8]!;
  }
  return backtrack(best, back, positions, 9);
}

/** The best final label, then the back-pointers from there. */
function backtrack(best: Float64Array, back: Int8Array, positions: number, L: number): number[] {
  const lastRow = (positions - 1) * L;
  let last = 0;
  for (let l = 1; l < L; l++) if (best[lastRow + l]! > best[lastRow + last]!) last = l;
  const path = new Array<number>(positions);
  for (let p = positions - 1; p >= 0; p--) {
    path[p] = last;
    last = back[p * L + last]!;
  }
  return path;
}

/** logisticPair's answer: both probabilities, and what the n-grams alone add to column 0. */
export interface PairScores {
  p0: number;
  p1: number;
  /**
   * Sum over the first `lead` features of weight × value in column 0, scaled per feature
   * (weightAt(column 0 table, bucket) * value, summed in order): the n-gram cue of explainVerdict.
   */
  lead0: number;
}

/**
 * logistic() of both columns, each with the same arithmetic, in the same order, as logistic() over
 * that column's own table, in one pass over the features.
 */
export function logisticPair(pair: PairTable, bias0: number, bias1: number, hashes: ArrayLike<number>, values: ArrayLike<number>, lead = 0): PairScores {
  const { weights, mask, index } = pair.table;
  const [scale0, scale1] = pair.scales;
  let sum0 = 0;
  let sum1 = 0;
  let lead0 = 0;
  for (let i = 0; i < hashes.length; i++) {
    const bucket = (hashes[i] as number) & mask;
    const word = bucket >>> 5;
    const bits = index![2 * word]!;
    const bit = 1 << (bucket & 31);
    if ((bits & bit) === 0) continue;
    const at = (index![2 * word + 1]! + popcount(bits & (bit - 1))) * 2;
    const value = values[i] as number;
    const w0 = weights[at]!;
    sum0 += w0 * value;
    sum1 += weights[at + 1]! * value;
    if (i < lead) lead0 += w0 * scale0 * value;
  }
  return { p0: 1 / (1 + Math.exp(-(bias0 + sum0 * scale0))), p1: 1 / (1 + Math.exp(-(bias1 + sum1 * scale1))), lead0 };
}

export function logistic(table: Table, bias: number, hashes: ArrayLike<number>, values: ArrayLike<number>): number {
  const { weights, mask, index } = table;
  let sum = 0;
  for (let i = 0; i < hashes.length; i++) {
    const bucket = (hashes[i] as number) & mask;
    let at = bucket;
    if (index) {
      const word = bucket >>> 5;
      const bits = index[2 * word]!;
      const bit = 1 << (bucket & 31);
      if ((bits & bit) === 0) continue;
      at = index[2 * word + 1]! + popcount(bits & (bit - 1));
    }
    sum += weights[at]! * (values[i] as number);
  }
  return 1 / (1 + Math.exp(-(bias + sum * table.scale)));
}

// Weight tables of the learned model and the arithmetic of inference: a hashed linear tagger decoded
// with Viterbi, and hashed logistic regressions. Tables are stored sparse and quantized (see encode).
import { LABELS } from "./features.js";

export const LABEL_COUNT = LABELS.length;

/** A sparse, quantized table as stored in data/text-model.json. */
export interface EncodedTable {
  bits: number;
  /** Values per bucket (labels for the tagger, 1 for a classifier). */
  width: number;
  /** Bytes per quantized value (1 = int8, 2 = int16). */
  bytes: 1 | 2;
  scale: number;
  /** base64 of varint bucket deltas. */
  buckets: string;
  /** base64 of the quantized values, `width` per bucket. */
  values: string;
}

export interface Table {
  mask: number;
  width: number;
  /**
   * Weight of (bucket, k) is weights[bucket * width + k] * scale. Shipped tables keep the file's
   * quantized integers (int8 tagger: 2.4 MB instead of 9.4 MB as floats, so its rows stay in cache);
   * tables fresh from training are floats with scale 1.
   */
  weights: Float32Array | Int8Array | Int16Array;
  scale: number;
}

export function weightAt(table: Table, index: number): number {
  return (table.weights[index] ?? 0) * table.scale;
}

/** Quantizes a dense table and keeps only buckets with a non-zero value (pruning tiny weights). */
export function encodeTable(weights: Float32Array | Float64Array, bits: number, width: number, bytes: 1 | 2): EncodedTable {
  let max = 0;
  for (const w of weights) if (Math.abs(w) > max) max = Math.abs(w);
  const limit = bytes === 1 ? 127 : 32767;
  const scale = max > 0 ? max / limit : 1;
  const bucketBytes: number[] = [];
  const valueBytes: number[] = [];
  let previous = 0;
  const size = 1 << bits;
  for (let bucket = 0; bucket < size; bucket++) {
    let any = false;
    const quantized: number[] = [];
    for (let k = 0; k < width; k++) {
      const q = Math.round((weights[bucket * width + k] ?? 0) / scale);
      quantized.push(q);
      if (q !== 0) any = true;
    }
    if (!any) continue;
    let delta = bucket - previous;
    previous = bucket;
    while (delta >= 0x80) { bucketBytes.push((delta & 0x7f) | 0x80); delta >>>= 7; }
    bucketBytes.push(delta);
    for (const q of quantized) {
      if (bytes === 1) valueBytes.push(q & 0xff);
      else valueBytes.push(q & 0xff, (q >> 8) & 0xff);
    }
  }
  return { bits, width, bytes, scale, buckets: toBase64(Uint8Array.from(bucketBytes)), values: toBase64(Uint8Array.from(valueBytes)) };
}

export function decodeTable(table: EncodedTable): Table {
  const size = 1 << table.bits;
  const weights = table.bytes === 1 ? new Int8Array(size * table.width) : new Int16Array(size * table.width);
  const buckets = fromBase64(table.buckets);
  const values = fromBase64(table.values);
  let bucket = 0;
  let read = 0;
  let v = 0;
  while (read < buckets.length) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = buckets[read++] ?? 0;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    bucket += delta;
    const row = bucket * table.width;
    if (table.bytes === 1) {
      // Int8Array stores the low byte as two's complement: no sign fiddling needed.
      for (let k = 0; k < table.width; k++) weights[row + k] = values[v++]!;
    } else {
      for (let k = 0; k < table.width; k++, v += 2) weights[row + k] = values[v]! | (values[v + 1]! << 8);
    }
  }
  return { mask: size - 1, width: table.width, weights, scale: table.scale };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Hand-rolled so the scanner runs unchanged in the browser (no Buffer) and in Node (atob is slow there).
function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0, b = bytes[i + 1] ?? 0, c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : "=") + (i + 2 < bytes.length ? B64[n & 63]! : "=");
  }
  return out;
}

const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function fromBase64(text: string): Uint8Array {
  let padding = 0;
  if (text.endsWith("==")) padding = 2;
  else if (text.endsWith("=")) padding = 1;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n = ((B64_INDEX[text.charCodeAt(i)] ?? 0) << 18) | ((B64_INDEX[text.charCodeAt(i + 1)] ?? 0) << 12) |
      ((Math.max(0, B64_INDEX[text.charCodeAt(i + 2)] ?? 0)) << 6) | Math.max(0, B64_INDEX[text.charCodeAt(i + 3)] ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** Emission scores, one row of LABEL_COUNT per position; position p's features are hashes[offsets[p]..offsets[p+1]). */
export function emissions(table: Table, hashes: Uint32Array, offsets: Uint32Array): Float32Array {
  const L = table.width;
  const positions = offsets.length - 1;
  const out = new Float32Array(Math.max(0, positions) * L);
  const { weights, mask } = table;
  for (let p = 0; p < positions; p++) {
    const row = p * L;
    const end = offsets[p + 1] as number;
    for (let f = offsets[p] as number; f < end; f++) {
      const base = ((hashes[f] as number) & mask) * L;
      for (let l = 0; l < L; l++) out[row + l]! += weights[base + l]!;
    }
  }
  if (table.scale !== 1) for (let i = 0; i < out.length; i++) out[i]! *= table.scale;
  return out;
}

/**
 * Best label sequence. transitions[(prev + 1) * L + label], prev = -1 for the start of the text.
 * Exact: emissions do not depend on the previous label.
 */
export function viterbi(scores: Float32Array | Float64Array, positions: number, transitions: ArrayLike<number>, L: number = LABEL_COUNT): number[] {
  if (positions === 0) return [];
  const best = new Float64Array(positions * L);
  const back = new Int8Array(positions * L);
  for (let l = 0; l < L; l++) best[l] = (scores[l] ?? 0) + (transitions[l] ?? 0);
  for (let p = 1; p < positions; p++) {
    for (let l = 0; l < L; l++) {
      let top = -Infinity;
      let arg = 0;
      for (let k = 0; k < L; k++) {
        const value = (best[(p - 1) * L + k] ?? 0) + (transitions[(k + 1) * L + l] ?? 0);
        if (value > top) { top = value; arg = k; }
      }
      best[p * L + l] = top + (scores[p * L + l] ?? 0);
      back[p * L + l] = arg;
    }
  }
  let last = 0;
  for (let l = 1; l < L; l++) if ((best[(positions - 1) * L + l] ?? 0) > (best[(positions - 1) * L + last] ?? 0)) last = l;
  const path = new Array<number>(positions);
  for (let p = positions - 1; p >= 0; p--) {
    path[p] = last;
    last = back[p * L + last] ?? 0;
  }
  return path;
}

export function logistic(table: Table, bias: number, hashes: ArrayLike<number>, values: ArrayLike<number>): number {
  const { weights, mask } = table;
  let sum = 0;
  for (let i = 0; i < hashes.length; i++) sum += weights[(hashes[i] as number) & mask]! * (values[i] as number);
  return 1 / (1 + Math.exp(-(bias + sum * table.scale)));
}

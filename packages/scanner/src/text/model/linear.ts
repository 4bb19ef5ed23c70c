// Weight tables of the learned model: stored sparse and quantized in the model file (see encode),
// decoded into compact sparse tables (only non-zero rows) for scanning. The arithmetic over them is
// in inference.ts.
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
   * Dense tables (fresh from training, floats with scale 1): the weight of (bucket, k) is
   * weights[bucket * width + k] * scale. Shipped tables are sparse (see `index`).
   */
  weights: Float32Array | Int8Array | Int16Array;
  scale: number;
  /**
   * Sparse tables (decoded from the model file) keep only their non-zero rows, in bucket order, as
   * the file's quantized integers: the shipped tagger is 7% non-zero, so its 2.4 MB dense int8 table
   * shrinks to ~0.2 MB and stays in L2 cache, where each feature look-up was a cache miss before.
   * index[2w] holds presence bits of buckets 32w..32w+31, index[2w + 1] the rows before them.
   */
  index?: Uint32Array;
}

/** Bits set in a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Offset of a bucket's row in table.weights, or -1 when a sparse table has no row (all zero) for it. */
export function rowOf(table: Table, bucket: number): number {
  const index = table.index;
  if (!index) return bucket * table.width;
  const word = bucket >>> 5;
  const bits = index[2 * word]!;
  const bit = 1 << (bucket & 31);
  if ((bits & bit) === 0) return -1;
  return (index[2 * word + 1]! + popcount(bits & (bit - 1))) * table.width;
}

export function weightAt(table: Table, index: number): number {
  const width = table.width;
  const row = rowOf(table, Math.floor(index / width));
  return row < 0 ? 0 : (table.weights[row + (index % width)] ?? 0) * table.scale;
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
  const width = table.width;
  const buckets = fromBase64(table.buckets);
  const values = fromBase64(table.values);
  const rows = values.length / (width * table.bytes);
  const weights = table.bytes === 1 ? new Int8Array(rows * width) : new Int16Array(rows * width);
  const index = new Uint32Array(2 * Math.max(1, size >>> 5));
  let bucket = 0;
  let read = 0;
  let v = 0;
  for (let row = 0; row < rows; row++) {
    let delta = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = buckets[read++] ?? 0;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    bucket += delta;
    index[2 * (bucket >>> 5)]! |= 1 << (bucket & 31);
    const at = row * width;
    if (table.bytes === 1) {
      // Int8Array stores the low byte as two's complement: no sign fiddling needed.
      for (let k = 0; k < width; k++) weights[at + k] = values[v++]!;
    } else {
      for (let k = 0; k < width; k++, v += 2) weights[at + k] = values[v]! | (values[v + 1]! << 8);
    }
  }
  for (let word = 0, before = 0; 2 * word < index.length; word++) {
    index[2 * word + 1] = before;
    before += popcount(index[2 * word]!);
  }
  return { mask: size - 1, width, weights, scale: table.scale, index };
}

/**
 * Two weight columns in one table, so a document feature costs one look-up for both classifiers
 * (the verdict's flag and block regressions share their buckets).
 */
export interface PairTable {
  table: Table;
  scales: [number, number];
}

/** Joins two one-column int16 tables over the same buckets into one two-column sparse table. */
export function pairTables(a: Table, b: Table): PairTable {
  if (a.width !== 1 || b.width !== 1 || a.mask !== b.mask || !a.index || !b.index || !(a.weights instanceof Int16Array) || !(b.weights instanceof Int16Array)) {
    throw new Error("pairTables: two sparse int16 one-column tables of one size");
  }
  const words = a.index.length >>> 1;
  const index = new Uint32Array(2 * words);
  let rows = 0;
  for (let word = 0; word < words; word++) {
    const bits = (a.index[2 * word]! | b.index[2 * word]!) >>> 0;
    index[2 * word] = bits;
    index[2 * word + 1] = rows;
    rows += popcount(bits);
  }
  // Buckets in ascending order: each table's next row is the next one it has.
  const weights = new Int16Array(rows * 2);
  let row = 0;
  let rowA = 0;
  let rowB = 0;
  for (let word = 0; word < words; word++) {
    const bitsA = a.index[2 * word]!;
    const bitsB = b.index[2 * word]!;
    for (let bits = index[2 * word]!; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      if (bitsA & bit) weights[2 * row] = a.weights[rowA++]!;
      if (bitsB & bit) weights[2 * row + 1] = b.weights[rowB++]!;
      row++;
    }
  }
  return { table: { mask: a.mask, width: 2, weights, scale: 1, index }, scales: [a.scale, b.scale] };
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

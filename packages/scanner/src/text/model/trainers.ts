// Deterministic trainers: a structured averaged perceptron (Viterbi) for the tagger and an Adagrad
// logistic regression for the verdict. Same examples + same seed → bit-identical weights: the only
// randomness is the seeded shuffle, and examples are visited in a fixed order.
import { seededRandom, shuffleInPlace } from "./hash.js";
import { viterbi } from "./inference.js";
import { LABEL_COUNT } from "./linear.js";

export interface TaggerExample {
  /** Features of position p: hashes[offsets[p] .. offsets[p + 1]). */
  hashes: Uint32Array;
  offsets: Uint32Array;
  labels: number[];
}

export interface TrainedTagger {
  bits: number;
  weights: Float32Array;
  transitions: Float32Array;
}

export function trainTagger(examples: TaggerExample[], options: { bits: number; epochs: number; seed: number }): TrainedTagger {
  const L = LABEL_COUNT;
  const mask = (1 << options.bits) - 1;
  const size = (1 << options.bits) * L;
  // Averaging trick: w holds the current weights, u the step-weighted sum of updates; avg = w - u / c.
  const w = new Float64Array(size);
  const u = new Float64Array(size);
  const tw = new Float64Array((L + 1) * L);
  const tu = new Float64Array((L + 1) * L);
  let c = 1;
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  const scores = new Float64Array(4096 * L);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const example = examples[index] as TaggerExample;
      const n = example.offsets.length - 1;
      if (n === 0) continue;
      const row = n * L <= scores.length ? scores.subarray(0, n * L) : new Float64Array(n * L);
      row.fill(0);
      for (let p = 0; p < n; p++) {
        for (let f = example.offsets[p]!; f < example.offsets[p + 1]!; f++) {
          const base = (example.hashes[f]! & mask) * L;
          for (let l = 0; l < L; l++) row[p * L + l]! += w[base + l]!;
        }
      }
      const predicted = viterbi(row, n, tw, L);
      for (let p = 0; p < n; p++) {
        const gold = example.labels[p] ?? 0;
        const guess = predicted[p] ?? 0;
        if (gold !== guess) {
          for (let f = example.offsets[p]!; f < example.offsets[p + 1]!; f++) {
            const base = (example.hashes[f]! & mask) * L;
            w[base + gold]! += 1; u[base + gold]! += c;
            w[base + guess]! -= 1; u[base + guess]! -= c;
          }
        }
        const goldPrev = p === 0 ? 0 : (example.labels[p - 1] ?? 0) + 1;
        const guessPrev = p === 0 ? 0 : (predicted[p - 1] ?? 0) + 1;
        if (goldPrev !== guessPrev || gold !== guess) {
          tw[goldPrev * L + gold]! += 1; tu[goldPrev * L + gold]! += c;
          tw[guessPrev * L + guess]! -= 1; tu[guessPrev * L + guess]! -= c;
        }
      }
      c++;
    }
  }
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = w[i]! - u[i]! / c;
  const transitions = new Float32Array(tw.length);
  for (let i = 0; i < tw.length; i++) transitions[i] = tw[i]! - tu[i]! / c;
  return { bits: options.bits, weights, transitions };
}

export interface LogisticExample {
  hashes: ArrayLike<number>;
  values: ArrayLike<number>;
  y: 0 | 1;
}

export interface TrainedLogistic {
  bits: number;
  weights: Float32Array;
  bias: number;
}

export function trainLogistic(
  examples: LogisticExample[],
  options: { bits: number; epochs: number; seed: number; rate?: number; l2?: number },
): TrainedLogistic {
  const mask = (1 << options.bits) - 1;
  const w = new Float64Array(1 << options.bits);
  const g2 = new Float64Array(1 << options.bits).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const rate = options.rate ?? 0.2;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const example = examples[index] as LogisticExample;
      let sum = bias;
      for (let i = 0; i < example.hashes.length; i++) sum += w[(example.hashes[i] as number) & mask]! * (example.values[i] ?? 0);
      const error = 1 / (1 + Math.exp(-sum)) - example.y;
      for (let i = 0; i < example.hashes.length; i++) {
        const bucket = (example.hashes[i] as number) & mask;
        const gradient = error * (example.values[i] ?? 0) + l2 * w[bucket]!;
        g2[bucket]! += gradient * gradient;
        w[bucket]! -= (rate * gradient) / Math.sqrt(g2[bucket]!);
      }
      biasG2 += error * error;
      bias -= (rate * error) / Math.sqrt(biasG2);
    }
  }
  return { bits: options.bits, weights: Float32Array.from(w), bias };
}

/**
 * k folds, stratified: records are grouped by stratum (file + verdict), each group is shuffled with
 * the seed and dealt round-robin, so every fold gets its share of each stratum. A record is the unit:
 * it is never split across folds.
 */
export function stratifiedFolds(strata: string[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  strata.forEach((stratum, index) => {
    const list = groups.get(stratum) ?? [];
    list.push(index);
    groups.set(stratum, list);
  });
  const fold = new Array<number>(strata.length).fill(0);
  let next = 0;
  for (const key of [...groups.keys()].sort()) {
    for (const index of shuffleInPlace(groups.get(key) ?? [], random)) {
      fold[index] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

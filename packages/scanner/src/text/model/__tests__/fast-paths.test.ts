// The scan-time fast paths give exactly what the plain definitions give: each is checked against a
// straightforward reference written here (the shape the code had before it was optimized). Every
// text is invented for this test.
import { describe, expect, it } from "vitest";
import vocabData from "../../../../data/vocab.json" with { type: "json" };
import { scanText } from "../../index.js";
import { anchorBits, findAnchors, ANCHOR_KEYS } from "../../anchors.js";
import { deletionVariants, getLexicons, phoneticEntry, phoneticKey } from "../../lexicons.js";
import { analyzeRules } from "../../rules.js";
import { topPhrases, type Cue } from "../explain.js";
import { ngramFeatures, T } from "../features.js";
import { hashFeature, hashJoined, hashString, mixFeature, seededRandom } from "../hash.js";
import { emissions, logistic, logisticPair, viterbi } from "../inference.js";
import { decodeTable, encodeTable, pairTables, rowOf, weightAt, type Table } from "../linear.js";
import { tokenFeatures, tokenHashes } from "../token-features.js";
import { namedFeaturesAt } from "../token-names.js";
import { vocabBits, VOCAB_MEDICAL, VOCAB_ORDINARY, VOCAB_PROPER } from "../vocab.js";
import { Workspace } from "../workspace.js";

const TEXTS = [
  "my grandpa Evander's hip surgery went well, he's home from Larkmoor Medical 🙏🏽 thanks Dr. Quill!",
  "Pt in 7B (DOB 02/11/1931) wants her daughter paged, call 555-0142 or x2231",
  "Join our   free\tflu clinic\n\nSaturday — bring your insurance card! #healthyfall @eastside_clinic",
  "  İstanbul ΣΟΦΊΑ Zoë’s café: naïve co-op résumé 12th 3.5mg \uD83D lone surrogate \u200d\ufe0f 🇺🇸 ",
  "so proud of my neffew tobiah, 30 days sober today!!! 💪💪 www.example.org/path?x=1 me@example.com",
  "",
];

/** hashFeature n-grams over words matched by the regex, as features.ts computed them before. */
function referenceNgrams(text: string): { hashes: number[]; values: number[] } {
  const lower = text.toLowerCase().replace(/\s+/g, " ");
  const hashes: number[] = [];
  for (let i = 0; i < lower.length; i++) for (let n = 2; n <= 5 && i + n <= lower.length; n++) hashes.push(hashFeature(T.char, lower.slice(i, i + n)));
  const chars = hashes.length;
  const words = lower.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    hashes.push(hashFeature(T.unigram, words[i]!));
    if (i + 1 < words.length) hashes.push(hashJoined(T.bigram, words[i]!, " ", words[i + 1]!));
  }
  const wordCount = hashes.length - chars;
  const values = [...Array<number>(chars).fill(1 / Math.sqrt(chars || 1)), ...Array<number>(wordCount).fill(1 / Math.sqrt(wordCount || 1))];
  return { hashes, values };
}

describe("document n-grams", () => {
  it.each(TEXTS.map((text) => [text]))("hash the same features as the regex-based definition: %j", (text) => {
    const fast = ngramFeatures(text);
    const reference = referenceNgrams(text);
    expect([...fast.hashes]).toEqual(reference.hashes);
    expect([...fast.values]).toEqual(reference.values);
  });
});

describe("token features", () => {
  it("name each feature in the order, and with the parts, the tagger hashed it", () => {
    for (const text of TEXTS) {
      const analysis = analyzeRules(text, { kind: "comment" });
      const features = tokenFeatures(analysis);
      features.positions.forEach((index, p) => {
        const named: number[] = [];
        namedFeaturesAt(analysis.context.tokens, features.context, index, (template, a, b, c) => {
          const first = typeof a === "string" ? a : a();
          named.push(mixFeature(template, hashString(first), b === undefined ? undefined : hashString(b), c === undefined ? undefined : hashString(c)));
        });
        const hashed = [...features.hashes.subarray(features.offsets[p], features.offsets[p + 1])];
        expect(named).toEqual(hashed);
        expect([...tokenHashes(analysis.context.tokens, features.context, index)]).toEqual(hashed);
      });
    }
  });

  it("are the same with a reused workspace as with fresh arrays", () => {
    const ws = new Workspace();
    for (const text of [...TEXTS, ...TEXTS]) {
      const analysis = analyzeRules(text, { kind: "group_post" });
      const fresh = tokenFeatures(analysis);
      const reused = tokenFeatures(analysis, ws);
      expect([...reused.hashes]).toEqual([...fresh.hashes]);
      expect([...reused.offsets]).toEqual([...fresh.offsets]);
    }
  });
});

/** A random dense table with many zero rows, its sparse decoding, and the same weights kept dense. */
function tables(bits: number, width: number, bytes: 1 | 2, seed: number): { sparse: Table; dense: Table } {
  const random = seededRandom(seed);
  const weights = new Float32Array((1 << bits) * width);
  for (let bucket = 0; bucket < 1 << bits; bucket++) {
    if (random() < 0.7) continue;
    for (let k = 0; k < width; k++) weights[bucket * width + k] = random() < 0.3 ? 0 : (random() - 0.5) * 4;
  }
  const sparse = decodeTable(encodeTable(weights, bits, width, bytes));
  const quantized = bytes === 1 ? new Int8Array(weights.length) : new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) quantized[i] = Math.round(weights[i]! / sparse.scale);
  return { sparse, dense: { mask: sparse.mask, width, weights: quantized, scale: sparse.scale } };
}

describe("sparse weight tables", () => {
  it("read every bucket's weights as the dense table does", () => {
    const { sparse, dense } = tables(10, 3, 1, 5);
    for (let i = 0; i < dense.weights.length; i++) expect(weightAt(sparse, i)).toBe(dense.weights[i]! * dense.scale);
    expect(rowOf(sparse, 1023)).toBeGreaterThanOrEqual(-1);
  });

  it("give the dense table's emission scores (the 9-label path and the generic one)", () => {
    const random = seededRandom(11);
    const hashes = Uint32Array.from({ length: 400 }, () => Math.floor(random() * 2 ** 32));
    const offsets = Uint32Array.from([0, 3, 40, 41, 41, 120, 400]);
    for (const width of [9, 4]) {
      const { sparse, dense } = tables(12, width, 1, 7 + width);
      expect(emissions(sparse, hashes, offsets)).toEqual(emissions(dense, hashes, offsets));
      expect(emissions(sparse, hashes, offsets, new Workspace())).toEqual(emissions(dense, hashes, offsets));
    }
  });

  it("score both verdict columns in one pass as two logistic() calls would", () => {
    const a = tables(12, 1, 2, 21);
    const b = tables(12, 1, 2, 22);
    const pair = pairTables(a.sparse, b.sparse);
    const random = seededRandom(3);
    const hashes = Array.from({ length: 300 }, () => Math.floor(random() * 2 ** 32));
    const values = hashes.map(() => random());
    const scores = logisticPair(pair, 0.25, -0.5, hashes, values, 200);
    expect(scores.p0).toBe(logistic(a.dense, 0.25, hashes, values));
    expect(scores.p1).toBe(logistic(b.dense, -0.5, hashes, values));
    let lead = 0;
    for (let i = 0; i < 200; i++) lead += weightAt(a.dense, hashes[i]! & a.dense.mask) * values[i]!;
    expect(scores.lead0).toBe(lead);
  });
});

/** Viterbi as linear.ts wrote it before the 9-label path. */
function referenceViterbi(scores: Float32Array, positions: number, transitions: Float32Array, L: number): number[] {
  const best = new Float64Array(positions * L);
  const back = new Int8Array(positions * L);
  for (let l = 0; l < L; l++) best[l] = scores[l]! + transitions[l]!;
  for (let p = 1; p < positions; p++) {
    for (let l = 0; l < L; l++) {
      let top = -Infinity;
      let arg = 0;
      for (let k = 0; k < L; k++) {
        const value = best[(p - 1) * L + k]! + transitions[(k + 1) * L + l]!;
        if (value > top) { top = value; arg = k; }
      }
      best[p * L + l] = top + scores[p * L + l]!;
      back[p * L + l] = arg;
    }
  }
  let last = 0;
  for (let l = 1; l < L; l++) if (best[(positions - 1) * L + l]! > best[(positions - 1) * L + last]!) last = l;
  const path: number[] = [];
  for (let p = positions - 1; p >= 0; p--) { path[p] = last; last = back[p * L + last]!; }
  return path;
}

describe("viterbi", () => {
  it("decodes 9 labels as the generic loop does, ties included", () => {
    const random = seededRandom(17);
    for (let trial = 0; trial < 50; trial++) {
      const positions = 1 + Math.floor(random() * 30);
      // Small integers make ties common: the first best label must win, as in the generic loop.
      const scores = Float32Array.from({ length: positions * 9 }, () => Math.floor(random() * 4));
      const transitions = Float32Array.from({ length: 90 }, () => Math.floor(random() * 3) - 1);
      expect(viterbi(scores, positions, transitions)).toEqual(referenceViterbi(scores, positions, transitions, 9));
      expect(viterbi(scores, positions, transitions, 9, new Workspace())).toEqual(referenceViterbi(scores, positions, transitions, 9));
    }
  });
});

describe("lexicon look-ups", () => {
  it("find misspelled health terms through the Bloom filter as a plain scan of the variants would", () => {
    const lexicons = getLexicons();
    const naive = (key: string) => lexicons.healthByPhoneticKey.get(key) ?? deletionVariants(key).map((v) => lexicons.healthByPhoneticKey.get(v)).find(Boolean);
    const keys = ["newmonia", "diabetis", "asthmaa", "kemotherapy", "zzzzzzzz", "broncitis", "apendix", "qwertyuiop", "a"].map(phoneticKey);
    const known = [...lexicons.healthByPhoneticKey.keys()].filter((_, i) => i % 97 === 0);
    for (const key of [...keys, ...known, ...known.map((k) => `${k}x`), ...known.map((k) => `q${k.slice(1)}`)]) {
      expect(phoneticEntry(lexicons, key)).toBe(naive(key));
    }
  });

  it("answer the model's vocabularies from the shared word map", () => {
    const lists: [string, number][] = [[vocabData.medical, VOCAB_MEDICAL], [vocabData.ordinary, VOCAB_ORDINARY], [vocabData.proper, VOCAB_PROPER]];
    const expected = new Map<string, number>();
    for (const [list, bit] of lists) for (const word of list.split("\n")) expected.set(word, (expected.get(word) ?? 0) | bit);
    const sample = [...expected.keys()].filter((_, i) => i % 53 === 0);
    for (const word of [...sample, "qzxv", "hip", "grandpa"]) expect(vocabBits(word)).toBe(expected.get(word) ?? 0);
  });
});

describe("explanations", () => {
  it("pick the same top phrases one at a time as a full sort gives, ties included", () => {
    const random = seededRandom(29);
    const values: [number, string][] = [[T.word, "fever"], [T.lex, "given"], [T.lex, "medical"], [T.cue, "kin"], [T.cueBefore, "kin_owner"], [T.prev1, "my"], [T.rule, "NAME:patient"], [T.sentence, "health"], [T.shape, "Xxx"], [T.next1, "had"], [T.cueAfter, "self"], [T.word, "rash"]];
    for (let trial = 0; trial < 200; trial++) {
      const cues: Cue[] = Array.from({ length: 1 + Math.floor(random() * 60) }, () => {
        const [template, value] = values[Math.floor(random() * values.length)]!;
        return { template, value, weight: Math.floor(random() * 4) / 2 };
      });
      const limit = 1 + Math.floor(random() * 4);
      const picked = topPhrases(cues.map((c) => ({ ...c })), limit, Infinity);
      expect(picked).toEqual(topPhrases(cues.map((c) => ({ ...c })), limit, 0));
    }
  });
});

describe("anchors", () => {
  it("list their keys in ANCHOR_KEYS order (what features iterate)", () => {
    const analysis = analyzeRules("my son has asthma. the guy in bed 4 is stable", { kind: "comment" });
    const anchors = findAnchors(analysis.context, analysis.candidates);
    for (const entry of anchors.values()) {
      expect(Object.keys(entry)).toEqual([...ANCHOR_KEYS]);
      const bits = anchorBits(entry);
      expect(ANCHOR_KEYS.filter((_, k) => bits & (1 << k))).toEqual(Object.entries(entry).filter(([, on]) => on).map(([key]) => key));
    }
  });
});

describe("shared workspace", () => {
  it("is not clobbered by a scan started from inside a scan (an allow-list callback)", () => {
    // The learned tagger finds a name here that the rules do not, so the callback runs mid-explanation.
    const outer = "rosalind's chemo starts monday, she's tough";
    const expected = scanText(outer, { kind: "comment" });
    let calls = 0;
    const nested = scanText(outer, {
      kind: "comment",
      config: { isAllowed: () => { calls++; scanText("Free blood pressure checks Saturday in the lobby, my dad Ruben had a stroke. ".repeat(3), { kind: "post" }); return false; } },
    });
    expect(calls).toBeGreaterThan(0);
    expect(nested).toEqual(expected);
  });
});

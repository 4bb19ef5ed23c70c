// Feature hashing: a feature is (template, value) and lives in bucket hash mod size. Document features
// hash fnv1a(template, value); token features hash each value once (hashString) and mix in the
// template (mixFeature). No feature strings are kept in the model file, so it stays small, and none is
// built per feature at scan time.

export function hashFeature(template: number, value: string): number {
  let hash = (2166136261 ^ template) >>> 0;
  hash = Math.imul(hash, 16777619);
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** hashFeature(template, a + separator + b) without building the joined string. */
export function hashJoined(template: number, a: string, separator: string, b: string): number {
  let hash = (2166136261 ^ template) >>> 0;
  hash = Math.imul(hash, 16777619);
  for (let i = 0; i < a.length; i++) { hash ^= a.charCodeAt(i); hash = Math.imul(hash, 16777619); }
  for (let i = 0; i < separator.length; i++) { hash ^= separator.charCodeAt(i); hash = Math.imul(hash, 16777619); }
  for (let i = 0; i < b.length; i++) { hash ^= b.charCodeAt(i); hash = Math.imul(hash, 16777619); }
  return hash >>> 0;
}

/** FNV-1a of value[start, end), no template: a token's value is hashed once, then mixed per template. */
export function hashString(value: string, start = 0, end = value.length): number {
  let hash = 2166136261;
  for (let i = start; i < end; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** murmur3's finalizer: every input bit reaches the low bits the tables are indexed by. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A token feature's bucket hash from its template and 1–3 value hashes (hashString of each part).
 * Order matters: (a, b) and (b, a) are different features.
 */
export function mixFeature(template: number, a: number, b?: number, c?: number): number {
  let hash = fmix32(Math.imul(template, 0x9e3779b1) ^ a);
  if (b !== undefined) hash = fmix32(Math.imul(hash, 0x9e3779b1) ^ b);
  if (c !== undefined) hash = fmix32(Math.imul(hash, 0x9e3779b1) ^ c);
  return hash;
}

/** mulberry32: a tiny seeded PRNG, so training shuffles are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i] as T;
    items[i] = items[j] as T;
    items[j] = swap;
  }
  return items;
}

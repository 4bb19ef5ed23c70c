/**
 * mulberry32: small, fast and good enough to pick demo data or shuffle a benchmark's traffic; the same
 * seed always gives the same draws, in [0, 1). Shared by the seed's history plan and bench:comments.
 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// npm run bench:images — image scanner performance on a 1280×960 photo (a real group photo shipped with
// @vladmandic/face-api, cropped, with a tilted PHI label composited on it), one OCR worker.
// Reports cold start of the scanner (OCR pool + face model), warm full-scan latency (metadata + OCR +
// faces; median and p95) and peak RSS. Targets (issue #4): warm median ≤ 1.5 s, cold ≤ 3 s, RSS ≤ 1 GB.
// The npm script pins the process to one core with taskset when available.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { createImageScanner } from "../src/image/index.js";
import { scanText } from "../src/text/index.js";

const require = createRequire(import.meta.url);
const RUNS = Number(process.argv[2] ?? 12);

async function benchPhoto(): Promise<Buffer> {
  const sample = path.resolve(path.dirname(require.resolve("@vladmandic/face-api")), "..", "demo", "sample2.jpg");
  const label =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="960"><g transform="rotate(-5 900 820)">` +
    `<rect x="880" y="790" width="300" height="64" fill="#f6f3ea"/>` +
    `<text x="892" y="815" font-family="DejaVu Sans" font-size="18" fill="#222">DOE, ROBERT  MRN 00482913</text>` +
    `<text x="892" y="842" font-family="DejaVu Sans Mono" font-size="17" fill="#222">DOB 04/11/1957</text></g></svg>`;
  return sharp(await readFile(sample))
    .resize(1280, 960, { fit: "cover" })
    .composite([{ input: Buffer.from(label) }])
    .withExif({ IFD0: { ImageDescription: "team photo" } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const photo = await benchPhoto();
const t0 = performance.now();
const scanner = await createImageScanner({ ocrWorkers: 1, scanText: (t, o) => scanText(t, o) });
const coldMs = performance.now() - t0;
const t1 = performance.now();
const first = await scanner.scan(photo);
const firstScanMs = performance.now() - t1;
await scanner.scan(photo);

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  await scanner.scan(photo);
  times.push(performance.now() - t);
}
await scanner.close();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? NaN;
const round = (n: number) => Math.round(n);
console.log(
  JSON.stringify(
    {
      image: "1280x960 jpeg, 3 faces, tilted 18 px label",
      runs: RUNS,
      cold_start_ms: round(coldMs),
      first_scan_ms: round(firstScanMs),
      warm_median_ms: round(pct(50)),
      warm_p95_ms: round(pct(95)),
      peak_rss_mb: round(peakRss / 1e6),
      verdict: first.verdict,
      faces: first.faces,
      findings: first.findings.map((f) => `${f.type}:${f.source}`),
    },
    null,
    2,
  ),
);

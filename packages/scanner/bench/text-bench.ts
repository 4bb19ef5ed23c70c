// npm run bench:scanner — ms per text (median, p99) over the dev corpus, repeated for >= 3 s after
// a warm-up pass, in one process, side by side with redact-pii 3.4 on the same texts. Without the dev
// corpus (a fresh clone: it lives outside the repository) it times 400 synthetic texts instead and
// says so in every row. --smoke: 0.2 s per scanner. --json <file>: rows for `npm run bench`.
//
// Production runs compiled JavaScript, so the scanner is first bundled with esbuild (the copy that
// tsx and vitest install) into a temp file and that bundle is timed; the same source loaded through
// tsx is timed too, for comparison. If esbuild cannot be loaded, only the tsx row is printed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SyncRedactor } from "redact-pii";
import type { TextKind, TextScanOptions, TextScanResult } from "../src/types.js";
import { measured, parseBenchArgs, writeReport } from "../../../scripts/bench/report.js";
import { syntheticTexts } from "./synthetic-texts.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpusPath = resolve(here, "..", "..", "..", "..", "shared", "eval", "dev.jsonl");
const scannerEntry = resolve(here, "..", "src", "text", "index.ts");
const args = parseBenchArgs(process.argv.slice(2));
const MIN_SECONDS = args.smoke ? 0.2 : 3;
/** Issue 11's speed targets, checked on the timed build (the bundle when esbuild is there). */
const TARGETS = { medianMs: 0.1, p99Ms: 2, loadMs: 500 };

interface Sample { text: string; kind?: TextKind }
interface ScannerModule { scanText(text: string, options?: TextScanOptions): TextScanResult; getLexicons(): unknown; getTextModel(): unknown }
interface Row { label: string; median: number; p99: number; perSecond: number; count: number }

function loadCorpus(): { name: string; samples: Sample[] } {
  if (existsSync(corpusPath)) {
    const samples = readFileSync(corpusPath, "utf8").split("\n").filter((l) => l.trim()).map((l) => {
      const record = JSON.parse(l) as { text: string; kind?: TextKind };
      return { text: record.text, ...(record.kind ? { kind: record.kind } : {}) };
    });
    return { name: "dev corpus", samples };
  }
  console.error(`(dev corpus not found at ${corpusPath}; benchmarking on the synthetic texts of bench/synthetic-texts.ts)`);
  return { name: "synthetic texts", samples: syntheticTexts() };
}

/** One warm-up pass over every sample, then whole passes until MIN_SECONDS have elapsed; each call timed. */
function measure(label: string, samples: Sample[], run: (sample: Sample) => void): Row {
  for (const sample of samples) run(sample);
  const times: number[] = [];
  const started = performance.now();
  while (performance.now() - started < MIN_SECONDS * 1000) {
    for (const sample of samples) {
      const t0 = performance.now();
      run(sample);
      times.push(performance.now() - t0);
    }
  }
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { label, median: at(0.5), p99: at(0.99), perSecond: times.length / (elapsed / 1000), count: times.length };
}

/** Bundles src/text with esbuild into a temp .mjs; undefined when esbuild is not installed. */
async function bundleScanner(outDir: string): Promise<string | undefined> {
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    return undefined;
  }
  const outfile = join(outDir, "scanner.mjs");
  await esbuild.build({ entryPoints: [scannerEntry], bundle: true, format: "esm", platform: "node", target: "node20", outfile, logLevel: "warning" });
  return outfile;
}

/** Imports a scanner build, loads its lexicons and decodes the learned model; returns the module and the time all took. */
async function load(specifier: string): Promise<{ module: ScannerModule; ms: number }> {
  const started = performance.now();
  const module = (await import(specifier)) as ScannerModule;
  module.getLexicons();
  module.getTextModel();
  return { module, ms: performance.now() - started };
}

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const samples = corpus.samples;
  const work = mkdtempSync(join(tmpdir(), "vetted-bench-"));
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const bundle = await bundleScanner(work);
    const heapBeforeLoad = process.memoryUsage().heapUsed;
    const bundled = bundle ? await load(pathToFileURL(bundle).href) : undefined;
    const heapAfterLoad = process.memoryUsage().heapUsed;
    const source = await load("../src/text/index.js");

    const rows: Row[] = [];
    const scanWith = (scanner: ScannerModule) => (s: Sample): void => { scanner.scanText(s.text, s.kind ? { kind: s.kind } : {}); };
    if (bundled) rows.push(measure("vetted scanText (esbuild bundle)", samples, scanWith(bundled.module)));
    rows.push(measure("vetted scanText (src via tsx)", samples, scanWith(source.module)));
    const redactor = new SyncRedactor();
    rows.push(measure("redact-pii 3.4 (SyncRedactor)", samples, (s) => { redactor.redact(s.text); }));
    const heapEnd = process.memoryUsage().heapUsed;

    const row = (r: Row): string =>
      `| ${r.label.padEnd(34)} | ${r.median.toFixed(4).padStart(9)} | ${r.p99.toFixed(4).padStart(8)} | ${Math.round(r.perSecond).toString().padStart(9)} | ${r.count.toString().padStart(9)} |`;
    console.log(`corpus: ${corpus.name}, ${samples.length} texts, each scanner run for >= ${MIN_SECONDS} s after one warm-up pass (Node ${process.version}, one process)`);
    console.log(bundle ? "timed build: src/text bundled by esbuild into a temp file (production runs compiled JS); the tsx-loaded source is timed too" : "esbuild not found: timing the tsx-loaded source only");
    console.log(`| ${"scanner".padEnd(34)} | median ms |   p99 ms |   texts/s |   samples |`);
    console.log(`|${"-".repeat(36)}|----------:|---------:|----------:|----------:|`);
    for (const r of rows) console.log(row(r));
    const loadMs = bundled?.ms ?? source.ms;
    const loadHeap = bundled ? heapAfterLoad - heapBeforeLoad : process.memoryUsage().heapUsed - heapBefore;
    console.log(`load: ${loadMs.toFixed(1)} ms (module import + parse + lexicons + model decode${bundled ? ", bundle" : ""}; tsx source ${source.ms.toFixed(1)} ms); heap added by load: ${(loadHeap / 1048576).toFixed(1)} MB; heap at end: ${(heapEnd / 1048576).toFixed(1)} MB`);
    const timed = rows[0] as Row;
    const verdict = (value: number, target: number): string => (value <= target ? "met" : "NOT met");
    console.log(`targets (issue 11, on "${timed.label}"):`);
    console.log(`  median <= ${TARGETS.medianMs} ms: ${timed.median.toFixed(4)} ms, ${verdict(timed.median, TARGETS.medianMs)}`);
    console.log(`  p99 <= ${TARGETS.p99Ms} ms: ${timed.p99.toFixed(4)} ms, ${verdict(timed.p99, TARGETS.p99Ms)}`);
    console.log(`  load <= ${TARGETS.loadMs} ms: ${loadMs.toFixed(1)} ms, ${verdict(loadMs, TARGETS.loadMs)}`);
    const on = `${corpus.name}, ${bundled ? "esbuild bundle" : "tsx source"}`;
    const yardstick = rows.find((r) => r.label.startsWith("redact-pii"));
    writeReport(args, {
      bench: "scanner",
      rows: [
        measured(`text scan median (${on})`, round4(timed.median), "ms", { comparator: "<=", value: TARGETS.medianMs }),
        measured(`text scan p99 (${on})`, round4(timed.p99), "ms", { comparator: "<=", value: TARGETS.p99Ms }),
        measured("text scanner load (import, lexicons, model)", Math.round(loadMs * 10) / 10, "ms", { comparator: "<=", value: TARGETS.loadMs }),
        ...(yardstick ? [measured(`redact-pii median, same texts (yardstick; ${corpus.name})`, round4(yardstick.median), "ms")] : []),
      ],
      notes: [`${samples.length} texts (${corpus.name}), each scanner timed for >= ${MIN_SECONDS} s after a warm-up pass`],
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error("bench failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

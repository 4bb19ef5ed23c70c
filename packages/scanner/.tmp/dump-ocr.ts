// scratch: dump raw OCR per image
import { readFileSync, writeFileSync } from "node:fs";
import { decodeImage } from "../src/image/decode.js";
import { OcrPool } from "../src/image/ocr-pool.js";
import { runOcr } from "../src/image/ocr.js";
const gold = readFileSync("/work/shared/eval/images.jsonl","utf8").split("\n").filter(Boolean).map(l=>JSON.parse(l));
const pool = await OcrPool.create(1);
const out: any = {};
for (const g of gold) {
  const t0 = Date.now();
  const img = await decodeImage(readFileSync("/work/shared/eval/"+g.image), 40e6);
  const passes = await runOcr(pool, img);
  out[g.id] = passes;
  console.log(`== ${g.id} ${Date.now()-t0}ms phi=${JSON.stringify(g.phi_text)}`);
  passes.forEach((p,i)=>console.log(` p${i}: `+p.map(l=>l.words.map(w=>w.text).join(" ")).join(" | ")));
}
writeFileSync(process.argv[2] ?? "/tmp/img/ocr0.json", JSON.stringify(out));
await pool.close();

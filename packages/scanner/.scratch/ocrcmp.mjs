import { createWorker, OEM } from 'tesseract.js';
import sharp from 'sharp';
import fs from 'fs';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const langPath = require('path').dirname(require.resolve('@tesseract.js-data/eng/package.json')) + '/4.0.0_best_int';
const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
const psm = process.argv[2]; const mode = process.argv[3] || 'gray'; const scale = Number(process.argv[4]||1);
await w.setParameters({ tessedit_pageseg_mode: psm });
const norm = (s) => String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g,'').toLowerCase().replace(/[^a-z0-9]/g,'');
const gold = fs.readFileSync('/work/shared/eval/images.jsonl','utf8').split('\n').filter(Boolean).map(JSON.parse);
let found=0,total=0,dfound=0,dtotal=0; const times=[]; const miss=[];
for (const g of gold) {
  let p = sharp('/work/shared/eval/' + g.image).rotate();
  if (mode==='gray') p = p.grayscale().normalize(); if (mode==='med') p = p.grayscale().normalise({lower:1,upper:99}).median(3); if (scale!==1) { const m = await sharp('/work/shared/eval/' + g.image).metadata(); p = p.resize(Math.round(m.width*scale), null, {kernel:'lanczos3'}); }
  const buf = await p.png({compressionLevel: 0}).toBuffer();
  const t = Date.now();
  const r = await w.recognize(buf, {}, { blocks: true });
  times.push(Date.now()-t);
  const words=[];
  for (const b of r.data.blocks ?? []) for (const pa of b.paragraphs) for (const l of pa.lines) for (const wd of l.words) if (wd.confidence>=50) words.push(wd.text);
  const all = norm(words.join(' '));
  for (const s of g.phi_text) { total++; if (all.includes(norm(s))) found++; else miss.push(g.id+': '+s); }
  for (const s of g.decoys) { dtotal++; if (all.includes(norm(s))) dfound++; }
}
times.sort((a,b)=>a-b);
console.log(`psm ${psm} ${mode}: phi ${found}/${total} decoys ${dfound}/${dtotal} median ${times[times.length>>1]} p95 ${times[Math.floor(times.length*0.95)]}`);
console.log(miss.join('; '));
await w.terminate();

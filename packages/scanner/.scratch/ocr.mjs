import { createWorker, OEM } from 'tesseract.js';
import sharp from 'sharp';
import fs from 'fs';
import { createRequire } from 'module';
const require = createRequire(import.meta.url);
const langPath = require('path').dirname(require.resolve('@tesseract.js-data/eng/package.json')) + '/4.0.0_best_int';
let t = Date.now();
const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
console.log('start', Date.now() - t);
const psm = process.argv[2] || '6';
const scale = Number(process.argv[3] || 1);
await w.setParameters({ tessedit_pageseg_mode: psm });
const ids = process.argv.slice(4);
for (const id of ids) {
  const f = fs.readdirSync('/work/shared/eval/images').find(x => x.startsWith('img-dev-' + id));
  const img = sharp('/work/shared/eval/images/' + f).rotate();
  const m = await sharp('/work/shared/eval/images/' + f).metadata();
  let p = img.grayscale().normalize();
  if (scale !== 1) p = p.resize(Math.round(m.width * scale), null, {kernel: 'lanczos3'});
  const buf = await p.png({compressionLevel: 0}).toBuffer();
  t = Date.now();
  const r = await w.recognize(buf, {}, { blocks: true, text: true });
  const dt = Date.now() - t;
  const lines = [];
  for (const b of r.data.blocks ?? []) for (const pa of b.paragraphs) for (const l of pa.lines) {
    const ws = l.words.map(w => w.text+":"+Math.round(w.confidence));
    if (ws.length) lines.push(ws.join(' '));
  }
  console.log(`== ${id} ${dt}ms`); console.log(lines.join(' | '));
}
await w.terminate();

const path = require('path'); const fs = require('fs'); const sharp = require('sharp');
const humanDir = path.dirname(require.resolve('@vladmandic/human'));
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) ;
console.log(humanDir, wasmDir);
const origFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  const u = String(url);
  if (u.startsWith('file://')) { const b = fs.readFileSync(new URL(u)); return new Response(b, {status:200, headers: {'content-type': u.endsWith('.json') ? 'application/json' : 'application/octet-stream'}}); }
  throw new Error('network disabled: ' + u);
};
(async () => {
  let t = Date.now();
  const H = require(path.join(humanDir, 'human.node-wasm.js'));
  const human = new H.Human({ backend: 'wasm', wasmPath: 'file://' + path.resolve(wasmDir, '..') + '/dist/' , modelBasePath: 'file://' + path.resolve(humanDir, '../models') + '/', debug: false,
    face: { enabled: true, detector: { enabled: true, rotation: false, maxDetected: 50, minConfidence: Number(process.env.MC||0.5), iouThreshold: 0.3, return: false }, mesh: {enabled:false}, iris:{enabled:false}, description:{enabled:false}, emotion:{enabled:false}, antispoof:{enabled:false}, liveness:{enabled:false}, attention:{enabled:false} },
    body: {enabled:false}, hand:{enabled:false}, object:{enabled:false}, gesture:{enabled:false}, segmentation:{enabled:false}, filter: {enabled: false} });
  await human.load(); await human.warmup?.();
  console.log('load', Date.now()-t, human.tf.getBackend());
  const files = [...[1,2,3,4,5,6].map(i=>path.resolve(humanDir,'../../face-api/demo/sample'+i+'.jpg')), ...fs.readdirSync('/work/shared/eval/images').map(x=>x.slice(8,10)).map(n=>'/work/shared/eval/images/img-dev-'+n+'.jpg')];
  for (const f of files) {
    const { data, info } = await sharp(f).rotate().removeAlpha().raw().toBuffer({resolveWithObject:true});
    const tensor = human.tf.tensor(new Uint8Array(data), [1, info.height, info.width, 3], "int32");
    t = Date.now();
    const r = await human.detect(tensor);
    tensor.dispose();
    console.log(path.basename(f), info.width, info.height, r.face.length, r.face.map(x=>x.score.toFixed(2)+'/'+x.boxScore.toFixed(2)).join(','), Date.now()-t, 'ms');
  }
  console.log('rss', process.memoryUsage().rss/1e6);
})();

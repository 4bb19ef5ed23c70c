const path = require('path'); const fs = require('fs'); const sharp = require('sharp');
const humanDir = path.dirname(require.resolve('@vladmandic/human'));
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) ;
globalThis.fetch = async (url) => { const u = String(url); const b = fs.readFileSync(new URL(u)); return new Response(b, {status:200}); };
const MC = Number(process.env.MC||0.5), TC = Number(process.env.TC||0.6), ROT = process.env.ROT==='1';
(async () => {
  const H = require(path.join(humanDir, 'human.node-wasm.js'));
  const human = new H.Human({ backend: 'wasm', wasmPath: 'file://' + wasmDir + '/', modelBasePath: 'file://' + path.resolve(humanDir, '../models') + '/', debug: false,
    face: { enabled: true, detector: { enabled: true, rotation: ROT, maxDetected: 50, minConfidence: MC, iouThreshold: 0.3, return: false }, mesh: {enabled: process.env.MESH==="1"}, iris:{enabled:false}, description:{enabled:false}, emotion:{enabled:false}, antispoof:{enabled:false}, liveness:{enabled:false}, attention:{enabled:false} },
    body: {enabled:false}, hand:{enabled:false}, object:{enabled:false}, gesture:{enabled:false}, segmentation:{enabled:false}, filter: {enabled: false} });
  await human.load();
  const det = async (data, w, h) => { const t = human.tf.tensor(new Uint8Array(data), [1, h, w, 3], 'int32'); const r = await human.detect(t); t.dispose(); return r.face.map(f=>({box:f.box, score:f.score, fs:f.faceScore, bs:f.boxScore})); };
  const iou=(a,b)=>{const x1=Math.max(a[0],b[0]),y1=Math.max(a[1],b[1]),x2=Math.min(a[0]+a[2],b[0]+b[2]),y2=Math.min(a[1]+a[3],b[1]+b[3]);const i=Math.max(0,x2-x1)*Math.max(0,y2-y1);return i/Math.min(a[2]*a[3],b[2]*b[3]);};
  const files = [...[1,2,3,4,5,6].map(i=>path.resolve(humanDir,'../../face-api/demo/sample'+i+'.jpg')), ...fs.readdirSync('/work/shared/eval/images').map(x=>'/work/shared/eval/images/'+x)];
  for (const f of files) {
    const t0=Date.now();
    const { data, info } = await sharp(f).rotate().removeAlpha().raw().toBuffer({resolveWithObject:true});
    let faces = await det(data, info.width, info.height);
    // tiles: 2x2 with 25% overlap
    const tw = Math.round(info.width*0.6), th = Math.round(info.height*0.6);
    const extra=[];
    for (const [x,y] of [[0,0],[info.width-tw,0],[0,info.height-th],[info.width-tw,info.height-th]]) {
      const d = await sharp(data,{raw:info}).extract({left:x,top:y,width:tw,height:th}).raw().toBuffer();
      for (const fc of await det(d, tw, th)) if (fc.score>=TC) extra.push({box:[fc.box[0]+x,fc.box[1]+y,fc.box[2],fc.box[3]],score:fc.score});
    }
    for (const e of extra) if (!faces.some(g=>iou(g.box,e.box)>0.3)) faces.push(e);
    console.log(path.basename(f), faces.length, faces.map(x=>x.score.toFixed(2)+"/"+x.bs?.toFixed(2)+"/"+x.fs?.toFixed(2)+"@"+x.box.map(Math.round).join("x")).join(','), Date.now()-t0,'ms');
  }
})();

import exifr from 'exifr';
import fs from 'fs';
for (const f of fs.readdirSync('/work/shared/eval/images')) {
  const b = fs.readFileSync('/work/shared/eval/images/'+f);
  try {
    const m = await exifr.parse(b, {tiff:true, exif:true, gps:true, xmp:true, iptc:true, icc:false, jfif:false, ihdr:true, userComment:true, mergeOutput:true, multiSegment:true});
    if (m) console.log(f, JSON.stringify(m).slice(0,600));
  } catch(e) { console.log(f, 'ERR', e.message); }
}

// Metadata is a second channel for PHI: captions, comments and keywords typed on a phone, and GPS that
// can place a home-health visit at a patient's house. We read EXIF, XMP, IPTC and PNG text chunks with
// exifr and keep only GPS and free-text fields; technical fields (camera model, exposure) carry no PHI.
import exifr from "exifr";

export interface MetadataText {
  /** Where the value came from, e.g. "ifd0.ImageDescription" or "xmp.description". */
  field: string;
  value: string;
}

export interface ImageMetadata {
  gps: { latitude: number; longitude: number } | null;
  texts: MetadataText[];
}

// Leaf keys that hold human-written text. Matched case-insensitively against the key without namespace.
const FREE_TEXT_KEY =
  /description|title|comment|keyword|subject|caption|headline|author|artist|creator|by-?line|writer|credit|copyright|label|note|instruction|person|name|location|city|state|country|event|usertext|^text$|^source$/i;
// Keys that match the pattern above but are technical.
const TECHNICAL_KEY = /^(?:documentname|hostcomputer|make|model|software|lensmodel|ownername|serial|.*version|date.*|.*date)$/i;

const MAX_FIELD_CHARS = 4000;
const MAX_FIELDS = 200;

/** EXIF UserComment is 8 bytes of charset id followed by the text. */
function decodeUserComment(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 8)).replace(/\0+$/, "");
  const body = bytes.subarray(8);
  if (head.startsWith("UNICODE")) {
    // EXIF says "UCS-2"; byte order follows the file, so try both and keep the one without NULs.
    const le = new TextDecoder("utf-16le").decode(body);
    const be = new TextDecoder("utf-16be").decode(body);
    return (le.includes("\0") && !be.includes("\0") ? be : le).replace(/\0+/g, " ");
  }
  return new TextDecoder("utf-8").decode(body).replace(/\0+/g, " ");
}

function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, MAX_FIELD_CHARS);
}

function collect(node: unknown, path: string, textKey: boolean, out: MetadataText[], depth: number): void {
  if (out.length >= MAX_FIELDS || depth > 6 || node == null) return;
  if (typeof node === "string") {
    const value = clean(node);
    if (textKey && /[a-z0-9]/i.test(value)) out.push({ field: path, value });
    return;
  }
  if (node instanceof Uint8Array) {
    if (textKey && /usercomment/i.test(path)) {
      const value = clean(decodeUserComment(node));
      if (/[a-z0-9]/i.test(value)) out.push({ field: path, value });
    }
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((v, i) => collect(v, `${path}[${i}]`, textKey, out, depth + 1));
    return;
  }
  if (typeof node === "object") {
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const leaf = key.includes(":") ? key.slice(key.lastIndexOf(":") + 1) : key;
      // XMP language alternatives ({lang: "x-default", value}) carry a language tag, not text.
      if (leaf === "lang") continue;
      // Once inside a free-text key (e.g. XMP dc:description {lang, value}), every nested string counts.
      const isText = textKey || (FREE_TEXT_KEY.test(leaf) && !TECHNICAL_KEY.test(leaf));
      collect(value, path ? `${path}.${key}` : key, isText, out, depth + 1);
    }
  }
}

export async function readMetadata(bytes: Uint8Array): Promise<ImageMetadata> {
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      tiff: true,
      ifd0: {},
      exif: true,
      gps: true,
      xmp: true,
      iptc: true,
      icc: false,
      jfif: false,
      ihdr: true,
      interop: false,
      makerNote: false,
      userComment: true,
      mergeOutput: false,
      multiSegment: true,
      sanitize: true,
      reviveValues: true,
      translateValues: true,
    } as never);
  } catch {
    // Unreadable metadata is not a reason to refuse an image whose pixels decode; the redacted output
    // drops all metadata anyway.
    parsed = undefined;
  }
  if (!parsed) return { gps: null, texts: [] };

  const gpsBlock = (parsed.gps ?? {}) as Record<string, unknown>;
  const lat = gpsBlock.latitude;
  const lon = gpsBlock.longitude;
  const gps =
    typeof lat === "number" && typeof lon === "number" && Number.isFinite(lat) && Number.isFinite(lon)
      ? { latitude: lat, longitude: lon }
      : null;

  const texts: MetadataText[] = [];
  for (const [segment, block] of Object.entries(parsed)) {
    if (segment === "gps" || segment === "thumbnail") continue;
    // Some segments are themselves a text field (exifr returns UserComment as a top-level segment).
    collect(block, segment, FREE_TEXT_KEY.test(segment) && !TECHNICAL_KEY.test(segment), texts, 0);
  }
  // The same caption is often written to EXIF, XMP and IPTC; scan each distinct value once.
  const seen = new Set<string>();
  return {
    gps,
    texts: texts.filter((t) => {
      const k = t.value.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
  };
}

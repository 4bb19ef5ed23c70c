import { inflateSync } from "node:zlib";
import { AppError } from "../errors";
import { assertNoActivePdfContent, UnsafePdfError } from "./pdf-active-content";

// A signed consent file is kept byte for byte (it is the evidence), so it is checked instead of
// re-encoded: the type comes from magic bytes (never the name or the browser's claim), and PDFs
// that can run code, follow links or submit data when opened are refused. For PDFs a quick text
// pass over the bytes comes first (cheap, catches the obvious); the parsed object graph
// (pdf-active-content.ts) is the authority.

export const CONSENT_MAX_BYTES = 20 * 1024 * 1024;
export type ConsentMime = "application/pdf" | "image/jpeg" | "image/png";

const bad = (headline: string, detail = headline) => new AppError("VALIDATION", headline, { file: [detail] });
export const consentFileTooLarge = () =>
  new AppError("PAYLOAD_TOO_LARGE", "The file is larger than the 20 MB limit for signed consents", { file: ["At most 20 MB"] });

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const EXECUTABLES: [number[], string][] = [
  [ascii("MZ"), "a Windows program"],
  [[0x7f, 0x45, 0x4c, 0x46], "a Linux program"],
  [[0xcf, 0xfa, 0xed, 0xfe], "a macOS program"],
  [[0xce, 0xfa, 0xed, 0xfe], "a macOS program"],
  [[0xca, 0xfe, 0xba, 0xbe], "a macOS or Java program"],
  [ascii("#!"), "a script"],
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (or an Office document)"],
];

/** HTML, SVG or XML after optional BOM and whitespace: a browser would run its scripts. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1").replace(/^\uFEFF|^\xEF\xBB\xBF/, "").trimStart().toLowerCase();
  return /^<(!doctype|html|head|body|script|svg|\?xml|iframe|!--|meta|div|a\s)/.test(head);
}

// Name tokens (case-sensitive, as PDF names are) for code or actions that run when a PDF is opened.
// Names may hex-escape their letters (/J#61vaScript), so they are decoded before matching.
const DELIM = String.raw`(?=[\s/<>\[\]()%]|$)`;
const ACTIVE_PDF: [RegExp, string][] = [
  [new RegExp(`/JavaScript${DELIM}`), "it contains JavaScript"],
  [new RegExp(`/JS${DELIM}`), "it contains JavaScript"],
  [new RegExp(`/Launch${DELIM}`), "it can launch a program when opened (/Launch)"],
  [new RegExp(`/EmbeddedFiles?${DELIM}`), "it carries embedded files"],
  [new RegExp(`/RichMedia${DELIM}`), "it contains rich media (Flash)"],
  [new RegExp(`/XFA${DELIM}`), "it contains an XFA form, which can run scripts"],
];
const decodePdfNames = (s: string) => s.replace(/\/[^\s/<>[\]()%]+/g, (name) => name.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));

/**
 * What to search: the file outside its streams (where dictionaries and actions live), plus every
 * object stream inflated (PDF 1.5 packs dictionaries there). Other streams (page content, images)
 * are skipped: they cannot hold actions, and their binary data would match names by chance.
 */
function pdfTexts(bytes: Uint8Array): string[] {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const texts: string[] = [];
  let budget = 64 * 1024 * 1024;
  let from = 0;
  for (let at = raw.indexOf("stream", 0); at !== -1; at = raw.indexOf("stream", at + 6)) {
    if (raw.subarray(at - 3, at).toString("latin1") === "end") continue;
    let start = at + 6;
    if (raw[start] === 0x0d) start++;
    if (raw[start] !== 0x0a && raw[start - 1] !== 0x0d) continue; // "stream" inside a name or string
    // The keyword follows its dictionary's ">>": a "%stream" comment or a stray word is no stream,
    // and taking it for one would skip everything up to the next "endstream" unread.
    if (!/>>\s*$/.test(raw.subarray(Math.max(0, at - 64), at).toString("latin1"))) continue;
    if (raw[start] === 0x0a) start++;
    const end = raw.indexOf("endstream", start);
    if (end === -1) break;
    const before = raw.subarray(from, at).toString("latin1");
    texts.push(before);
    const dict = decodePdfNames(before.slice(-2048));
    if (/\/Type\s*\/ObjStm/.test(dict.slice(dict.lastIndexOf("obj")))) {
      try {
        const out = inflateSync(raw.subarray(start, end), { maxOutputLength: Math.max(1, Math.min(budget, 16 * 1024 * 1024)) });
        budget -= out.length;
        texts.push(out.toString("latin1"));
      } catch {
        throw bad("The PDF could not be checked: one of its object streams is damaged or too large", "Unreadable PDF object stream");
      }
    }
    from = end;
    at = end;
  }
  texts.push(raw.subarray(from).toString("latin1"));
  return texts;
}

async function assertSafePdf(bytes: Uint8Array): Promise<void> {
  for (const text of pdfTexts(bytes)) {
    const names = decodePdfNames(text);
    for (const [pattern, why] of ACTIVE_PDF) {
      if (pattern.test(names)) {
        throw bad(`This PDF was refused because ${why}; print it to a new PDF or scan the signed paper form`, `Unsafe PDF: ${why}`);
      }
    }
  }
  if (!Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString("latin1").includes("%%EOF")) {
    throw bad("The PDF is incomplete (no end-of-file marker); upload the whole file", "Truncated PDF");
  }
  try {
    await assertNoActivePdfContent(bytes);
  } catch (e) {
    if (!(e instanceof UnsafePdfError)) throw e;
    throw bad(`This PDF was refused because ${e.found}; print it to a new PDF or scan the signed paper form`, `Unsafe PDF: ${e.found}`);
  }
}

async function assertDecodableImage(bytes: Uint8Array): Promise<void> {
  const { default: sharp } = await import("sharp");
  try {
    const meta = await sharp(bytes, { limitInputPixels: 100_000_000, failOn: "error" }).metadata();
    if (!meta.width || !meta.height) throw new Error("no dimensions");
  } catch {
    throw bad("The image is corrupt or truncated", "The image data could not be read");
  }
}

/** The file's real type, or a VALIDATION error that says what it is and why it was refused. */
export async function checkConsentFile(bytes: Uint8Array): Promise<ConsentMime> {
  if (bytes.length === 0) throw bad("The file is empty (0 bytes)", "The file is empty");
  if (bytes.length > CONSENT_MAX_BYTES) throw consentFileTooLarge();
  for (const [sig, what] of EXECUTABLES) {
    if (starts(bytes, sig)) throw bad(`The file is ${what}, not a PDF, JPEG or PNG`, `Executable or archive content is not accepted`);
  }
  if (starts(bytes, ascii("%PDF-"))) {
    await assertSafePdf(bytes);
    return "application/pdf";
  }
  const png = starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const jpeg = starts(bytes, [0xff, 0xd8, 0xff]);
  if (png || jpeg) {
    await assertDecodableImage(bytes);
    return png ? "image/png" : "image/jpeg";
  }
  if (looksLikeMarkup(bytes)) throw bad("The file is a web page (HTML/SVG), not a PDF, JPEG or PNG, whatever its name says", "Markup is not accepted");
  throw bad("The file is not a PDF, JPEG or PNG (checked by its content, not its name)", "Unsupported file type");
}

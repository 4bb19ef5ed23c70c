import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from "pdf-lib";

// The authority on whether an uploaded PDF can do anything when opened: the file is parsed into its
// object graph (pdf-lib, which also unpacks object streams) and every dictionary and array in every
// object is walked. A text search over the raw bytes cannot be trusted on its own: a "%stream"
// comment, a string or an odd stream length makes it skip the very dictionary a viewer reads.
// Refused: any action at all (a signed consent has no reason to run script, open a link, submit a
// form or launch a program), embedded files and rich media, XFA forms, encryption (its content
// cannot be checked) and anything that does not parse as a PDF with a catalog.

/** Keys that hold an action, script or embedded content, wherever they appear. */
const ACTIVE_KEYS: Record<string, string> = {
  A: "a link or button action (/A)",
  AA: "automatic actions (/AA)",
  OpenAction: "an action that runs when it is opened (/OpenAction)",
  JS: "JavaScript (/JS)",
  JavaScript: "JavaScript (/JavaScript)",
  Launch: "a program launch (/Launch)",
  URI: "a web link action (/URI)",
  SubmitForm: "a form that submits data (/SubmitForm)",
  ImportData: "a form data import (/ImportData)",
  GoToR: "a link into another file (/GoToR)",
  GoToE: "a link into an embedded file (/GoToE)",
  EmbeddedFiles: "embedded files (/EmbeddedFiles)",
  EmbeddedFile: "an embedded file (/EmbeddedFile)",
  RichMedia: "rich media (/RichMedia)",
  XFA: "an XFA form, which can run scripts (/XFA)",
};

/** Action types (ISO 32000 table 198 and RichMediaExecute): an /S naming one makes the dict an action. */
const ACTION_TYPES = new Set([
  "GoTo", "GoToR", "GoToE", "Launch", "Thread", "URI", "Sound", "Movie", "Hide", "Named", "SubmitForm", "ResetForm",
  "ImportData", "JavaScript", "SetOCGState", "Rendition", "Trans", "GoTo3DView", "RichMediaExecute",
]);

export class UnsafePdfError extends Error {
  override name = "UnsafePdfError";
  constructor(readonly found: string) {
    super(found);
  }
}

const nameOf = (o: PDFObject | undefined) => (o instanceof PDFName ? o.decodeText() : undefined);

/**
 * Everything active in one object, most specific first: an action's own type (/S /URI) says more
 * than the key that holds it (/A), so the message names that when there is one.
 */
function findActive(root: PDFObject): string | null {
  const stack: PDFObject[] = [root];
  let byKey: string | null = null;
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof PDFStream) {
      stack.push(o.dict);
    } else if (o instanceof PDFDict) {
      const s = nameOf(o.get(PDFName.of("S")));
      if (s && ACTION_TYPES.has(s)) return ACTIVE_KEYS[s] ?? `an action (/${s})`;
      if (nameOf(o.get(PDFName.of("Type"))) === "Action") byKey ??= "an action (/Type /Action)";
      for (const [key, value] of o.entries()) {
        byKey ??= ACTIVE_KEYS[key.decodeText()] ?? null;
        stack.push(value);
      }
    } else if (o instanceof PDFArray) {
      stack.push(...o.asArray());
    }
  }
  return byKey;
}

/** Throws UnsafePdfError naming what was found (PDF structure only, never the document's text). */
export async function assertNoActivePdfContent(bytes: Uint8Array): Promise<void> {
  let doc: PDFDocument;
  try {
    // Encryption is refused just below, from the trailer itself: pdf-lib's own refusal is a plain
    // Error (its class does not survive instanceof), which could not be told from a parse failure.
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    throw new UnsafePdfError("it could not be read as a PDF (damaged or not a PDF)");
  }
  const { context } = doc;
  if (context.trailerInfo.Encrypt || doc.isEncrypted) throw new UnsafePdfError("it is encrypted, so its content cannot be checked");
  const catalog = context.trailerInfo.Root ? context.lookup(context.trailerInfo.Root) : undefined;
  if (!(catalog instanceof PDFDict) || nameOf(catalog.get(PDFName.of("Type"))) !== "Catalog") {
    throw new UnsafePdfError("it could not be read as a PDF (no document catalog)");
  }
  for (const [, object] of context.enumerateIndirectObjects()) {
    const found = findActive(object);
    if (found) throw new UnsafePdfError(`it contains ${found}`);
  }
}

import { PDFDocument, type PDFObject, type PDFRef } from "pdf-lib";

// Appends to a finished PDF as an incremental update (ISO 32000-1, 7.5.6): the original bytes stay
// untouched at the start of the file and the new and changed objects follow with their own xref
// section pointing back (/Prev) to the original one. Whoever holds the result can cut it at the
// original length and get the original document, byte for byte, which is what makes a hash of that
// document (printed on the appended page) checkable without the database. pdf-lib only writes whole
// files, so the update section is written here from its object serializations.

const ascii = (s: string) => new TextEncoder().encode(s);

function serialize(obj: PDFObject): Uint8Array {
  const bytes = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(bytes, 0);
  return bytes;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The byte offset of the file's last cross-reference section (its `startxref` value). */
function lastXrefOffset(pdf: Uint8Array): number {
  const tail = new TextDecoder("latin1").decode(pdf.subarray(Math.max(0, pdf.length - 1024)));
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new Error("appendIncrementally: the base PDF has no startxref/%%EOF trailer");
  return Number(match[1]);
}

/**
 * Loads `base`, lets `edit` change the document (e.g. add a page), and returns `base` followed by
 * an update holding exactly the objects that are new or whose serialization changed.
 */
export async function appendIncrementally(base: Uint8Array, edit: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const prev = lastXrefOffset(base);
  // updateMetadata off: pdf-lib would otherwise rewrite the Info dictionary (producer, dates) on load.
  const original = await PDFDocument.load(base, { updateMetadata: false });
  const doc = await PDFDocument.load(base, { updateMetadata: false });
  await edit(doc);
  await doc.flush();

  const changed: [PDFRef, Uint8Array][] = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const bytes = serialize(obj);
    const before = original.context.lookup(ref);
    if (!before || !sameBytes(serialize(before), bytes)) changed.push([ref, bytes]);
  }
  changed.sort(([a], [b]) => a.objectNumber - b.objectNumber);

  const parts: Uint8Array[] = [base, ascii("\n")];
  let offset = base.length + 1;
  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const [ref, bytes] of changed) {
    offsets.set(ref.objectNumber, { offset, generation: ref.generationNumber });
    for (const part of [ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`), bytes, ascii("\nendobj\n")]) {
      parts.push(part);
      offset += part.length;
    }
  }

  // One xref subsection per run of consecutive object numbers; each entry is exactly 20 bytes.
  let xref = "xref\n";
  const numbers = [...offsets.keys()];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    xref += `${numbers[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = offsets.get(numbers[k]!)!;
      xref += `${String(e.offset).padStart(10, "0")} ${String(e.generation).padStart(5, "0")} n\r\n`;
    }
    i = j + 1;
  }
  const { Root, Info, ID } = doc.context.trailerInfo;
  if (!Root) throw new Error("appendIncrementally: the base PDF has no document catalog");
  const trailer = [`/Size ${doc.context.largestObjectNumber + 1}`, `/Root ${Root.toString()}`, Info ? `/Info ${Info.toString()}` : "", ID ? `/ID ${ID.toString()}` : "", `/Prev ${prev}`]
    .filter(Boolean)
    .join(" ");
  parts.push(ascii(`${xref}trailer\n<< ${trailer} >>\nstartxref\n${offset}\n%%EOF\n`));

  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

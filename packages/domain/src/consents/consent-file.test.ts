import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkConsentFile, CONSENT_MAX_BYTES } from "./consent-file";

const pdf = (body = "") =>
  Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${body} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, "latin1");

async function rejection(bytes: Uint8Array) {
  try {
    await checkConsentFile(bytes);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("accepted");
}

describe("checkConsentFile", () => {
  it("accepts a plain PDF, JPEG and PNG by their content", async () => {
    expect(await checkConsentFile(pdf())).toBe("application/pdf");
    const img = sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } });
    expect(await checkConsentFile(await img.clone().jpeg().toBuffer())).toBe("image/jpeg");
    expect(await checkConsentFile(await img.clone().png().toBuffer())).toBe("image/png");
  });

  it("refuses empty, oversized, executable, markup and unknown files with a reason", async () => {
    expect((await rejection(new Uint8Array(0))).message).toMatch(/empty/);
    expect((await rejection(new Uint8Array(CONSENT_MAX_BYTES + 1))).code).toBe("PAYLOAD_TOO_LARGE");
    expect((await rejection(Buffer.from("MZ\x90\x00\x03rest of a PE file", "latin1"))).message).toMatch(/Windows program/);
    expect((await rejection(Buffer.from("\x7fELF\x02\x01\x01", "latin1"))).message).toMatch(/Linux program/);
    expect((await rejection(Buffer.from("\uFEFF  <!DOCTYPE html><script>alert(1)</script>"))).message).toMatch(/web page/);
    expect((await rejection(Buffer.from("just some text"))).message).toMatch(/not a PDF, JPEG or PNG/);
    expect((await rejection(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]))).message).toMatch(/corrupt/);
  });

  it("refuses PDFs that run code, also when names are hex-escaped or packed in an object stream", async () => {
    expect((await rejection(pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"))).message).toMatch(/contains JavaScript/);
    expect((await rejection(pdf("/OpenAction << /S /Launch /F (cmd.exe) >>"))).message).toMatch(/launch a program/);
    expect((await rejection(pdf("/AA << /O << /S /J#61vaScript >> >>"))).message).toMatch(/JavaScript/);
    const packed = deflateSync(Buffer.from("<< /S /JavaScript /JS (x) >>"));
    const objStm = Buffer.concat([
      Buffer.from("%PDF-1.7\n3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length " + packed.length + " >>\nstream\n", "latin1"),
      packed,
      Buffer.from("\nendstream\nendobj\n%%EOF\n", "latin1"),
    ]);
    expect((await rejection(objStm)).message).toMatch(/JavaScript/);
    expect((await rejection(Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n"))).message).toMatch(/incomplete/);
  });

  it("does not match names by chance inside image streams", async () => {
    const noise = Buffer.from("\n/JS /JavaScript /Launch binary\n", "latin1");
    const file = Buffer.concat([
      Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n4 0 obj\n<< /Subtype /Image /Length 31 >>\nstream\n", "latin1"),
      noise,
      Buffer.from("endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1"),
    ]);
    expect(await checkConsentFile(file)).toBe("application/pdf");
  });
});

// Security issue 14, finding 3: the parsed object graph decides, not a text search over the bytes.
describe("checkConsentFile: active content found by parsing the PDF", () => {
  /** A one-page PDF; `page` and `catalog` add entries to those dictionaries, `extra` adds objects. */
  const doc = (o: { page?: string; catalog?: string; extra?: string } = {}) =>
    Buffer.from(
      `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${o.catalog ?? ""} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n` +
        `3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] ${o.page ?? ""} >>\nendobj\n${o.extra ?? ""}trailer\n<< /Root 1 0 R >>\n%%EOF\n`,
      "latin1",
    );
  const refusal = async (bytes: Uint8Array) => {
    const e = await rejection(bytes);
    expect(e.code).toBe("VALIDATION");
    return e.message;
  };

  it("sees through a %stream comment that hid an /OpenAction JavaScript object from the text scan", async () => {
    const hidden = doc({ catalog: "/OpenAction 4 0 R", extra: "%stream\n4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n%endstream\n" });
    expect(await refusal(hidden)).toMatch(/JavaScript/);
  });

  it("refuses /URI, /SubmitForm and /Launch actions, and an /AA on a page", async () => {
    const link = "/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.test/x) >> >>]";
    expect(await refusal(doc({ page: link }))).toMatch(/\/URI/);
    const submit = "/Annots [<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 10 10] /A << /S /SubmitForm /F (https://example.test/collect) >> >>]";
    expect(await refusal(doc({ page: submit }))).toMatch(/\/SubmitForm/);
    expect(await refusal(doc({ catalog: "/OpenAction << /S /L#61unch /F (cmd.exe) >>" }))).toMatch(/\/Launch/);
    expect(await refusal(doc({ page: "/AA << /O << /S /URI /URI (https://example.test/open) >> >>" }))).toMatch(/\/AA|\/URI/);
  });

  it("refuses JavaScript packed in an object stream", async () => {
    const d = await PDFDocument.create();
    d.addPage();
    const action = d.context.register(d.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") }));
    d.catalog.set(PDFName.of("Names"), d.context.obj({ JavaScript: d.context.obj({ Names: [PDFString.of("x"), action] }) }));
    const bytes = await d.save({ useObjectStreams: true });
    expect(Buffer.from(bytes).toString("latin1")).not.toContain("JavaScript");
    expect(await refusal(bytes)).toMatch(/JavaScript/);
  });

  it("refuses encrypted and unparseable PDFs", async () => {
    const plain = doc({ extra: "5 0 obj\n<< /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>\nendobj\n" }).toString("latin1");
    expect(await refusal(Buffer.from(plain.replace("<< /Root 1 0 R >>", "<< /Root 1 0 R /Encrypt 5 0 R >>"), "latin1"))).toMatch(/encrypted/);
    expect(await refusal(Buffer.from("%PDF-1.7\nnot a pdf at all\n%%EOF\n", "latin1"))).toMatch(/could not be read/);
  });

  it("accepts a plain PDF made by a PDF library, with text on a page", async () => {
    const d = await PDFDocument.create();
    const font = await d.embedFont(StandardFonts.Helvetica);
    d.addPage().drawText("I authorize the use of my photo.", { font, x: 50, y: 700, size: 12 });
    expect(await checkConsentFile(await d.save())).toBe("application/pdf");
    expect(await checkConsentFile(doc())).toBe("application/pdf");
  });
});

describe("the PDF check's first pass", () => {
  it("is not fooled into skipping text by the word stream in a comment", async () => {
    const file = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%stream\n2 0 obj\n<< /JS (x) >>\nendobj\n%endstream\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1");
    expect((await rejection(file)).message).toMatch(/JavaScript/);
  });
});

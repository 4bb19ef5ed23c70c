import { deflateSync } from "node:zlib";
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
    const file = Buffer.concat([Buffer.from("%PDF-1.7\n4 0 obj\n<< /Subtype /Image /Length 30 >>\nstream\n", "latin1"), noise, Buffer.from("endstream\nendobj\n%%EOF\n", "latin1")]);
    expect(await checkConsentFile(file)).toBe("application/pdf");
  });
});

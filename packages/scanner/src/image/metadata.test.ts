import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readMetadata } from "./metadata.js";
import { scanMetadata } from "./metadata-scan.js";
import { fakeScanText, withPngText } from "./test-helpers.js";

const base = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#888" } });
const xmp = (desc: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${desc}</rdf:li></rdf:Alt></dc:description>` +
  `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

describe("metadata", () => {
  it("reads EXIF description, XMP caption and PNG text; skips technical fields", async () => {
    const jpg = await base().jpeg().withExif({ IFD0: { ImageDescription: "MRN 4471902 at discharge", Make: "Google", Model: "Pixel 7" } }).toBuffer();
    const m1 = await readMetadata(jpg);
    expect(m1.texts.map((t) => t.value)).toEqual(["MRN 4471902 at discharge"]);

    const withXmp = await base().jpeg().withXmp(xmp("Visit on 02/19/2024")).toBuffer();
    expect((await readMetadata(withXmp)).texts.map((t) => t.value)).toContain("Visit on 02/19/2024");

    const png = withPngText(await base().png().toBuffer(), "Comment", "MRN 5530917");
    expect((await readMetadata(png)).texts.map((t) => t.value)).toContain("MRN 5530917");
  });

  it("turns GPS into a LOCATION finding and scans text fields with the text scanner", async () => {
    const meta = {
      gps: { latitude: 39.98217, longitude: -83.00419 },
      texts: [
        { field: "ifd0.ImageDescription", value: "MRN 4471902 at discharge" },
        { field: "ifd0.Artist", value: "Comms team" },
      ],
    };
    const { findings, verdict } = await scanMetadata(meta, fakeScanText);
    expect(verdict).toBe("block");
    expect(findings.map((f) => [f.type, f.text, f.source, f.box])).toEqual([
      ["LOCATION", "GPS 39.98217, -83.00419", "metadata", undefined],
      ["ID", "MRN 4471902", "metadata", undefined],
    ]);
  });

  it("returns nothing for images without metadata", async () => {
    expect(await readMetadata(await base().png().toBuffer())).toEqual({ gps: null, texts: [] });
  });
});

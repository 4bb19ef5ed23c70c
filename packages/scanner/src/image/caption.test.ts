// Captions in metadata: the caption rule alone, then end to end from an XMP caption in a JPEG through
// the real text scanner.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { scanText } from "../text/index.js";
import { captionNames } from "./caption.js";
import { readMetadata } from "./metadata.js";
import { scanMetadata } from "./metadata-scan.js";

const names = (text: string) => captionNames(text).map((f) => f.text);
const xmp = (desc: string) =>
  `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${desc}</rdf:li></rdf:Alt></dc:description>` +
  `</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

describe("captionNames", () => {
  it("finds a person named together with a care event", () => {
    expect(names("Theodore discharge day")).toEqual(["Theodore"]);
    expect(names("Mrs. Pettigrew going home this afternoon")).toEqual(["Mrs. Pettigrew"]);
    expect(names("Yarborough bedside, 6 North")).toEqual(["Yarborough"]);
    expect(names("Leopold Brandvold after his knee replacement")).toEqual(["Leopold Brandvold"]);
  });

  it("ignores staff, captions without a care event, and events without a person", () => {
    expect(names("Dr. Szczepanski cutting the ribbon on the new wing")).toEqual([]);
    expect(names("Theodore and Imogen at the summer picnic")).toEqual([]);
    expect(names("Fresh paint in the east stairwell, discharge lounge reopens Monday")).toEqual([]);
    expect(names("Happy retirement Imogen, 30 years on the surgery team")).toEqual([]);
  });
});

describe("metadata captions through the text scanner", () => {
  it("reports a name tied to a care event in an XMP caption, and stays quiet on a harmless one", async () => {
    const scan = (t: string, o: Parameters<typeof scanText>[1]) => scanText(t, o);
    const base = () => sharp({ create: { width: 64, height: 48, channels: 3, background: "#777" } }).jpeg();
    const named = await readMetadata(await base().withXmp(xmp("Imogen heading home today after three weeks")).toBuffer());
    const result = await scanMetadata(named, scan);
    expect(result.verdict).toBe("block");
    expect(result.findings.map((f) => [f.type, f.text, f.source])).toContainEqual(["NAME", "Imogen", "metadata"]);

    const plain = await readMetadata(await base().withXmp(xmp("New benches in the courtyard")).withExif({ IFD0: { Artist: "Theodore Brandvold" } }).toBuffer());
    expect(await scanMetadata(plain, scan)).toEqual({ findings: [], verdict: "allow" });
  });
});

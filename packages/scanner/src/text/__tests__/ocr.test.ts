// scanText(..., { source: "image" }): OCR text from photos of charts, wristbands and folder labels.
// The same strings typed in a post stay as they were; in a photo, document labels count.
import { describe, expect, it } from "vitest";
import { scanText } from "../index.js";

const image = (text: string) => scanText(text, { source: "image" });
const types = (text: string) => image(text).findings.map((f) => `${f.type}:${f.text}`);

describe("OCR text (source: image)", () => {
  it("blocks a bare LAST, FIRST folder label that a post would let through", () => {
    expect(scanText("BERGSTROM, WALTER").verdict).toBe("allow");
    expect(image("BERGSTROM, WALTER").verdict).toBe("block");
    expect(types("BERGSTROM, WALTER")).toContain("NAME:BERGSTROM, WALTER");
  });
  it("takes a name next to DOB / Rm / Pt as a patient's", () => {
    const result = image("PT NAME LUCILLE ABERNETHY  RM 7  ALLERGIES PCN");
    expect(result.verdict).toBe("block");
    expect(result.findings.some((f) => f.type === "NAME" && f.text.includes("ABERNETHY"))).toBe(true);
  });
  it("flags admission and discharge dates, including a split D/C label", () => {
    const found = types("Adm 2/9 D/C 2/15 Dx pneumonia");
    expect(found).toContain("DATE:2/9");
    expect(found).toContain("DATE:2/15");
    expect(image("Adm 2/9 D/C 2/15 Dx pneumonia").verdict).not.toBe("allow");
  });
  it("does not presume a phone number in a photo is the org's", () => {
    expect(scanText("call 209-555-0163 re refill").verdict).toBe("allow");
    expect(image("call 209-555-0163 re refill").verdict).toBe("block");
  });
  it("leaves signs, staff badges, org phones and event boards alone", () => {
    for (const text of [
      "WELCOME TO BRIGHT HARBOR PEDIATRICS", "OKONJO, ADAEZE RN", "Dr. Imran Qureshi, DMD", "Staff huddle 7:30 Conference Room C",
      "Open Mon-Fri 8-5. Call our front desk at (555) 010-2000 to book", "Hope Grace Faith", "Volunteer of the Month: Rosa Delgado",
    ]) expect(image(text).verdict, text).toBe("allow");
  });
});

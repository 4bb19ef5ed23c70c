import { scanText } from "@vetted/scanner";
import { describe, expect, it } from "vitest";
import { directIdentifierOf, directIdentifierRefusal } from "./direct-identifiers";

describe("direct identifiers", () => {
  it("reads the subtype from the real scanner's recognizer names", async () => {
    const kinds = async (text: string) => (await scanText(text, { kind: "post" })).findings.map((f) => [f.type, directIdentifierOf(f)]);
    expect(await kinds("Patient update for MRN 00412345: recovering well after surgery.")).toContainEqual(["ID", "MRN"]);
    expect(await kinds("Her SSN 123-45-6789 was on the form we photographed.")).toContainEqual(["ID", "SSN"]);
    expect(await kinds("Happy birthday to our patient Mary Jones, DOB 03/14/1950, home after her surgery!")).toContainEqual(["DATE", "DOB"]);
    // A date of care and a member number are identifiers but not direct ones in this sense.
    expect((await kinds("Member ID 99812345 was seen on 3/14 for a follow-up.")).filter(([, k]) => k !== null)).toEqual([]);
  });

  it("classifies image findings by the text recognizer's explanation they carry", () => {
    expect(directIdentifierOf({ type: "ID", recognizer: "image.ocr", explanation: "visible text: a medical record number" })).toBe("MRN");
    expect(directIdentifierOf({ type: "ID", recognizer: "metadata.ifd0.ImageDescription", explanation: "metadata field ifd0.ImageDescription: a Social Security number" })).toBe("SSN");
    expect(directIdentifierOf({ type: "DATE", recognizer: "image.ocr", explanation: "still readable after the redaction: visible text: a date of birth" })).toBe("DOB");
    // The explanation only counts for the matching type.
    expect(directIdentifierOf({ type: "NAME", recognizer: "image.ocr", explanation: "visible text: a medical record number" })).toBeNull();
    expect(directIdentifierOf({ type: "DATE", recognizer: "date.care", explanation: "a date tied to someone's care" })).toBeNull();
  });

  it("names the finding type in the refusal", () => {
    expect(directIdentifierRefusal("MRN")).toBe("A medical record number cannot be approved over; remove it from the post, or an admin must allow it in the approval policy");
    expect(directIdentifierRefusal(["SSN", "DOB", "SSN"])).toBe("A Social Security number and a date of birth cannot be approved over; remove them from the post, or an admin must allow it in the approval policy");
  });
});

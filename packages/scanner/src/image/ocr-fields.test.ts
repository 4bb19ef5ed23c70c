// Labelled fields and the record context around a patient's name, on hand-built OCR lines (no model).
import { describe, expect, it } from "vitest";
import type { Box, OcrLine } from "./ocr.js";
import { extendHealth, findRecordContext } from "./ocr-context.js";
import { findLabelledFields } from "./ocr-fields.js";

let segment = 0;
/** One printed segment: words laid left to right at height h from (x, y), 14 px per character. */
function seg(x: number, y: number, text: string, h = 24): OcrLine {
  const s = segment++;
  let cx = x;
  return {
    words: text.split(" ").map((t) => {
      const box: Box = [cx, y, t.length * 14, h];
      cx += t.length * 14 + 12;
      return { text: t, confidence: 95, box, segment: s };
    }),
  };
}
const texts = (fs: { type: string; text?: string }[]) => fs.map((f) => `${f.type}:${f.text}`);

describe("findLabelledFields", () => {
  it("reads identifiers, care dates, lab values and gestational age after their labels", () => {
    const found = findLabelledFields([
      seg(10, 10, "Specimen# 31-77042 Drawn 08/14 05:10"),
      seg(10, 50, "Acct No. 90233871"),
      seg(10, 90, "Na 128 Hgb 6.9 GA 27w5d"),
    ]);
    expect(texts(found)).toEqual([
      "ID:Specimen# 31-77042", "DATE:Drawn 08/14 05:10", "ID:Acct No. 90233871", "HEALTH:Na 128", "HEALTH:Hgb 6.9", "HEALTH:GA 27w5d",
    ]);
  });

  it("splits OCR's joined label+value words and boxes only the labelled part", () => {
    const [f] = findLabelledFields([seg(100, 10, "K+3.1-recheck")]);
    expect(f).toMatchObject({ type: "HEALTH", text: "K+3.1" });
    // "K+3.1" is 5 of the word's 13 characters.
    expect(f?.box?.[2]).toBeLessThan(13 * 14 * 0.5);
  });

  it("pairs a card's labels with the values printed under them", () => {
    const found = findLabelledFields([
      seg(400, 300, "Subscriber ID"),
      { words: [...seg(700, 300, "Group").words] },
      seg(402, 330, "XKP90412277"),
      seg(701, 331, "40917"),
    ]);
    expect(texts(found).sort()).toEqual(["ID:40917", "ID:XKP90412277"]);
  });

  it("leaves vital signs, plan numbers, rooms, phone labels, staff numbers and card numbers alone", () => {
    const found = findLabelledFields([
      seg(10, 10, "HR 72 SpO2 97 Temp 36.8 BP 118/76"),
      seg(10, 50, "Rx BIN 004336 PCN ADV"),
      seg(10, 90, "Imaging Lab 214 Room 12"),
      seg(10, 130, "Ph 555-0134 Mg 2"),
      seg(10, 170, "Employee ID 551902"),
      seg(10, 210, "Rewards member since 2016"),
      seg(10, 240, "6011 9087 5521 0043"),
    ]);
    expect(found).toEqual([]);
  });
});

describe("findRecordContext", () => {
  it("adds room numbers in a patient's row and a date beside the name; not an empty board row", () => {
    const lines = [seg(10, 10, "517 Delacroix, M NPO"), seg(10, 50, "519 Yamamoto, K"), seg(10, 90, "521")];
    const names: Box[] = [[66, 10, 200, 24], [66, 50, 200, 24]];
    const found = findRecordContext(lines, names, names);
    expect(texts(found)).toEqual(["LOCATION:517", "LOCATION:519"]);
    const label = [seg(10, 10, "FERREIRA, LEOPOLD"), seg(10, 40, "03/22/1951"), seg(600, 600, "12/01/2030")];
    expect(texts(findRecordContext(label, [[10, 10, 220, 24]], [[10, 10, 220, 24]]))).toEqual(["DATE:03/22/1951"]);
  });

  it("reads a door sign's room number above the name card, and an age over 89 with a first name", () => {
    const door = [seg(100, 20, "733", 48), seg(100, 120, "Welcome"), seg(100, 160, "Ignatius Brennan")];
    expect(texts(findRecordContext(door, [[100, 160, 300, 24]], [[100, 160, 300, 24]]))).toEqual(["LOCATION:733"]);
    expect(texts(findRecordContext([seg(10, 10, "Happy 97th birthday,"), seg(10, 40, "Philippa!")], [], []))).toEqual(["AGE:97th birthday", "NAME:Philippa"]);
    // No patient name: a room number is just a room number.
    expect(findRecordContext([seg(10, 10, "733", 48)], [], [])).toEqual([]);
  });

  it("lists what is being done beside a patient's name, up to the next person on the row", () => {
    const row = seg(10, 10, "OR2 0915 KETTERING, R bowel prep Dr. Moreau");
    const name: Box = [132, 10, 170, 24]; // "KETTERING, R"
    const found = findRecordContext([row], [name], [name]);
    expect(texts(found)).toEqual(["HEALTH:bowel prep"]);
    const census = seg(10, 50, "733 MARGUERITE, A ROSALIND DC tomorrow");
    expect(texts(findRecordContext([census], [[66, 50, 200, 24]], [[66, 50, 200, 24]]))).toEqual(["HEALTH:DC tomorrow", "LOCATION:733"]);
  });

  it("extends a condition over the qualifier printed after it", () => {
    const line = seg(10, 10, "Problems: asthma exacerbation since Monday");
    const asthma = line.words[1]!;
    const f = extendHealth({ type: "HEALTH", text: "asthma", box: asthma.box, score: 0.8, source: "ocr", explanation: "x" }, [line]);
    expect(f.text).toBe("asthma exacerbation");
    expect(f.box?.[2]).toBeGreaterThan(asthma.box[2]);
  });
});

// The image policy over OCR lines with the real text scanner: what a photographed sign, poster or
// board shows is judged by whether anything in it identifies someone.
import { describe, expect, it } from "vitest";
import { scanText } from "../text/index.js";
import type { Box, OcrLine } from "./ocr.js";
import { analyzeOcr, isEverydayWord } from "./ocr-analysis.js";

let segment = 0;
function seg(x: number, y: number, text: string, h = 26): OcrLine {
  const s = segment++;
  let cx = x;
  return {
    words: text.split(" ").map((t) => {
      const box: Box = [cx, y, t.length * 15, h];
      cx += t.length * 15 + 12;
      return { text: t, confidence: 96, box, segment: s };
    }),
  };
}
const scan = (lines: OcrLine[]) => analyzeOcr(lines, (t, o) => scanText(t, o));
const texts = (fs: { type: string; text?: string }[]) => fs.map((f) => `${f.type}:${f.text}`);

describe("analyzeOcr", () => {
  it("allows signs whose only hits are departments, rooms or everyday words", async () => {
    const directory = await scan([seg(10, 10, "SECOND FLOOR"), seg(10, 50, "Dialysis Unit 210-224"), seg(10, 90, "Elevators"), seg(10, 130, "Vending")]);
    expect(directory).toMatchObject({ verdict: "allow", findings: [] });
    const door = await scan([seg(10, 10, "Exam 4"), seg(10, 50, "Dr. Szczepanski"), seg(10, 90, "Podiatry")]);
    expect(door.verdict).toBe("allow");
    const idle = await scan([seg(10, 10, "BAY 6 No patient admitted"), seg(10, 50, "Monitoring paused")]);
    expect(idle.verdict).toBe("allow");
  });

  it("reads plain names on a staff board as colleagues, not patients", async () => {
    const board = await scan([seg(10, 10, "UNIT 5 STAFF BOARD"), seg(10, 50, "Welcome back Rosalind Moreau!"), seg(10, 90, "Employee of the month"), seg(10, 130, "Augustine Pelletier")]);
    expect(board).toMatchObject({ verdict: "allow", findings: [] });
  });

  it("treats a number printed after an invitation to call, or a toll-free one, as the org's", async () => {
    const poster = await scan([seg(10, 10, "Free flu shots"), seg(10, 50, "Call (555) 301-2299 to book")]);
    expect(poster.verdict).toBe("allow");
    const card = await scan([seg(10, 10, "Member services 1-877-555-0190")]);
    expect(card.findings.filter((f) => f.type === "CONTACT")).toEqual([]);
  });

  it("keeps a phone next to a patient's name, and ties rows, labels and conditions to the name", async () => {
    const note = await scan([seg(10, 10, "Mrs. Pettigrew"), seg(10, 50, "(555) 214-7781"), seg(10, 90, "call back re results")]);
    expect(note.verdict).toBe("block");
    expect(texts(note.findings)).toEqual(expect.arrayContaining(["CONTACT:(555) 214-7781"]));
    const board = await scan([seg(10, 10, "BED PATIENT ISSUE"), seg(10, 50, "638 HOLLOWAY, T pneumonia"), seg(10, 90, "640 YARBOROUGH, R")]);
    expect(board.verdict).toBe("block");
    expect(texts(board.findings)).toEqual(expect.arrayContaining(["LOCATION:638", "LOCATION:640", "HEALTH:pneumonia"]));
    const tube = await scan([seg(10, 10, "Accession# 58-22019"), seg(10, 50, "BRANDVOLD, IMOGEN")]);
    expect(tube.verdict).toBe("block");
    expect(texts(tube.findings)).toEqual(expect.arrayContaining(["ID:Accession# 58-22019"]));
  });

  it("drops lone everyday words read as names", () => {
    expect(["Restroom", "Huddle", "Vitals", "Temp"].every(isEverydayWord)).toBe(true);
    expect(["Szczepanski", "Philippa"].some(isEverydayWord)).toBe(false);
  });
});

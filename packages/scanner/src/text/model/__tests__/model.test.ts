// The learned text model: shipped weights load and decide deterministically, the CV splitter keeps
// records whole and strata balanced, and training is reproducible. Every text here is written for
// this test (none comes from the eval corpus).
import { describe, expect, it } from "vitest";
import { scanText } from "../../index.js";
import { fitModel, prepare, type LabelledRecord } from "../fit.js";
import { shapeHash, shapeOf } from "../features.js";
import { hashString } from "../hash.js";
import { decodeTable, encodeTable, weightAt } from "../linear.js";
import { getTextModel } from "../load.js";
import { stratifiedFolds } from "../trainers.js";

const flagged = (verdict: string): boolean => verdict !== "allow";

describe("shipped text model", () => {
  it("loads once and gives the same answer for the same input", () => {
    expect(getTextModel()).toBe(getTextModel());
    const text = "so proud of my sister Marisol, 6 weeks out from her double mastectomy and back at the gym 💪";
    const first = scanText(text, { kind: "comment", channel: "facebook" });
    const second = scanText(text, { kind: "comment", channel: "facebook" });
    expect(second).toEqual(first);
    expect(first.verdict).toBe("block");
  });

  it("round-trips a quantized weight table", () => {
    const weights = new Float32Array(1 << 6);
    weights[3] = 0.5; weights[17] = -1.25; weights[40] = 2;
    const decoded = decodeTable(encodeTable(weights, 6, 1, 2));
    expect(weightAt(decoded, 3)).toBeCloseTo(0.5, 3);
    expect(weightAt(decoded, 17)).toBeCloseTo(-1.25, 3);
    expect(weightAt(decoded, 40)).toBeCloseTo(2, 3);
    expect(weightAt(decoded, 5)).toBe(0);
  });

  it("hashes a token's shape without building it, to the same value as the shape string", () => {
    for (const text of ["Kinsley", "555-0100", "aaaaaaaaaaaaaaaaaaaaaaaa", "Ñandú", "O'Neil-Smith", "🙏🏾", "", "A1b2C3d4E5f6G7h8"]) {
      expect(shapeHash(text)).toBe(hashString(shapeOf(text)));
    }
    expect(shapeOf("Kinsley")).toBe("Xxx");
    expect(shapeOf("555-0100")).toBe("dd-dd");
  });

  it("round-trips an int8 tagger-style table, negative weights included", () => {
    const weights = new Float32Array((1 << 4) * 3);
    weights[0] = -0.75; weights[7] = 1.5; weights[47] = -1.5;
    const decoded = decodeTable(encodeTable(weights, 4, 3, 1));
    expect(weightAt(decoded, 0)).toBeCloseTo(-0.75, 1);
    expect(weightAt(decoded, 7)).toBeCloseTo(1.5, 2);
    expect(weightAt(decoded, 47)).toBeCloseTo(-1.5, 2);
    expect(weightAt(decoded, 8)).toBe(0);
  });

  it("flags a commenter's own fertility treatment, with the model's cues among the reasons", () => {
    const result = scanText("my egg retrieval is tomorrow and I'm so nervous, third round of IVF", { kind: "comment" });
    expect(flagged(result.verdict)).toBe(true);
    expect(result.reasons.some((reason) => reason.startsWith("the learned model"))).toBe(true);
  });

  it("flags a patient named by initials with a procedure, and explains each finding", () => {
    const result = scanText("Shoutout to T.J. on 4 West, walked 200 feet today after his hip replacement!", { kind: "group_post" });
    expect(result.verdict).toBe("block");
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) expect(finding.explanation.length).toBeGreaterThan(10);
  });

  it("allows an event post and a staff sign-off", () => {
    expect(scanText("Free bike helmet fittings this Saturday 10-2 in the east parking lot. See you there!", { kind: "post" }).verdict).toBe("allow");
    expect(scanText("Thank you all for covering the holiday shifts, you made it happen. – Renata", { kind: "group_post" }).verdict).toBe("allow");
  });

  it("allows a physician's milestone", () => {
    expect(scanText("Happy 1,000th knee replacement to Dr. Patel and the ortho team!", { kind: "post" }).verdict).toBe("allow");
  });
});

describe("stratifiedFolds", () => {
  const strata = [...Array(23).fill("a|block"), ...Array(11).fill("a|allow"), ...Array(7).fill("b|review")] as string[];

  it("puts every record in exactly one fold, within range", () => {
    const folds = stratifiedFolds(strata, 5, 1);
    expect(folds).toHaveLength(strata.length);
    for (const fold of folds) expect(fold >= 0 && fold < 5 && Number.isInteger(fold)).toBe(true);
  });

  it("spreads each stratum evenly (fold sizes differ by at most one per stratum)", () => {
    const folds = stratifiedFolds(strata, 5, 1);
    for (const stratum of new Set(strata)) {
      const counts = [0, 0, 0, 0, 0];
      strata.forEach((s, i) => { if (s === stratum) counts[folds[i] ?? 0]!++; });
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it("is deterministic for a seed", () => {
    expect(stratifiedFolds(strata, 5, 9)).toEqual(stratifiedFolds(strata, 5, 9));
  });
});

describe("training", () => {
  // A tiny synthetic set: a relative's health (block), a first name only (review), education (allow).
  const records: LabelledRecord[] = [
    { id: "1", file: "s", kind: "comment", verdict: "block", text: "my uncle Ravi had his bypass on Monday", phi: [{ start: 9, end: 13, type: "NAME" }, { start: 22, end: 28, type: "HEALTH" }] },
    { id: "2", file: "s", kind: "comment", verdict: "block", text: "prayers for my niece Lola, still in the NICU", phi: [{ start: 21, end: 25, type: "NAME" }, { start: 40, end: 44, type: "HEALTH" }] },
    { id: "3", file: "s", kind: "post", verdict: "review", text: "Congrats to Milo on winning our reading contest!", phi: [{ start: 12, end: 16, type: "NAME" }] },
    { id: "4", file: "s", kind: "post", verdict: "allow", text: "Flu shots are available at all clinics this week.", phi: [] },
    { id: "5", file: "s", kind: "post", verdict: "allow", text: "Learn the warning signs of stroke: face, arms, speech, time.", phi: [] },
    { id: "6", file: "s", kind: "group_post", verdict: "block", text: "bed 4 lady is back again with chest pain, third time this month", phi: [{ start: 0, end: 5, type: "LOCATION" }, { start: 30, end: 40, type: "HEALTH" }] },
    { id: "7", file: "s", kind: "post", verdict: "allow", text: "Welcome Dr. Amara Okafor to our family medicine team!", phi: [] },
    { id: "8", file: "s", kind: "comment", verdict: "allow", text: "Great event, thanks for the free water bottles", phi: [] },
  ];
  const options = { taggerBits: 12, docBits: 12, taggerEpochs: 3, docEpochs: 3, innerFolds: 2 };

  it("is reproducible: the same records and seed give identical weights", () => {
    const first = fitModel(records.map(prepare), ["synthetic"], options);
    const second = fitModel(records.map(prepare), ["synthetic"], options);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.tagger.values.length).toBeGreaterThan(0);
  });

  it("changes with the seed (the seed is really used)", () => {
    const a = fitModel(records.map(prepare), ["synthetic"], { ...options, seed: 1 });
    const b = fitModel(records.map(prepare), ["synthetic"], { ...options, seed: 2 });
    expect(JSON.stringify(a.flag)).not.toBe(JSON.stringify(b.flag));
  });
});

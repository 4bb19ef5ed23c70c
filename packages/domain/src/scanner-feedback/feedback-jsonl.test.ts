import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { deriveVerdict, evalRecordSchema, toEvalRecord, toJsonl, type LabelledText } from "./feedback-jsonl";
import { checkSpan, sourceText } from "./feedback-text";

// Invented texts: the export must produce lines the eval tools read (SCHEMA.md), whatever the labels.
const at = (text: string, part: string) => {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`"${part}" not in the text`);
  return { start, end: start + part.length };
};

const TEXT = "Welcome home, Bartholomew Quince! Three weeks after your hip surgery 🦴 and you are walking. Call us at 555-0100.";
const base = (over: Partial<LabelledText> = {}): LabelledText => ({
  id: "rev-1", text: TEXT, source: "TEXT", postChannels: ["INSTAGRAM", "FACEBOOK"], variantChannels: [], findings: [], labels: [], ...over,
});

describe("scanner feedback as eval JSONL", () => {
  it("keeps findings not marked NOT_PHI, adds missed spans, and each line parses to the schema", () => {
    const name = { id: "f-name", ...at(TEXT, "Bartholomew Quince"), type: "NAME" };
    const phone = { id: "f-phone", ...at(TEXT, "555-0100"), type: "CONTACT" };
    const record = toEvalRecord(base({
      findings: [name, phone],
      labels: [
        { kind: "NOT_PHI", findingId: "f-phone", ...at(TEXT, "555-0100"), type: "CONTACT" },
        { kind: "MISSED_PHI", findingId: null, ...at(TEXT, "hip surgery"), type: "HEALTH" },
      ],
    }));
    expect(record.phi).toEqual([{ ...at(TEXT, "Bartholomew Quince"), type: "NAME" }, { ...at(TEXT, "hip surgery"), type: "HEALTH" }]);
    expect(record).toMatchObject({ id: "rev-1", kind: "post", channel: "instagram", verdict: "block" });
    const lines = toJsonl([record, toEvalRecord(base({ id: "rev-2", findings: [phone] }))]).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const parsed = evalRecordSchema.parse(JSON.parse(line));
      for (const s of parsed.phi) expect(parsed.text.slice(s.start, s.end).trim()).toBe(parsed.text.slice(s.start, s.end));
    }
    expect(JSON.parse(lines[0]!).phi.map((s: { start: number; end: number }) => TEXT.slice(s.start, s.end))).toEqual(["Bartholomew Quince", "hip surgery"]);
  });

  it("a missed span redraws an overlapping finding of its type; other types stay", () => {
    const part = { id: "f-part", ...at(TEXT, "Bartholomew"), type: "NAME" };
    const other = { id: "f-loc", ...at(TEXT, "Quince"), type: "LOCATION" };
    const record = toEvalRecord(base({ findings: [part, other], labels: [{ kind: "MISSED_PHI", findingId: null, ...at(TEXT, "Bartholomew Quince"), type: "NAME" }] }));
    expect(record.phi).toEqual([{ ...at(TEXT, "Bartholomew Quince"), type: "NAME" }, { ...at(TEXT, "Quince"), type: "LOCATION" }]);
  });

  it("a channel variant is its own record, with that channel; a private group is a group_post", () => {
    const record = toEvalRecord(base({ id: "rev-1:PRIVATE_GROUP", source: "TEXT:PRIVATE_GROUP", text: "Staff only: bed 4 is back", postChannels: ["FACEBOOK", "PRIVATE_GROUP"], variantChannels: ["PRIVATE_GROUP"] }));
    expect(record).toMatchObject({ kind: "group_post", channel: "private_group", phi: [], verdict: "allow" });
    // The main text goes to the channels without a variant.
    expect(toEvalRecord(base({ postChannels: ["PRIVATE_GROUP", "X"], variantChannels: ["PRIVATE_GROUP"] })).channel).toBe("x");
    expect(toEvalRecord(base({ postChannels: [] }))).not.toHaveProperty("channel");
  });

  it("drops spans outside the text and types the corpus does not know", () => {
    const record = toEvalRecord(base({ findings: [{ id: "a", start: 5, end: TEXT.length + 3, type: "NAME" }, { id: "b", start: 0, end: 7, type: "FACE" }] }));
    expect(record.phi).toEqual([]);
    expect(record.verdict).toBe("allow");
  });

  it("derives the verdict from the span types as SCHEMA.md describes", () => {
    const spans = (...types: string[]) => types.map((type) => ({ type }));
    expect(deriveVerdict([])).toBe("allow");
    expect(deriveVerdict(spans("ID"))).toBe("block");
    expect(deriveVerdict(spans("CONTACT"))).toBe("block");
    expect(deriveVerdict(spans("NAME", "HEALTH"))).toBe("block");
    expect(deriveVerdict(spans("NAME", "DATE"))).toBe("block");
    expect(deriveVerdict(spans("NAME"))).toBe("review");
    expect(deriveVerdict(spans("HEALTH", "HEALTH"))).toBe("review");
  });
});

// The schema the export is checked against must be the corpus's own: every labelled record passes it.
const CORPUS = fileURLToPath(new URL("../../../../../shared/eval/dev.jsonl", import.meta.url));
describe.skipIf(!existsSync(CORPUS))("the record schema", () => {
  it("accepts every record of the labelled corpus, and its verdict rule is the corpus's on most posts", () => {
    const records = readFileSync(CORPUS, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(evalRecordSchema.safeParse(r).error).toBeUndefined();
    // SCHEMA.md decides some verdicts on facts no span carries (a consent on file, a commenter's own
    // PHI), so the rule is not exact; it must still agree on the clear majority of post records.
    const posts = records.map((r) => evalRecordSchema.parse(r)).filter((r) => r.kind === "post" || r.kind === "group_post");
    const agree = posts.filter((r) => deriveVerdict(r.phi) === r.verdict).length;
    expect(agree / posts.length).toBeGreaterThan(0.8);
  });
});

describe("span checks", () => {
  it("trims white space at the edges and refuses spans outside the text or inside a character", () => {
    expect(checkSpan("see Ana Ruiz now", 3, 13)).toEqual({ start: 4, end: 12 });
    const fields = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return Object.keys((e as { fields?: object }).fields ?? {});
      }
      throw new Error("no error");
    };
    expect(fields(() => checkSpan("short", 2, 9))).toEqual(["end"]);
    expect(fields(() => checkSpan("short", 3, 3))).toEqual(["end"]);
    expect(fields(() => checkSpan("a    b", 1, 5))).toEqual(["start"]);
    const emoji = "hi 🦴 there";
    expect(fields(() => checkSpan(emoji, 4, 8))).toEqual(["start"]);
    expect(fields(() => checkSpan(emoji, 0, 4))).toEqual(["end"]);
    expect(checkSpan(emoji, 3, 5)).toEqual({ start: 3, end: 5 });
  });

  it("reads a channel variant, or null when the revision has none", () => {
    const revision = { text: "main", channelTexts: { X: "short" } };
    expect(sourceText(revision, "TEXT")).toBe("main");
    expect(sourceText(revision, "TEXT:X")).toBe("short");
    expect(sourceText(revision, "TEXT:LINKEDIN")).toBeNull();
  });
});

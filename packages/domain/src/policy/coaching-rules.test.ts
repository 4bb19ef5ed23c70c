import { describe, expect, it } from "vitest";
import { coachingSectionKey, findingTypesOf, pickCoachingQuestion, pickSection } from "./coaching-rules";
import type { ManualSection } from "./manual-sections";

const section = (key: string): ManualSection => ({ key, title: key.toUpperCase(), body: `About ${key}`, generated: false });
const q = (id: string, sectionKey: string | null, minute: number) => ({ id, sectionKey, createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)) });

describe("coachingSectionKey", () => {
  it("teaches patient content for anything found in or about an image, whatever the trigger", () => {
    expect(coachingSectionKey("POST_BLOCKED", [{ type: "NAME", source: "TEXT" }, { type: "NAME", source: "OCR" }])).toBe("patient-content");
    expect(coachingSectionKey("POST_BLOCKED", [{ type: "FACE", source: "FACE" }])).toBe("patient-content");
    expect(coachingSectionKey("INCIDENT", [{ type: "PHOTO_REF" }])).toBe("patient-content");
    expect(coachingSectionKey("GROUP_REPORT", [{ type: "HEALTH", source: "METADATA" }])).toBe("patient-content");
  });

  it("teaches the engagement rules for a comment, personal use for a group post, the definitions otherwise", () => {
    expect(coachingSectionKey("INCIDENT", [{ type: "HEALTH" }])).toBe("engagement");
    expect(coachingSectionKey("INCIDENT", [])).toBe("engagement");
    expect(coachingSectionKey("GROUP_REPORT", [{ type: "NAME" }])).toBe("personal-use");
    expect(coachingSectionKey("POST_BLOCKED", [{ type: "HEALTH", source: "TEXT" }, { type: "DATE", source: "TEXT:X" }])).toBe("definitions");
  });
});

describe("pickSection", () => {
  it("takes the wanted section, else the definitions, else the first", () => {
    const all = [section("scope"), section("definitions"), section("engagement")];
    expect(pickSection(all, "engagement")?.key).toBe("engagement");
    expect(pickSection(all, "patient-content")?.key).toBe("definitions");
    expect(pickSection([section("scope"), section("reviews")], "patient-content")?.key).toBe("scope");
    expect(pickSection([], "scope")).toBeNull();
  });
});

describe("pickCoachingQuestion", () => {
  it("prefers the oldest question on the section, then on the definitions, then the oldest of all", () => {
    const questions = [q("c", "engagement", 3), q("b", "definitions", 2), q("a", null, 1), q("d", "engagement", 0)];
    expect(pickCoachingQuestion(questions, "engagement")?.id).toBe("d");
    expect(pickCoachingQuestion(questions, "patient-content")?.id).toBe("b");
    expect(pickCoachingQuestion([q("x", "reviews", 5), q("y", null, 4)], "patient-content")?.id).toBe("y");
    expect(pickCoachingQuestion([], "engagement")).toBeNull();
  });
});

describe("findingTypesOf", () => {
  it("keeps each type once, sorted", () => {
    expect(findingTypesOf([{ type: "NAME" }, { type: "HEALTH" }, { type: "NAME" }])).toEqual(["HEALTH", "NAME"]);
  });
});

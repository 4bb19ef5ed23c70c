import { describe, expect, it } from "vitest";
import { scanText } from "../index.js";
import { scan } from "./helpers.js";

describe("verdicts", () => {
  it("blocks a named patient with a diagnosis and says why", () => {
    const result = scan("So proud of our patient Lorenzo Vidal, back on his bike after his spinal fusion!", "post");
    expect(result.verdict).toBe("block");
    expect(result.reasons.join(" ")).toMatch(/names a patient/);
  });
  it("blocks a commenter disclosing their own PHI", () => {
    expect(scan("I just found out I have stage 3 colon cancer, can I get in with Dr. Obi sooner?", "comment").verdict).toBe("block");
  });
  it("reviews an org reply that engages with a health detail", () => {
    expect(scan("So sorry to hear about your dad's fall and hip fracture. Please DM us.", "reply").verdict).toBe("review");
  });
  it("reviews a consented testimonial instead of blocking it", () => {
    const result = scan("Patient story 💙 Renata agreed to share how physical therapy helped after her ACL reconstruction.", "post");
    expect(result.verdict).toBe("review");
  });
  it("allows staff spotlights, hiring and closures", () => {
    expect(scan("Happy 5th work anniversary to our amazing dental assistant Marisela! 🦷", "post").verdict).toBe("allow");
    expect(scan("We're hiring pharmacy techs! Apply at our website.", "post").verdict).toBe("allow");
    expect(scan("All offices closed Monday, Jan 20 for MLK Day.", "post").verdict).toBe("allow");
  });
  it("blocks staff gossip about a located patient", () => {
    expect(scan("bed 7 is detoxing hard tonight, bring extra ativan", "group_post").verdict).toBe("block");
  });
  it("honours org allow and deny lists", () => {
    const allowed = scanText("Call Dr. Ansel at 559-555-0111 anytime", { kind: "comment", config: { allowTerms: ["559-555-0111"] } });
    expect(allowed.verdict).toBe("allow");
    const denied = scanText("Big wave to Captain Sunshine today!", { kind: "post", config: { denyTerms: [{ text: "Captain Sunshine", type: "NAME" }] } });
    expect(denied.findings.some((f) => f.type === "NAME" && f.recognizer === "config.deny")).toBe(true);
  });
  it("asks the caller's isAllowed for terms it keeps only as hashes, and drops what it allows", () => {
    const text = "Patient Jonah Whitfield visited on 03/14/2024.";
    const asked: string[] = [];
    const result = scanText(text, { kind: "post", config: { isAllowed: (f) => (asked.push(`${f.type}:${f.text}`), f.type === "NAME" && f.text === "Jonah Whitfield") } });
    expect(asked).toContain("NAME:Jonah Whitfield");
    expect(result.findings.map((f) => f.type)).not.toContain("NAME");
  });
  it("reports findings with offsets into the original text", () => {
    const text = "praying for my wife 💕 Talia, her chemo starts on the 9th";
    const result = scan(text, "comment");
    for (const finding of result.findings) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    expect(result.findings.map((f) => f.type)).toEqual(expect.arrayContaining(["NAME", "HEALTH", "DATE"]));
  });
});

import { describe, expect, it } from "vitest";
import { assessPublicReply, phiWords } from "./public-reply-check";

const comment = "Thanks to the staff who cared for my uncle Evander Thistlewood after his stroke last week";
const span = (text: string, type: string) => ({ type, start: comment.indexOf(text), end: comment.indexOf(text) + text.length });
const findings = [span("Evander Thistlewood", "NAME"), span("stroke", "HEALTH"), span("last week", "DATE")];

describe("phiWords", () => {
  it("cuts each finding into words by type, leaving out words too common to be an echo", () => {
    const words = phiWords(comment, findings);
    expect(words.get("NAME")).toEqual(new Set(["evander", "thistlewood"]));
    expect(words.get("HEALTH")).toEqual(new Set(["stroke"]));
    expect(words.has("DATE")).toBe(false);
  });
});

describe("assessPublicReply", () => {
  it("refuses a reply that repeats a PHI word of the comment, whatever its case", () => {
    const result = assessPublicReply("A warm thank-you to the THISTLEWOOD family from all of us!", { text: comment, findings }, {});
    expect(result.echoedTypes).toEqual(["NAME"]);
    expect(result.refusals.some((r) => /repeats the commenter's name/.test(r))).toBe(true);
    expect(result.refusals.join(" ")).not.toMatch(/thistlewood/i);
  });

  it("does not count words outside the findings or common words inside them", () => {
    const result = assessPublicReply("Thank you, we will pass your thanks to the staff this week!", { text: comment, findings }, {});
    expect(result.echoedTypes).toEqual([]);
  });

  it("lets a neutral reply through and a comment without text echoes nothing", () => {
    expect(assessPublicReply("Thank you for the kind words about our team!", { text: null, findings }, {})).toEqual({ verdict: "allow", refusals: [], echoedTypes: [] });
  });
});

import { describe, expect, it } from "vitest";
import { scanText } from "../index.js";
import { scan, texts } from "./helpers.js";

describe("name recognizer: hard positives", () => {
  it("finds a relative introduced by kinship words", () => {
    expect(texts("My cousin Oksana Bilyk is on your cardiac floor after her heart attack", "comment", "NAME")).toContain("Oksana Bilyk");
  });
  it("finds lowercase names after a prayer cue", () => {
    expect(texts("please pray for marcus delgado, he's in the icu since friday", "comment", "NAME")).toContain("marcus delgado");
  });
  it("finds a misspelled surname next to a known first name", () => {
    expect(texts("my nephew Brandon Willaimson has pneumonia and nobody calls us back", "comment", "NAME").join(" ")).toMatch(/Brandon/);
  });
  it("keeps finding a name with emojis between the cue and the name", () => {
    expect(texts("Sending love to our buddy 🦖 Mateo who had his tonsillectomy today", "post", "NAME")).toContain("Mateo");
  });
  it("finds a name inside a support hashtag", () => {
    expect(texts("Surgery went well today 🙏 #PrayersForDesmond", "comment", "NAME")).toContain("Desmond");
  });
  it("finds a courtesy-titled surname", () => {
    expect(texts("Mrs. Abernathy in 4B is refusing her insulin again", "group_post", "NAME")).toContain("Abernathy");
  });
  it("finds a patient's @handle", () => {
    expect(texts("@leo_runs_far your knee MRI results are ready for pickup", "reply", "NAME")).toContain("@leo_runs_far");
  });
});

describe("name recognizer: hard negatives", () => {
  it("does not report doctors or nurses", () => {
    const result = scan("Dr. Ifeoma Nwosu and Nurse Callum will run the diabetes education night", "post");
    expect(result.findings.filter((f) => f.type === "NAME")).toEqual([]);
  });
  it("treats a credentialed name as staff", () => {
    expect(scan("Please welcome Priyanka Raman, DDS, who now sees patients for crowns and implants", "post").verdict).toBe("allow");
  });
  it("reads Hope, Grace and Faith as words", () => {
    expect(scan("Hope is a powerful medicine. Grace and faith carry families through cancer treatment.", "post").verdict).toBe("allow");
  });
  it("does not report a public figure's disclosed condition", () => {
    expect(scan("Singer Celine Dion has spoken openly about stiff person syndrome and her recovery", "post").verdict).toBe("allow");
  });
  it("does not report a therapy dog", () => {
    expect(scan("Meet Waffles 🐾 our new therapy dog, visiting the pediatric floor on Fridays!", "post").verdict).toBe("allow");
  });
  it("applies the org's staff allow list", () => {
    const text = "Prayers for Okonjo after his surgery today";
    expect(scan(text, "comment").findings.some((f) => f.type === "NAME" && f.text === "Okonjo")).toBe(true);
    const withStaff = scanText(text, { kind: "comment", config: { allowNames: ["Emeka Okonjo"] } });
    expect(withStaff.findings.some((f) => f.type === "NAME")).toBe(false);
  });
});

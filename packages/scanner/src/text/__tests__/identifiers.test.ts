import { describe, expect, it } from "vitest";
import { scan, texts } from "./helpers.js";

describe("contact recognizer", () => {
  it("flags a commenter's own phone number", () => {
    expect(texts("please call me back at 661-555-0148 about my results", "comment", "CONTACT")).toEqual(["661-555-0148"]);
  });
  it("ignores the org's own phone number", () => {
    const result = scan("Questions about shingles vaccines? Call our pharmacy at (661) 555-0100.", "post");
    expect(result.verdict).toBe("allow");
  });
  it("flags personal email and IP addresses", () => {
    expect(texts("send my dad's chart to jojo.rivers77@yahoo.com", "comment", "CONTACT")).toEqual(["jojo.rivers77@yahoo.com"]);
    expect(texts("the login on his portal came from 10.44.8.201 last night", "group_post", "CONTACT")).toEqual(["10.44.8.201"]);
  });
  it("ignores role mailboxes like careers@", () => {
    expect(scan("Apply today: email careers@sunnyvaledental.com", "post").verdict).toBe("allow");
  });
});

describe("id recognizer", () => {
  it("finds SSN, MRN, member and claim numbers", () => {
    expect(texts("SSN 604-11-9382", "comment", "ID")).toEqual(["604-11-9382"]);
    expect(texts("her MRN is 77120934", "group_post", "ID")).toEqual(["77120934"]);
    expect(texts("my member ID: QZP44102871", "comment", "ID")).toEqual(["QZP44102871"]);
    expect(texts("they denied claim #C88120045", "comment", "ID")).toEqual(["C88120045"]);
  });
  it("does not treat promo codes as IDs", () => {
    expect(scan("Use code SMILE25 for 25% off whitening kits this week!", "post").verdict).toBe("allow");
  });
  it("only cares about a plate when a patient is involved", () => {
    expect(scan("whoever parked the blue Camry, plate 4TRK118, in the loading zone, move it", "group_post").verdict).toBe("allow");
    expect(scan("the blue Camry, plate 4TRK118, belongs to the overdose in bay 3", "group_post").verdict).toBe("block");
  });
});

describe("date and age recognizers", () => {
  it("finds dates tied to care or birth", () => {
    expect(texts("my son had his appendectomy on 6/21 and was discharged the 24th", "comment", "DATE")).toEqual(["6/21", "the 24th"]);
    expect(texts("his DOB is 9/30/1948, he is in your ER with chest pain", "comment", "DATE")).toEqual(["9/30/1948"]);
  });
  it("ignores event dates", () => {
    expect(scan("Our diabetes support class meets Thursday, May 15th at 6pm in Room 12.", "post").verdict).toBe("allow");
  });
  it("finds ages over 89 and ignores younger ones", () => {
    expect(texts("Happy 103rd birthday to our resident Mr. Okafor!", "post", "AGE")).toEqual(["103rd birthday"]);
    expect(texts("a 67-year-old with chest pain", "group_post", "AGE")).toEqual([]);
  });
  it("ignores an organization's anniversary", () => {
    expect(scan("Our clinic turns 100 this spring! Join the celebration.", "post").verdict).toBe("allow");
  });
});

describe("location recognizer", () => {
  it("finds room and bed numbers that locate a patient", () => {
    expect(texts("the pt in room 412 has C. diff, gown up", "group_post", "LOCATION")).toEqual(["room 412"]);
  });
  it("ignores conference rooms", () => {
    expect(scan("Staff meeting moved to Conference Room 3B at noon.", "group_post").verdict).toBe("allow");
  });
  it("finds a home address and a ZIP code of an individual", () => {
    expect(texts("she lives at 88 Orchard Lane Apt 2 and needs wound care", "comment", "LOCATION")).toEqual(["88 Orchard Lane Apt 2"]);
    expect(texts("we live in 93611 and my daughter's asthma is worse", "comment", "LOCATION")).toEqual(["93611"]);
  });
});

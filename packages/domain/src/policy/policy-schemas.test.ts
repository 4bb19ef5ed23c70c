import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { approvePolicyVersionSchema } from "./approve-policy-version";
import { SECTION_BODY_MAX } from "./manual-sections";
import { quizQuestionSchema } from "./quiz-question-schema";
import { updatePolicyDraftSchema } from "./update-policy-draft";
import { updatePolicyManualSettingsSchema } from "./update-policy-manual-settings";

const id = "8f0b7a4e-3b7e-4a53-9d2e-2f6f0f6c7a11";
const fieldsOf = (schema: Parameters<typeof parseInput>[0], input: unknown) => {
  try {
    parseInput(schema, input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).fields ?? {};
  }
  throw new Error("expected a validation error");
};

describe("quiz question input", () => {
  it("accepts 2 to 6 answers with the correct one among them", () => {
    expect(parseInput(quizQuestionSchema, { prompt: "May you post a patient's photo?", choices: ["Yes", "No"], correctIndex: 1 })).toMatchObject({ choices: ["Yes", "No"], correctIndex: 1 });
  });

  it("refuses a quiz without answers, naming the field", () => {
    expect(Object.keys(fieldsOf(quizQuestionSchema, { prompt: "A question without answers?" }))).toContain("choices");
    expect(Object.keys(fieldsOf(quizQuestionSchema, { prompt: "Only one answer?", choices: ["Yes"], correctIndex: 0 }))).toEqual(["choices"]);
    expect(Object.keys(fieldsOf(quizQuestionSchema, { prompt: "No correct answer chosen?", choices: ["Yes", "No"] }))).toEqual(["correctIndex"]);
    expect(Object.keys(fieldsOf(quizQuestionSchema, { prompt: "Too many?", choices: ["1", "2", "3", "4", "5", "6", "7"], correctIndex: 0 }))).toEqual(["choices"]);
  });

  it("drops the form's blank boxes and moves the correct answer with them", () => {
    const form = { prompt: "Which is allowed?", choices: ["", "Hide and move private", "", "Confirm the visit", "", ""], correctIndex: "1" };
    expect(parseInput(quizQuestionSchema, form)).toMatchObject({ choices: ["Hide and move private", "Confirm the visit"], correctIndex: 0 });
    expect(fieldsOf(quizQuestionSchema, { ...form, correctIndex: "2" })).toHaveProperty("correctIndex");
    expect(fieldsOf(quizQuestionSchema, { ...form, correctIndex: "9" })).toHaveProperty("correctIndex");
  });

  it("refuses duplicate answers and an unknown section", () => {
    expect(fieldsOf(quizQuestionSchema, { prompt: "Same twice?", choices: ["Yes", "yes"], correctIndex: 0 })).toHaveProperty("choices");
    expect(fieldsOf(quizQuestionSchema, { prompt: "Which section?", choices: ["A", "B"], correctIndex: 0, sectionKey: "nope" })).toHaveProperty("sectionKey");
  });
});

describe("draft edits", () => {
  it("names a generated or unknown section and an oversized body", () => {
    const fields = fieldsOf(updatePolicyDraftSchema, {
      versionId: id,
      sections: { monitoring: { body: "edited" }, nonsense: { body: "x" }, sanctions: { body: "x".repeat(SECTION_BODY_MAX + 1) } },
    });
    expect(Object.keys(fields).sort()).toEqual(["sections.monitoring", "sections.nonsense", "sections.sanctions.body"]);
    expect(fields["sections.monitoring"]![0]).toMatch(/generated from the settings/);
  });

  it("keeps HTML as typed and reads the material switch of a form", () => {
    const d = parseInput(updatePolicyDraftSchema, { versionId: id, sections: { sanctions: { body: "<script>x</script>" } }, material: ["false", "on"] });
    expect(d.sections.sanctions!.body).toBe("<script>x</script>");
    expect(d.material).toBe(true);
  });
});

describe("approval and manual settings input", () => {
  it("takes an optional effective instant with an offset", () => {
    expect(parseInput(approvePolicyVersionSchema, { versionId: id, effectiveAt: "" }).effectiveAt).toBeUndefined();
    expect(fieldsOf(approvePolicyVersionSchema, { versionId: id, effectiveAt: "tomorrow" })).toHaveProperty("effectiveAt");
  });

  it("bounds the cadence and the pass mark, and a cleared field is an error, not zero", () => {
    expect(fieldsOf(updatePolicyManualSettingsSchema, { ackCadenceDays: "7" })).toHaveProperty("ackCadenceDays");
    expect(fieldsOf(updatePolicyManualSettingsSchema, { quizPassPercent: "" })).toHaveProperty("quizPassPercent");
    expect(parseInput(updatePolicyManualSettingsSchema, { ownerId: "", reviewDueAt: "2027-01-31", quizPassPercent: "75" })).toEqual({ ownerId: null, reviewDueAt: "2027-01-31", quizPassPercent: 75 });
  });

  it("bounds the due period to 1–90 days, naming the field", () => {
    expect(fieldsOf(updatePolicyManualSettingsSchema, { ackDueDays: "0" })).toHaveProperty("ackDueDays");
    expect(fieldsOf(updatePolicyManualSettingsSchema, { ackDueDays: "91" })).toHaveProperty("ackDueDays");
    expect(fieldsOf(updatePolicyManualSettingsSchema, { ackDueDays: "2.5" })).toHaveProperty("ackDueDays");
    expect(parseInput(updatePolicyManualSettingsSchema, { ackDueDays: "1" })).toEqual({ ackDueDays: 1 });
    expect(parseInput(updatePolicyManualSettingsSchema, { ackDueDays: 90 })).toEqual({ ackDueDays: 90 });
  });

  it("reads departments and roles from ticked boxes or a JSON array: blanks dropped, spaces tidied, sorted once each", () => {
    // A form sends an empty field so that "none ticked" arrives (everyone), and one field per ticked box.
    expect(parseInput(updatePolicyManualSettingsSchema, { ackDepartments: "" })).toEqual({ ackDepartments: [] });
    expect(parseInput(updatePolicyManualSettingsSchema, { ackDepartments: ["", "Front  desk ", "Clinical", "Clinical"] })).toEqual({ ackDepartments: ["Clinical", "Front desk"] });
    expect(parseInput(updatePolicyManualSettingsSchema, { ackJobRoles: ["Nurse"] })).toEqual({ ackJobRoles: ["Nurse"] });
    expect(parseInput(updatePolicyManualSettingsSchema, {})).toEqual({});
    expect(Object.keys(fieldsOf(updatePolicyManualSettingsSchema, { ackDepartments: ["x".repeat(101)] }))[0]).toMatch(/^ackDepartments/);
    expect(Object.keys(fieldsOf(updatePolicyManualSettingsSchema, { ackJobRoles: [7] }))[0]).toMatch(/^ackJobRoles/);
    expect(fieldsOf(updatePolicyManualSettingsSchema, { ackJobRoles: Array.from({ length: 101 }, (_, i) => `r${i}`) })).toHaveProperty("ackJobRoles");
  });
});

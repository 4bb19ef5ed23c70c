import { describe, expect, it } from "vitest";
import { SAFE_HARBOR_IDENTIFIERS, defaultEditableSections } from "./default-manual-text";
import { generateManualSections, type ManualSettings } from "./generate-manual-sections";
import { EDITABLE_KEYS, GENERATED_KEYS, SECTION_KEYS, SECTION_PLAN, changedGeneratedKeys, mergeSections, sameGenerated } from "./manual-sections";

const settings = (over: Partial<ManualSettings> = {}): ManualSettings => ({
  orgName: "Lakeside Dental",
  platforms: ["INSTAGRAM", "FACEBOOK"],
  consents: { privacyOfficer: "Privacy Office", privacyAddress: "1 Main St, Springfield", privacyEmail: "privacy@lakeside.example" },
  replyTemplates: [{ name: "Move private", body: "Thanks for reaching out.\nPlease call us at the front desk." }],
  moderation: { autoHideBlocking: true, autoDeleteBlocking: false, firstResponseSlaMinutes: 240, commentRetentionDays: 2190 },
  approval: {
    isDefault: false,
    steps: [{ mode: "ANY", roles: ["COMPLIANCE_OFFICER"], approverNames: ["Dana Reviewer"] }, { mode: "ALL", roles: [], approverNames: ["Bo Admin", "Al Admin"] }],
    blockingTypes: ["NAME", "FACE"],
    overridableDirectIdentifiers: false,
  },
  manual: { ownerName: "Cora Officer", reviewDueAt: new Date("2027-03-01T12:00:00Z"), ackCadenceDays: 365, quizPassPercent: 80, timeZone: "America/New_York" },
  ...over,
});

const body = (s: ManualSettings, key: string) => generateManualSections(s).find((x) => x.key === key)!.body;

describe("generateManualSections", () => {
  it("generates exactly the generated sections of the plan, each marked with its source", () => {
    const out = generateManualSections(settings());
    expect(out.map((s) => s.key).sort()).toEqual([...GENERATED_KEYS].sort());
    for (const s of out) {
      expect(s.generated).toBe(true);
      expect(s.source).toBe(SECTION_PLAN.find((p) => p.key === s.key)!.source);
      expect(s.body.length).toBeGreaterThan(20);
    }
  });

  it("mirrors the approval policy: its steps in order, approvers, roles and blocking types", () => {
    const text = body(settings(), "approval-workflow");
    expect(text).toContain("- Step 1: one of Dana Reviewer and any of the compliance officers approves.");
    expect(text).toContain("- Step 2: every one of Al Admin and Bo Admin approves.");
    expect(text).toContain("Blocking findings: names and faces in images");
    expect(text).toContain("is never approved over");
    const changed = body(settings({ approval: { ...settings().approval, blockingTypes: ["HEALTH"], overridableDirectIdentifiers: true } }), "approval-workflow");
    expect(changed).toContain("Blocking findings: health information");
    expect(changed).toContain("may be approved over by a compliance officer");
  });

  it("names a client approver step (issue 16) and what the client's approval cannot replace", () => {
    const steps = [...settings().approval.steps, { mode: "CLIENT" as const, roles: [], approverNames: ["Zed Client", "Ann Client"] }];
    const text = body(settings({ approval: { ...settings().approval, steps } }), "approval-workflow");
    expect(text).toContain("- Step 3: one of the client's approvers (Ann Client and Zed Client) approves through a single-use emailed link");
    expect(text).toContain("never replaces a compliance officer's override of a blocking finding or a patient's consent");
  });

  it("lists the reply templates by name with their bodies on one line, sorted", () => {
    const text = body(settings({ replyTemplates: [{ name: "Zeta", body: "Z" }, { name: "Alpha", body: "Line one\n\n- not a bullet" }] }), "reply-templates");
    expect(text.split("\n").filter((l) => l.startsWith("- "))).toEqual(['- Alpha: "Line one - not a bullet"', '- Zeta: "Z"']);
    expect(body(settings({ replyTemplates: [] }), "reply-templates")).toContain("No reply template is approved yet");
  });

  it("mirrors the moderation settings: response time, hide or wait, delete or escalate, retention", () => {
    const text = body(settings(), "monitoring");
    expect(text).toContain("within 4 hours");
    expect(text).toContain("is hidden at once");
    expect(text).toContain("escalated to a compliance officer");
    expect(text).toContain("6 years (2190 days)");
    const other = body(settings({ moderation: { autoHideBlocking: false, autoDeleteBlocking: true, firstResponseSlaMinutes: 90, commentRetentionDays: 3000 } }), "monitoring");
    expect(other).toContain("within 90 minutes");
    expect(other).toContain("waits in the inbox");
    expect(other).toContain("is deleted at once");
    expect(other).toContain("3000 days");
  });

  it("names the connected platforms in the scope, and says when there is none", () => {
    expect(body(settings(), "scope")).toContain("our accounts on Facebook and Instagram");
    expect(body(settings({ platforms: [] }), "scope")).toContain("No account is connected to Vetted");
  });

  it("says how consents are collected and where a revocation goes", () => {
    const text = body(settings(), "patient-content");
    expect(text).toContain("single-use link");
    expect(text).toContain("verified, active authorization");
    expect(text).toContain("Privacy Office, 1 Main St, Springfield and privacy@lakeside.example");
    expect(body(settings({ consents: { privacyOfficer: null, privacyAddress: null, privacyEmail: null } }), "patient-content")).toContain("No privacy contact is set");
  });

  it("states the cadence, the pass mark, the owner and the review date in the org's zone", () => {
    expect(body(settings(), "training")).toContain("every 1 year (365 days). The quiz pass mark is 80%");
    expect(body(settings(), "owner")).toContain("Owner: Cora Officer");
    expect(body(settings(), "owner")).toContain("by March 1, 2027");
  });

  it("is deterministic: the same settings give the same sections, whatever the order of their lists", () => {
    const a = generateManualSections(settings());
    const b = generateManualSections(settings({ platforms: ["FACEBOOK", "INSTAGRAM", "FACEBOOK"] }));
    expect(b).toEqual(a);
  });

  it("puts only settings into the sections: an org's text never becomes markup", () => {
    const text = generateManualSections(settings({ orgName: "<script>alert(1)</script> Clinic" })).map((s) => s.body).join("\n");
    // Kept as typed (the renderers print text), on one line: a name cannot start a bullet or a paragraph.
    expect(text).toContain("<script>alert(1)</script> Clinic's workforce");
  });
});

describe("sections and merging", () => {
  it("the default text covers every editable section and defines the 18 identifiers", () => {
    const defaults = defaultEditableSections();
    expect(defaults.map((s) => s.key).sort()).toEqual([...EDITABLE_KEYS].sort());
    const definitions = defaults.find((s) => s.key === "definitions")!.body;
    expect(SAFE_HARBOR_IDENTIFIERS).toHaveLength(18);
    for (const id of SAFE_HARBOR_IDENTIFIERS) expect(definitions).toContain(`- ${id}`);
  });

  it("merges in the plan's order, keeping edited text and replacing generated sections", () => {
    const generated = generateManualSections(settings());
    const first = mergeSections([], generated, defaultEditableSections());
    expect(first.map((s) => s.key)).toEqual(SECTION_KEYS);
    const edited = first.map((s) => (s.key === "sanctions" ? { ...s, body: "Our own text." } : s));
    const next = mergeSections(edited, generateManualSections(settings({ replyTemplates: [] })), defaultEditableSections());
    expect(next.find((s) => s.key === "sanctions")!.body).toBe("Our own text.");
    expect(changedGeneratedKeys(edited, next)).toEqual(["reply-templates"]);
    expect(sameGenerated(edited, next)).toBe(false);
    expect(sameGenerated(edited, first)).toBe(true);
  });
});

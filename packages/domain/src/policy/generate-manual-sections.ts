import { SECTION_TITLES } from "./default-manual-text";
import type { ManualSection, SectionKey, SectionSource } from "./manual-sections";
import { dateTimeFormat } from "../time/date-formats";

// The manual's generated sections, from the org's settings. A pure function of a settings snapshot
// (load-manual-settings.ts reads it): the same settings always give the same text, so a settings
// change that alters nothing a reader sees proposes no new version. Only settings and templates go
// in, never a patient's information.

export interface ManualSettings {
  orgName: string;
  /** Distinct platforms of the org's connected (not disconnected) accounts. */
  platforms: string[];
  consents: { privacyOfficer: string | null; privacyAddress: string | null; privacyEmail: string | null };
  replyTemplates: { name: string; body: string }[];
  moderation: { autoHideBlocking: boolean; autoDeleteBlocking: boolean; firstResponseSlaMinutes: number; commentRetentionDays: number };
  approval: {
    isDefault: boolean;
    /** For mode CLIENT (issue 16) approverNames are the client's approvers. */
    steps: { mode: "ANY" | "ALL" | "CLIENT"; roles: string[]; approverNames: string[] }[];
    blockingTypes: string[];
    overridableDirectIdentifiers: boolean;
  };
  manual: { ownerName: string | null; reviewDueAt: Date | null; ackCadenceDays: number; quizPassPercent: number; timeZone: string };
}

const PLATFORM_TEXT: Record<string, string> = {
  FACEBOOK: "Facebook", INSTAGRAM: "Instagram", LINKEDIN: "LinkedIn", X: "X (Twitter)", TIKTOK: "TikTok", YOUTUBE: "YouTube", GOOGLE_BUSINESS: "Google Business Profile", PRIVATE_GROUP: "private groups",
};
const ROLE_TEXT: Record<string, string> = { ADMIN: "admins", COMPLIANCE_OFFICER: "compliance officers", CONSULTANT: "consultants", STAFF: "staff members" };
const FINDING_TEXT: Record<string, string> = {
  NAME: "names", DATE: "dates", AGE: "ages", CONTACT: "contact details", ID: "identifying numbers", LOCATION: "locations",
  HEALTH: "health information", PHOTO_REF: "references to photos of people", FACE: "faces in images",
};

const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
/** Settings values are one-line texts; a template body keeps its lines, each made safe for the bullet list. */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? "" : "s"}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}`;
  return `${minutes} minutes`;
}

function days(n: number): string {
  if (n % 365 === 0) return `${n / 365} year${n === 365 ? "" : "s"} (${n} days)`;
  return `${n} days`;
}

function section(key: SectionKey, source: SectionSource, paragraphs: (string | null)[]): ManualSection {
  return { key, title: SECTION_TITLES[key], body: paragraphs.filter((p): p is string => !!p).join("\n\n"), generated: true, source };
}

function scope(s: ManualSettings): ManualSection {
  const platforms = [...new Set(s.platforms)].map((p) => PLATFORM_TEXT[p] ?? p).sort();
  return section("scope", "settings:accounts", [
    `This manual applies to every member of ${oneLine(s.orgName)}'s workforce, on every platform, at work and outside it, wherever what they post could concern our patients or our organization:`,
    [
      platforms.length
        ? `- Official accounts: our accounts on ${list(platforms)}, connected to Vetted for approval and monitoring, and any other account that speaks for us.`
        : "- Official accounts: any account that speaks for us. No account is connected to Vetted for monitoring yet.",
      "- Personal accounts of workforce members.",
      "- Closed, private and employee groups, including messaging groups.",
      "- Direct and private messages, on any platform.",
      "- Review sites and listings (for example Google, Yelp, Healthgrades).",
    ].join("\n"),
  ]);
}

function patientContent(s: ManualSettings): ManualSection {
  const c = s.consents;
  const contact = [c.privacyOfficer, c.privacyAddress, c.privacyEmail].map((v) => (v ? oneLine(v) : null)).filter(Boolean) as string[];
  return section("patient-content", "settings:consents", [
    [
      "- Never post patient information: not in words, not in photos, not in video, not on any account.",
      "- Never take or keep photos or recordings of patients on personal devices.",
      "- A patient appears in official content only with a signed HIPAA authorization (45 CFR 164.508) that is active, covers social media marketing and names every platform the post goes to.",
    ].join("\n"),
    "How authorizations are collected in Vetted: the patient signs the authorization form in Vetted through a single-use link, or a signed paper form is uploaded to the consent register. A compliance officer verifies each uploaded form against the signed file. Vetted refuses to approve a post whose images show a person without a verified, active authorization covering the post's platforms (staff shown in an image are attested as staff).",
    "When an authorization is revoked or expires, Vetted opens a removal task for every post that relies on it.",
    contact.length
      ? `Patients revoke an authorization in writing to: ${list(contact)}.`
      : "Patients revoke an authorization in writing to the privacy office. (No privacy contact is set in Vetted yet.)",
  ]);
}

function replyTemplates(s: ManualSettings): ManualSection {
  const templates = [...s.replyTemplates].sort((a, b) => a.name.localeCompare(b.name));
  return section("reply-templates", "settings:reply_templates", [
    templates.length
      ? "Replies to comments use these approved templates, kept in Vetted (Inbox, Templates):"
      : "No reply template is approved yet: every reply goes through the approval workflow (section 11).",
    templates.length ? templates.map((t) => `- ${oneLine(t.name)}: "${oneLine(t.body)}"`).join("\n") : null,
  ]);
}

function monitoring(s: ManualSettings): ManualSection {
  const m = s.moderation;
  return section("monitoring", "settings:moderation", [
    "Who watches: Vetted reads every comment on the connected official accounts as it arrives and scans it for patient information. Compliance officers, admins and consultants work the comment inbox.",
    `Response time: a comment that needs review or a reply gets a first response within ${duration(m.firstResponseSlaMinutes)}; the team is reminded 30 minutes before the deadline.`,
    [
      "Criteria and takedown:",
      m.autoHideBlocking
        ? "- A comment the scanner finds to contain patient information is hidden at once, then reviewed."
        : "- A comment the scanner finds to contain patient information waits in the inbox for a person to hide it.",
      m.autoDeleteBlocking
        ? "- Where a platform cannot hide a comment (LinkedIn), such a comment is deleted at once."
        : "- Where a platform cannot hide a comment (LinkedIn), such a comment is escalated to a compliance officer.",
      "- Any comment that discloses health information, confirms a patient relationship, or asks for care in public is hidden and answered in private.",
    ].join("\n"),
    `Evidence: before a comment is hidden or deleted, Vetted keeps an encrypted snapshot of it for ${days(m.commentRetentionDays)}; every action is recorded in the audit log.`,
  ]);
}

function approvalWorkflow(s: ManualSettings): ManualSection {
  const a = s.approval;
  const steps = a.steps.map((step, i) => {
    if (step.mode === "CLIENT") {
      const names = step.approverNames.map(oneLine).sort();
      return `- Step ${i + 1}: ${names.length ? `one of the client's approvers (${list(names)})` : "one of the client's approvers"} approves through a single-use emailed link, confirmed by a code sent to them; the client's approval never replaces a compliance officer's override of a blocking finding or a patient's consent.`;
    }
    const who = [...step.approverNames.map(oneLine).sort(), ...step.roles.map((r) => `any of the ${ROLE_TEXT[r] ?? r.toLowerCase()}`)];
    const rule = step.mode === "ALL" ? `every one of ${list(who)} approves` : `one of ${list(who)} approves`;
    return `- Step ${i + 1}: ${rule}.`;
  });
  const blocking = a.blockingTypes.length ? list(a.blockingTypes.map((t) => FINDING_TEXT[t] ?? t.toLowerCase())) : null;
  return section("approval-workflow", "settings:approval_policy", [
    "Every post to an official account is written in Vetted, scanned for patient information and approved before it is published. Nobody approves their own post.",
    `${a.isDefault ? "Approval steps (the default: no policy is configured)" : "Approval steps, in order"}:\n${steps.join("\n")}`,
    blocking
      ? `Blocking findings: ${blocking} found by the scanner block a post; a compliance officer may approve over one only with a written justification.`
      : "Blocking findings: whatever the scanner classes as patient information blocks a post; a compliance officer may approve over one only with a written justification.",
    a.overridableDirectIdentifiers
      ? "A medical record number, Social Security number or date of birth may be approved over by a compliance officer, with a written justification."
      : "A medical record number, Social Security number or date of birth is never approved over.",
  ]);
}

const dateIn = (d: Date, timeZone: string) => dateTimeFormat("en-US", { timeZone, year: "numeric", month: "long", day: "numeric" }).format(d);

function training(s: ManualSettings): ManualSection {
  const m = s.manual;
  return section("training", "settings:manual", [
    "Every workforce member is trained on this manual when they join (45 CFR 164.530(b)), and reads, answers the quiz on and signs each new version that materially changes it.",
    `Attestation: each person acknowledges the manual again every ${days(m.ackCadenceDays)}. The quiz pass mark is ${m.quizPassPercent}%; every attempt is recorded.`,
    "Acknowledgements, quiz results and training records are kept for six years (164.530(j)).",
  ]);
}

function owner(s: ManualSettings): ManualSection {
  const m = s.manual;
  return section("owner", "settings:manual", [
    m.ownerName ? `Owner: ${oneLine(m.ownerName)} maintains this manual.` : "Owner: the compliance officer maintains this manual. (No owner is named in Vetted yet.)",
    m.reviewDueAt ? `Next review: by ${dateIn(m.reviewDueAt, m.timeZone)}, and whenever the settings it mirrors change.` : "Next review: within a year of approval, and whenever the settings it mirrors change.",
    "Versions are approved by a compliance officer who did not write them; every version is kept for six years.",
  ]);
}

/** The generated sections, keyed and titled as SECTION_PLAN says. */
export function generateManualSections(s: ManualSettings): ManualSection[] {
  return [scope(s), patientContent(s), replyTemplates(s), monitoring(s), approvalWorkflow(s), training(s), owner(s)];
}

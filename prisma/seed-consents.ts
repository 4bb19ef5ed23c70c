// Demo consents for the hospital: one verified and active, one expiring soon, one revoked; and, with the
// demo history (issue 16), a few for the dental practice and the senior living community, some ending
// within 30 days. The patients are fictional. Safe to run again: a name already on file is skipped.
import { db } from "@vetted/db";
import { getConsentFile, loadTenantContext, nameIndex, revokeConsent, uploadConsent, verifyConsent, type UploadConsentInput } from "@vetted/domain";

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY);

/** A one-page PDF with the form's text (Helvetica, no compression): enough to preview and verify. */
export function demoPdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = ["BT", "/F1 11 Tf", "16 TL", "60 760 Td", ...lines.map((l) => `(${esc(l)}) '`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

export interface DemoConsent {
  name: string;
  description: string;
  channels: UploadConsentInput["channels"];
  purposes: UploadConsentInput["purposes"];
  signedDaysAgo: number;
  expiresInDays: number;
  then: "verify" | "revoke" | "none";
}

const DEMO: DemoConsent[] = [
  { name: "Marisol Quintanilla-Ebbers", description: "Photos taken at the cardiac rehab graduation, June", channels: ["FACEBOOK", "INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING"], signedDaysAgo: 40, expiresInDays: 325, then: "verify" },
  { name: "Thaddeus Lindqvist-Okafor", description: "Video interview about the new maternity wing", channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING", "WEBSITE"], signedDaysAgo: 350, expiresInDays: 12, then: "none" },
  { name: "Beatrix Fairweather", description: "Photo with the pediatric therapy team", channels: ["INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING", "PATIENT_TESTIMONIAL"], signedDaysAgo: 90, expiresInDays: 275, then: "revoke" },
];

/** The other demo orgs' consents (issue 16's history): verified ones ending within 30 days and later, one awaiting verification. */
export const HISTORY_CONSENTS: Record<string, DemoConsent[]> = {
  "brightsmile-dental": [
    { name: "Ottoline Marchbanks", description: "Before-and-after photos of her smile makeover", channels: ["FACEBOOK", "INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING", "PATIENT_TESTIMONIAL"], signedDaysAgo: 340, expiresInDays: 21, then: "verify" },
    { name: "Ferdinand Ashcombe-Tull", description: "Video testimonial about clear aligners", channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], signedDaysAgo: 60, expiresInDays: 305, then: "verify" },
    { name: "Clementine Roswell", description: "Photo at the kids' dental health day", channels: ["INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING"], signedDaysAgo: 5, expiresInDays: 27, then: "none" },
  ],
  "maple-grove-senior-living": [
    { name: "Augustin Pellegrew", description: "Photos from the garden club harvest day", channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], signedDaysAgo: 355, expiresInDays: 9, then: "verify" },
    { name: "Winifred Oyelaran-Coyle", description: "Interview for the 100th birthday celebration story", channels: ["FACEBOOK", "INSTAGRAM"], purposes: ["SOCIAL_MEDIA_MARKETING", "PATIENT_TESTIMONIAL"], signedDaysAgo: 30, expiresInDays: 335, then: "verify" },
    { name: "Barnaby Quillfeather", description: "Group photo from the music and memory concert", channels: ["FACEBOOK"], purposes: ["SOCIAL_MEDIA_MARKETING"], signedDaysAgo: 14, expiresInDays: 180, then: "none" },
  ],
};

function formText(org: string, c: DemoConsent, recipients: string[]): string[] {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return [
    "AUTHORIZATION FOR USE AND DISCLOSURE OF PROTECTED HEALTH INFORMATION",
    org,
    "",
    `Patient: ${c.name}`,
    `Information to be disclosed: ${c.description}`,
    `Disclosed by: ${org}, Marketing & Communications`,
    `Disclosed to: ${recipients.join("; ")}`,
    `Purpose: ${c.purposes.join(", ").toLowerCase().replaceAll("_", " ")}; channels: ${c.channels.join(", ")}`,
    `This authorization expires on ${day(at(c.expiresInDays))}.`,
    "I may revoke this authorization at any time by writing to the Privacy Office.",
    "My treatment, payment, enrollment or eligibility for benefits does not depend on signing.",
    "Information disclosed may be redisclosed by the recipient and no longer be protected.",
    "",
    `Signature: ${c.name}        Date: ${day(at(-c.signedDaysAgo))}`,
    "",
    "DEMO DATA - fictional patient, not a real authorization.",
  ];
}

/** Uploads as a member who may (staff, consultant, admin); the compliance officer verifies (after opening the file) or revokes. */
export async function seedDemoConsents(orgSlug: string, uploaderId: string, officerId: string, list: DemoConsent[] = DEMO): Promise<number> {
  const staff = await loadTenantContext(uploaderId, orgSlug);
  const officer = await loadTenantContext(officerId, orgSlug);
  const recipients = ["Northwind Health Marketing", "Meta Platforms, Inc."];
  let created = 0;
  for (const c of list) {
    const exists = await db().consent.count({ where: { orgId: staff.org.id, nameIndex: nameIndex(staff.org.id, c.name) } });
    if (exists) continue;
    const { consent } = await uploadConsent(staff, {
      bytes: demoPdf(formText(staff.org.name, c, recipients)), subjectName: c.name, informationDescription: c.description,
      discloser: `${staff.org.name}, Marketing & Communications`, recipients, channels: c.channels, purposes: c.purposes,
      expiresAt: at(c.expiresInDays).toISOString(), signerName: c.name, signedAt: at(-c.signedDaysAgo).toISOString(),
      ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true,
    });
    if (c.then === "verify") {
      await getConsentFile(officer, { consentId: consent.id });
      await verifyConsent(officer, { consentId: consent.id });
    }
    if (c.then === "revoke") await revokeConsent(officer, { consentId: consent.id, receivedAt: at(-3).toISOString(), method: "LETTER" });
    created++;
  }
  return created;
}

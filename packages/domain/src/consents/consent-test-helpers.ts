import type { UploadConsentInput } from "./upload-consent";

// Fixtures for the consent *.int.test.ts files (only tests import this module).

export const minimalPdf = (body = "") =>
  Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${body} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, "latin1");

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** A complete, valid authorization; tests override what they look at. Names are invented. */
export function consentInput(over: Partial<UploadConsentInput> = {}): UploadConsentInput {
  return {
    bytes: minimalPdf(),
    filename: "Zoe Angstrom consent.pdf",
    subjectName: "Zoë Ångström",
    dateOfBirth: "1961-07-14",
    mrn: "MRN-55501234",
    informationDescription: "Photos taken at the spring cardiac rehab graduation",
    discloser: "Test Clinic marketing office",
    recipients: ["Agency", "Meta Platforms"],
    channels: ["FACEBOOK", "INSTAGRAM"],
    purposes: ["SOCIAL_MEDIA_MARKETING"],
    expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
    signerName: "Zoë Ångström",
    signedAt: daysAgo(2),
    ackRightToRevoke: true,
    ackNoConditioning: true,
    ackRedisclosure: true,
    ...over,
  };
}

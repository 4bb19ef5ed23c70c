import type { Channel } from "@vetted/db";

/**
 * Purposes a consent can name (164.508(c)(1)(iv) asks for "each purpose"). Small on purpose: free
 * text could not be matched against a post, and a form's wording is mapped to these at upload.
 */
export const CONSENT_PURPOSES = [
  "SOCIAL_MEDIA_MARKETING",
  "WEBSITE",
  "PRINT_ADVERTISING",
  "PATIENT_TESTIMONIAL",
  "FUNDRAISING",
  "COMMUNITY_EDUCATION",
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Every post is a social media marketing communication: its consents must name that purpose. */
export const POST_PURPOSE: ConsentPurpose = "SOCIAL_MEDIA_MARKETING";

/** How a written revocation reached the org (HIPAA requires revocation in writing). */
export const REVOCATION_METHODS = ["LETTER", "EMAIL", "PATIENT_PORTAL", "SIGNED_FORM", "FAX"] as const;

/** Why a consent no longer covers a post, or null when it does. Channels are listed, never names. */
export function coverageGap(
  consent: { status: string; verifiedAt: Date | null; expiresAt: Date | null; channels: Channel[]; purposes: string[] },
  postChannels: readonly Channel[],
  opts: { requireVerified: boolean; now?: Date; /** When the post goes out, if later than now. */ publishAt?: Date | null },
): string | null {
  const now = opts.now ?? new Date();
  if (consent.status !== "ACTIVE") return `it is ${consent.status.toLowerCase()}`;
  if (consent.expiresAt && consent.expiresAt <= now) return "it has expired";
  if (consent.expiresAt && opts.publishAt && consent.expiresAt <= opts.publishAt) {
    return `it expires on ${consent.expiresAt.toISOString().slice(0, 10)}, before the post's scheduled time`;
  }
  if (!consent.purposes.includes(POST_PURPOSE)) return "it does not name social media marketing as a purpose";
  const missing = postChannels.filter((c) => !consent.channels.includes(c));
  if (missing.length) return `it does not cover ${missing.join(", ")}`;
  if (opts.requireVerified && !consent.verifiedAt) return "no compliance officer has verified it against the signed file yet";
  return null;
}

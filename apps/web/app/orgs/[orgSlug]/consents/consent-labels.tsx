// Human labels and badges of the consent register (plain helpers, safe in server and client components).

export const PURPOSE_LABEL: Record<string, string> = {
  SOCIAL_MEDIA_MARKETING: "Social media marketing",
  WEBSITE: "Website",
  PRINT_ADVERTISING: "Print advertising",
  PATIENT_TESTIMONIAL: "Patient testimonial",
  FUNDRAISING: "Fundraising",
  COMMUNITY_EDUCATION: "Community education",
};
export const purposeLabel = (p: string) => PURPOSE_LABEL[p] ?? p;

export const METHOD_LABEL: Record<string, string> = {
  LETTER: "Letter",
  EMAIL: "Email",
  PATIENT_PORTAL: "Patient portal message",
  SIGNED_FORM: "Signed revocation form",
  FAX: "Fax",
};
export const methodLabel = (m: string) => METHOD_LABEL[m] ?? m;

export const CONSENT_STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;

/** A calendar date (signature, expiry, birth): shown as the day, in UTC like the rest of the app. */
export const day = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : "—");

const STATUS_STYLE: Record<string, string> = {
  ACTIVE: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  EXPIRED: "bg-slate-100 text-slate-600 ring-slate-300",
  REVOKED: "bg-red-50 text-red-800 ring-red-300",
};

export function ConsentStatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="consent-status" className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status] ?? STATUS_STYLE.EXPIRED}`}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}

export function VerifiedBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span className="inline-flex whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium bg-emerald-600 text-white">Verified</span>
  ) : (
    <span className="inline-flex whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium bg-amber-300 text-amber-950">Not verified</span>
  );
}

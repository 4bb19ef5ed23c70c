// The preset reasons a compliance officer asked for (issue 10). Codes are what the audit trail
// records; labels are what people read. Free text beside a preset may name someone, so it is kept
// on the row it explains and never copied into audit metadata.

export const DISMISS_REASONS = {
  STAFF_NAME: "Staff member's name",
  ORG_CONTACT: "The organization's own contact details",
  PUBLIC_FIGURE: "A public figure",
  NOT_A_PERSON: "Not about a person",
  EVENT_DATE: "Event date, not a patient's",
  OTHER: "Other — explain",
} as const;
export type DismissReasonCode = keyof typeof DISMISS_REASONS;
export const DISMISS_REASON_CODES = Object.keys(DISMISS_REASONS) as [DismissReasonCode, ...DismissReasonCode[]];

export const OVERRIDE_REASONS = {
  CONSENT_ON_FILE: "Consent on file",
  NOT_PHI_IN_CONTEXT: "Not PHI in context",
  PUBLIC_BY_PATIENT: "Public information shared by the patient",
  OTHER: "Other",
} as const;
export type OverrideReasonCode = keyof typeof OVERRIDE_REASONS;
export const OVERRIDE_REASON_CODES = Object.keys(OVERRIDE_REASONS) as [OverrideReasonCode, ...OverrideReasonCode[]];

/** How a dismissal reads on the review screen: the preset, then the free text if any. */
export function dismissalText(code: string | null, text: string | null): string {
  const label = code && code in DISMISS_REASONS ? DISMISS_REASONS[code as DismissReasonCode] : null;
  if (!label || code === "OTHER") return text ?? label ?? "";
  return text ? `${label}: ${text}` : label;
}

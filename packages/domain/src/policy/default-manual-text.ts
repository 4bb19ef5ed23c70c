import type { ManualSection, SectionKey } from "./manual-sections";

// The first draft's text for the sections the officer edits: a sound starting point, written for a
// covered entity's workforce, that each org adapts. Titles of the generated sections live here too.

/** The 18 identifiers of the HIPAA de-identification safe harbor, 45 CFR 164.514(b)(2)(i). */
export const SAFE_HARBOR_IDENTIFIERS = [
  "Names",
  "Geographic subdivisions smaller than a state: street address, city, county, precinct, ZIP code (beyond the first three digits in the cases the rule allows)",
  "All elements of dates (except the year) directly related to a person: birth, admission, discharge and death dates; and every age over 89",
  "Telephone numbers",
  "Fax numbers",
  "Email addresses",
  "Social Security numbers",
  "Medical record numbers",
  "Health plan beneficiary numbers",
  "Account numbers",
  "Certificate and license numbers",
  "Vehicle identifiers and serial numbers, including license plates",
  "Device identifiers and serial numbers",
  "Web addresses (URLs)",
  "IP addresses",
  "Biometric identifiers, including finger and voice prints",
  "Full-face photographs and any comparable images",
  "Any other unique identifying number, characteristic or code",
] as const;

export const SECTION_TITLES: Record<SectionKey, string> = {
  scope: "1. Scope",
  definitions: "2. Definitions",
  "other-policies": "3. Relation to other policies",
  "personal-use": "4. Personal use of social media",
  "no-friending": "5. No friending or following patients",
  "patient-content": "6. Patient content and authorizations",
  engagement: "7. Engaging with the public",
  "reply-templates": "8. Approved reply templates",
  reviews: "9. Online reviews",
  monitoring: "10. Monitoring and takedown",
  "approval-workflow": "11. Approval of official posts",
  reporting: "12. Reporting and breach handling",
  sanctions: "13. Sanctions (45 CFR 164.530(e))",
  training: "14. Training and attestation",
  owner: "15. Owner and review date",
};

const DEFAULT_BODIES: Partial<Record<SectionKey, string>> = {
  definitions: [
    "Protected health information (PHI) is any information about a person's health, care or payment for care that can identify them, in any form: words, photos, video, audio, or a detail that lets someone who knows the person recognize them.",
    "A person is identifiable through any of these 18 identifiers (45 CFR 164.514(b)(2)(i)):",
    SAFE_HARBOR_IDENTIFIERS.map((item) => `- ${item}`).join("\n"),
    "Photos: a photo or video showing a patient, a patient's chart, screen, wristband, room board or belongings is PHI even when no name is given. So is a photo of a place or a moment someone could link to a patient.",
    "Workforce: employees, volunteers, trainees, students and contractors under our direct control, paid or not.",
  ].join("\n\n"),
  "other-policies": [
    "This manual applies together with our privacy and security policies, the Notice of Privacy Practices, the acceptable use policy for devices and networks, the code of conduct and the media relations policy. Where they differ, the stricter rule applies.",
    "Nothing in this manual limits anyone's right to discuss wages, hours or working conditions with coworkers, or to report a concern to a regulator.",
  ].join("\n\n"),
  "personal-use": [
    "- Speak in the first person. Make clear you speak for yourself, not for the organization.",
    "- If you mention where you work, add: \"The views expressed here are my own and not those of my employer.\"",
    "- Never post about patients, visitors or their families, even without names, even in a private account or a story that disappears.",
    "- Do not post from work areas where patients, screens or records could appear in the picture.",
    "- Do not use the organization's logo or speak for it unless you are authorized to.",
  ].join("\n"),
  "no-friending": [
    "Staff in care roles do not send or accept friend or follow requests from current patients or their families on personal accounts, and do not start private conversations with them there.",
    "If a patient contacts you on a personal account, do not discuss their care: direct them to the official channels (phone, patient portal) and tell your supervisor.",
  ].join("\n\n"),
  engagement: [
    "- Never confirm or deny that someone is or was a patient, even when they say so themselves.",
    "- Never repeat health information someone posted about themselves or another person.",
    "- A comment that contains health information is hidden and the person is invited, in private, to contact us through a secure channel.",
    "- Reply only with the approved templates (section 8) or with text the approval workflow has cleared.",
    "- Give no medical advice online.",
    "- Emergencies: reply that the person should call 911 or go to the nearest emergency department, and tell the compliance officer at once.",
  ].join("\n"),
  reviews: [
    "Thank reviewers in general terms. Do not confirm that the reviewer is a patient, do not mention any visit, treatment or detail, and do not argue.",
    "Negative reviews get the approved private-contact template only. Never post a correction that relies on the patient's information.",
  ].join("\n\n"),
  reporting: [
    "Anyone who sees a post, comment, photo or message that may disclose patient information, on any account or in any group, reports it at once: in Vetted (Groups, Report a post), or to the compliance officer.",
    "The compliance officer opens an incident, performs the four-factor risk assessment of 45 CFR 164.402(2) and, where a breach is found, notifies the individuals without unreasonable delay and within 60 days of discovery (164.404), and HHS and the media as 164.406 and 164.408 require.",
    "Never delete evidence yourself and never contact the patient about the post; the compliance officer handles both.",
  ].join("\n\n"),
  sanctions: [
    "Workforce members who fail to comply with this manual are sanctioned as 45 CFR 164.530(e) requires, in proportion to the violation: coaching and retraining, a written warning, suspension of social media privileges, suspension, or termination. Intentional or malicious disclosures may also be reported to the authorities.",
    "Sanctions are documented and kept for six years.",
  ].join("\n\n"),
};

/** The editable sections of a first draft. */
export function defaultEditableSections(): ManualSection[] {
  return (Object.entries(DEFAULT_BODIES) as [SectionKey, string][]).map(([key, body]) => ({ key, title: SECTION_TITLES[key], body, generated: false }));
}

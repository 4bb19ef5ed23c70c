import { groupAad, type GroupField } from "../groups/group-crypto";
import { mailAad, type MailField } from "../mail/mail-crypto";
import { deliveryAad, fieldAad } from "../moderation/moderation-crypto";
import { mfaSecretAad } from "../auth/mfa/second-factor";
import { clientApproverAad } from "../client-approvals/client-approver-crypto";

// Every column outside the consent register (reencrypt-consent-data.ts) that holds consent-key
// envelopes, with the AAD each envelope was sealed under. The key-rotation sweep
// (reencrypt-stored-fields.ts) reads this list: a new encrypted column is one line here, and
// encrypted-columns.test.ts fails for a `…Cipher` column of the schema that is missing.

type Row = { id: string; orgId: string | null };

/** A text column holding one envelope per row (or null). */
export interface EncryptedColumn {
  table: string;
  column: string;
  aad: (row: Row) => string;
  /** The table has no orgId column (outbox mail, a person's TOTP secret): rotation reads its rows as org null. */
  orgless?: true;
  /** An orgless table with a userId column: a rotation run for one user covers it. */
  byUser?: true;
}

/** A JSON object column whose entries each hold an envelope under `field` (Incident.assessment: { <factor>: { checked, notesCipher } }). */
export interface EncryptedJsonColumn {
  table: string;
  column: string;
  field: string;
  aad: (row: Row, key: string) => string;
}

const org = (r: Row) => {
  if (!r.orgId) throw new Error("An org-bound envelope in a row without an org");
  return r.orgId;
};
type ModerationTable = Parameters<typeof fieldAad>[0];
type ModerationField = Parameters<typeof fieldAad>[3];
const moderation = (table: ModerationTable, field: ModerationField) => (r: Row) => fieldAad(table, org(r), r.id, field);
const group = (table: "group-report" | "coaching-note" | "incident", field: GroupField) => (r: Row) => groupAad(table, org(r), r.id, field);
// The connect flow's own AAD (moderation/account-connect.ts): "account-connect:<orgId>:<id>:<field>".
// Outbox mails belong to no org (one mail, one address): bound to the row id and field.
const mail = (column: string, field: MailField): EncryptedColumn => ({ table: "OutboxMail", column, aad: (r) => mailAad(r.id, field), orgless: true });
const connect = (field: "token" | "verifier") => (r: Row) => `account-connect:${org(r)}:${r.id}:${field}`;

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: "ConnectedAccount", column: "tokenCipher", aad: moderation("connected-account", "token") },
  { table: "ConnectedAccount", column: "refreshTokenCipher", aad: moderation("connected-account", "refresh") },
  { table: "AccountConnectState", column: "userTokenCipher", aad: connect("token") },
  { table: "AccountConnectState", column: "codeVerifierCipher", aad: connect("verifier") },
  // Stored before any org is known (one delivery may carry several orgs' pages): bound to its id alone.
  { table: "WebhookDelivery", column: "bodyCipher", aad: (r) => deliveryAad(r.id) },
  { table: "CommentEvent", column: "textCipher", aad: moderation("comment-event", "text") },
  { table: "CommentEvent", column: "authorNameCipher", aad: moderation("comment-event", "author") },
  { table: "SocialComment", column: "textCipher", aad: moderation("social-comment", "text") },
  { table: "SocialComment", column: "authorNameCipher", aad: moderation("social-comment", "author") },
  { table: "ModerationAction", column: "textCipher", aad: moderation("moderation-action", "text") },
  { table: "ModerationAction", column: "overrideReasonCipher", aad: (r) => `moderation-action:${org(r)}:${r.id}:override` },
  { table: "CommentSnapshot", column: "textCipher", aad: moderation("comment-snapshot", "text") },
  { table: "CommentSnapshot", column: "authorNameCipher", aad: moderation("comment-snapshot", "author") },
  { table: "GroupReport", column: "groupNameCipher", aad: group("group-report", "group") },
  { table: "GroupReport", column: "authorNameCipher", aad: group("group-report", "author") },
  { table: "GroupReport", column: "textCipher", aad: group("group-report", "text") },
  { table: "GroupReport", column: "ocrTextCipher", aad: group("group-report", "ocr") },
  { table: "GroupReport", column: "reporterEmailCipher", aad: group("group-report", "reporter") },
  { table: "CoachingNote", column: "textCipher", aad: group("coaching-note", "text") },
  { table: "Incident", column: "employeeNameCipher", aad: group("incident", "employee") },
  mail("toCipher", "to"),
  mail("subjectCipher", "subject"),
  mail("textCipher", "text"),
  mail("htmlCipher", "html"),
  // A client approver's address (issue 16), bound to its org and row.
  { table: "ClientApprover", column: "emailCipher", aad: (r) => clientApproverAad(org(r), r.id) },
  // A person's TOTP secret (issue 15) belongs to no org: bound to its UserMfa row alone.
  { table: "UserMfa", column: "secretCipher", aad: (r) => mfaSecretAad(r.id), orgless: true, byUser: true },
];

export const ENCRYPTED_JSON_COLUMNS: readonly EncryptedJsonColumn[] = [
  { table: "Incident", column: "assessment", field: "notesCipher", aad: (r, factor) => groupAad("incident", org(r), r.id, factor as GroupField) },
];

import { createHash } from "node:crypto";
import { decryptField, encryptField } from "../consents/crypto";

// Comment text, author names, reply texts, page tokens, refresh tokens (X, LinkedIn: field "refresh")
// and raw deliveries are PHI or secrets: they are stored only as consent-key envelopes. The AAD binds
// each envelope to its org, table, row and field, so an envelope copied into another row or org fails
// to decrypt instead of showing one patient's words as another's. WebhookDelivery is bound to its id
// alone: it is stored before any org is known, and one delivery can carry several orgs' pages.

type Field = "text" | "author" | "token" | "refresh";
type Table = "connected-account" | "comment-event" | "social-comment" | "moderation-action" | "comment-snapshot";

export const fieldAad = (table: Table, orgId: string, rowId: string, field: Field) => `${table}:${orgId}:${rowId}:${field}`;
export const deliveryAad = (deliveryId: string) => `webhook-delivery:${deliveryId}:body`;

export const sealField = (plaintext: string, table: Table, orgId: string, rowId: string, field: Field) =>
  encryptField(plaintext, fieldAad(table, orgId, rowId, field));

export const openField = (envelope: string, table: Table, orgId: string, rowId: string, field: Field) =>
  decryptField(envelope, fieldAad(table, orgId, rowId, field));

export const sealOptional = (plaintext: string | null | undefined, table: Table, orgId: string, rowId: string, field: Field) =>
  plaintext ? sealField(plaintext, table, orgId, rowId, field) : null;

export const openOptional = (envelope: string | null, table: Table, orgId: string, rowId: string, field: Field) =>
  envelope ? openField(envelope, table, orgId, rowId, field) : null;

/** SHA-256 (hex) of a comment's text, to tell an edit that changed it from one that did not. */
export const sha256Hex = (value: string | Uint8Array) => createHash("sha256").update(value).digest("hex");

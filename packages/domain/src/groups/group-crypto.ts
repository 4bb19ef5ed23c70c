import { decryptField, encryptField } from "../consents/crypto";

// Everything a reported group post says (its text, what the OCR read, the group's name, the
// author's typed name, the forwarding address), the coaching notes and the incident notes may name
// a patient: they are stored only as consent-key envelopes (an incident's typed staff name too). The
// AAD binds each to its org, table, row and field, as the moderation tables do (moderation-crypto.ts),
// so a copied envelope fails.

export type GroupTable = "group-report" | "coaching-note" | "incident";
export type GroupField = "text" | "ocr" | "group" | "author" | "reporter" | "nature" | "recipient" | "acquired" | "mitigation" | "employee";

export const groupAad = (table: GroupTable, orgId: string, rowId: string, field: GroupField) => `${table}:${orgId}:${rowId}:${field}`;

export const sealGroupField = (plaintext: string, table: GroupTable, orgId: string, rowId: string, field: GroupField) =>
  encryptField(plaintext, groupAad(table, orgId, rowId, field));

export const sealGroupOptional = (plaintext: string | null | undefined, table: GroupTable, orgId: string, rowId: string, field: GroupField) =>
  plaintext ? sealGroupField(plaintext, table, orgId, rowId, field) : null;

export const openGroupOptional = (envelope: string | null | undefined, table: GroupTable, orgId: string, rowId: string, field: GroupField) =>
  envelope ? decryptField(envelope, groupAad(table, orgId, rowId, field)) : null;

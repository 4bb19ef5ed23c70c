import { createHmac } from "node:crypto";
import type { ConsentKeys } from "@vetted/config";
import { consentEnv } from "@vetted/config";
import { decryptField, decryptOptional, encryptField, encryptOptional } from "../consents/crypto";

// Outbox mails carry patients' addresses, org names and working links: the row holds consent-key
// envelopes, each bound to the row id and its field, so an envelope moved to another mail fails.
// This file has no database import: the e2e helpers load it to read mails from the e2e database.

export type MailField = "to" | "subject" | "text" | "html";
export const mailAad = (id: string, field: MailField) => `outbox-mail:${id}:${field}`;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
}

/** Keyed blind index of an address (case-insensitive): finds a recipient's mails without decrypting them all. */
export function mailIndex(email: string, keys: ConsentKeys = consentEnv()): string {
  return createHmac("sha256", keys.indexKey).update(`outbox-mail\u0000${email.trim().toLowerCase()}`, "utf8").digest("hex");
}

/** The stored columns of a mail whose row id is `id`. */
export function sealMail(id: string, m: MailMessage, keys: ConsentKeys = consentEnv()) {
  return {
    id,
    toIndex: mailIndex(m.to, keys),
    toCipher: encryptField(m.to, mailAad(id, "to"), keys),
    subjectCipher: encryptField(m.subject, mailAad(id, "subject"), keys),
    textCipher: encryptField(m.text, mailAad(id, "text"), keys),
    htmlCipher: encryptOptional(m.html, mailAad(id, "html"), keys),
  };
}

export interface StoredMail {
  id: string;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  toCipher: string | null;
  subjectCipher: string | null;
  textCipher: string | null;
  htmlCipher: string | null;
}

/** The message of a row: its envelopes, or the plaintext of a row written before encryption and not yet sealed. */
export function openMail(row: StoredMail, keys: ConsentKeys = consentEnv()): Required<MailMessage> {
  if (row.toCipher === null) return { to: row.to ?? "", subject: row.subject ?? "", text: row.text ?? "", html: row.html };
  return {
    to: decryptField(row.toCipher, mailAad(row.id, "to"), keys),
    subject: row.subjectCipher ? decryptField(row.subjectCipher, mailAad(row.id, "subject"), keys) : "",
    text: row.textCipher ? decryptField(row.textCipher, mailAad(row.id, "text"), keys) : "",
    html: decryptOptional(row.htmlCipher, mailAad(row.id, "html"), keys),
  };
}

/** "j•••@example.org": enough for an admin to recognise a mailbox without the list showing who it is. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "•••";
  return `${address[0]}•••${address.slice(at)}`;
}

import { createHmac } from "node:crypto";
import { consentEnv, type ConsentKeys } from "@vetted/config";
import { decryptField, encryptField } from "../consents/crypto";

// A client approver's address is no PHI, but the codebase keeps every mail address outside the user
// table as a consent-key envelope (outbox mails, signing requests, group reporters): the same here,
// bound to org, row and field so a copied envelope fails, and found through a keyed HMAC.

export const clientApproverAad = (orgId: string, id: string) => `client-approver:${orgId}:${id}:email`;

export const normalizeApproverEmail = (email: string) => email.trim().toLowerCase();

export const sealApproverEmail = (email: string, orgId: string, id: string, keys?: ConsentKeys) =>
  encryptField(normalizeApproverEmail(email), clientApproverAad(orgId, id), keys);

export const openApproverEmail = (row: { id: string; orgId: string; emailCipher: string }, keys?: ConsentKeys) =>
  decryptField(row.emailCipher, clientApproverAad(row.orgId, row.id), keys);

/** One approver per address and org: the org is in the MAC input, so orgs' values cannot be correlated. */
export function approverEmailIndex(orgId: string, email: string, keys: ConsentKeys = consentEnv()): string {
  return createHmac("sha256", keys.indexKey).update(`client-approver\u0000${orgId}\u0000${normalizeApproverEmail(email)}`, "utf8").digest("hex");
}

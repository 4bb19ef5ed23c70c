import { db } from "@vetted/db";
import { mailIndex, openMail } from "./mail-crypto";

/**
 * The stored mails to one address, newest first, decrypted: for tests and the development seed,
 * which read links out of mail. Finds rows by the blind index, so legacy plaintext rows (before the
 * backfill sealed them) are not included.
 */
export async function outboxMailsTo(email: string) {
  const rows = await db().outboxMail.findMany({ where: { toIndex: mailIndex(email) }, orderBy: { createdAt: "desc" } });
  return rows.map((row) => ({ ...row, ...openMail(row) }));
}

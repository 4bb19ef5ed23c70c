import { db } from "@vetted/db";
import { sealMail } from "./mail-crypto";

/**
 * Seals outbox rows written before encryption (plaintext to/subject/text/html): SQL cannot encrypt
 * with the consent keys, so the migration only added the envelope columns and the worker runs this
 * at start and with every mail sweep until nothing is left. The update is conditional, so two
 * workers doing it at once write each row once. Readers handle both shapes meanwhile (openMail).
 */
export async function backfillOutboxEncryption(opts: { limit?: number } = {}): Promise<{ sealed: number }> {
  const rows = await db().outboxMail.findMany({ where: { toCipher: null, to: { not: null } }, take: opts.limit ?? 200, orderBy: { createdAt: "asc" } });
  let sealed = 0;
  for (const row of rows) {
    const data = sealMail(row.id, { to: row.to!, subject: row.subject ?? "", text: row.text ?? "", html: row.html });
    const done = await db().outboxMail.updateMany({
      where: { id: row.id, toCipher: null },
      data: { ...data, id: undefined, to: null, subject: null, text: null, html: null },
    });
    sealed += done.count;
  }
  return { sealed };
}

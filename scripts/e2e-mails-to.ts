// For the e2e helpers (apps/web/e2e/helpers.ts): the outbox mails to one address, newest first,
// decrypted with the run's consent keys (from the environment), as JSON on stdout. The rows hold
// only envelopes, so plain SQL cannot read them; production has no outbox page to read instead.
import { disconnectDb } from "@vetted/db";
import { outboxMailsTo } from "@vetted/domain/mails-to";

const email = process.argv[2];
if (!email) {
  console.error("usage: tsx scripts/e2e-mails-to.ts <email>");
  process.exit(2);
}
try {
  const mails = await outboxMailsTo(email);
  process.stdout.write(JSON.stringify(mails.map((m) => ({ subject: m.subject, text: m.text, createdAt: m.createdAt }))));
} finally {
  await disconnectDb();
}

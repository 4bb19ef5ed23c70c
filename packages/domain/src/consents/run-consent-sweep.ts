import { expireConsents } from "./expire-consents";
import { purgeExpiredConsents } from "./purge-expired-consents";
import { reencryptConsentData } from "./reencrypt-consent-data";
import { reencryptStoredFields } from "./reencrypt-stored-fields";
import { remindRemovalTasks } from "./remind-removal-tasks";
import { warnExpiringConsents } from "./warn-expiring-consents";

/**
 * The worker's consent pass: expiry (with its enforcement), warnings two weeks ahead, removal reminders and escalation, and
 * re-encryption of data still under a rotated-out key (the consent register, then every other envelope
 * column: comments, tokens, deliveries, group reports, coaching and incident notes), and the purge of
 * consents ended more than six years ago. Safe to run often.
 */
export async function runConsentSweep(now: Date = new Date()) {
  const { expired, sentBack, removalTasks } = await expireConsents(now);
  const reminded = await remindRemovalTasks(now);
  const warned = await warnExpiringConsents(now);
  const reencrypted = await reencryptConsentData();
  const fields = await reencryptStoredFields();
  const purge = await purgeExpiredConsents(now);
  return {
    expired, sentBack, removalTasks, reminded, warned, reencrypted: reencrypted.Consent + reencrypted.ConsentRequest + reencrypted.MediaPerson,
    reencryptedRows: fields.rows, reencryptFailed: fields.failed,
    purged: purge.purged, purgeHeld: purge.heldByOpenRemoval, purgeFileErrors: purge.fileErrors,
  };
}

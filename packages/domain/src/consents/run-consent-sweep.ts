import { expireConsents } from "./expire-consents";
import { reencryptConsentData } from "./reencrypt-consent-data";
import { remindRemovalTasks } from "./remind-removal-tasks";
import { warnExpiringConsents } from "./warn-expiring-consents";

/**
 * The worker's consent pass: expiry (with its enforcement), warnings two weeks ahead, removal reminders and escalation, and
 * re-encryption of data still under a rotated-out key. Safe to run often.
 */
export async function runConsentSweep(now: Date = new Date()) {
  const { expired, sentBack, removalTasks } = await expireConsents(now);
  const reminded = await remindRemovalTasks(now);
  const warned = await warnExpiringConsents(now);
  const reencrypted = await reencryptConsentData();
  return { expired, sentBack, removalTasks, reminded, warned, reencrypted: reencrypted.Consent + reencrypted.ConsentRequest + reencrypted.MediaPerson };
}

import { expireConsents } from "./expire-consents";
import { reencryptConsentData } from "./reencrypt-consent-data";
import { remindRemovalTasks } from "./remind-removal-tasks";

/**
 * The worker's consent pass: expiry (with its enforcement), removal reminders and escalation, and
 * re-encryption of data still under a rotated-out key. Safe to run often.
 */
export async function runConsentSweep(now: Date = new Date()) {
  const { expired, sentBack, removalTasks } = await expireConsents(now);
  const reminded = await remindRemovalTasks(now);
  const reencrypted = await reencryptConsentData();
  return { expired, sentBack, removalTasks, reminded, reencrypted: reencrypted.Consent + reencrypted.ConsentRequest + reencrypted.MediaPerson };
}

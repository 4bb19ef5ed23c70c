import { expireConsents } from "./expire-consents";
import { remindRemovalTasks } from "./remind-removal-tasks";

/** The worker's consent pass: expiry (with its enforcement) and removal reminders. Safe to run often. */
export async function runConsentSweep(now: Date = new Date()) {
  const { expired, sentBack, removalTasks } = await expireConsents(now);
  const reminded = await remindRemovalTasks(now);
  return { expired, sentBack, removalTasks, reminded };
}

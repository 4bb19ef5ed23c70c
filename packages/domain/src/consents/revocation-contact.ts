import type { Channel } from "@vetted/db";
import type { TenantContext } from "../context";
import { CHANNEL_TEXT } from "./consent-request-records";

type OrgContact = { name: string; privacyOfficer: string | null; privacyAddress: string | null; privacyEmail: string | null };

/**
 * The sentence end a patient reads after "revoke it by writing to": who, and at least one place
 * (a postal address or an email). Null when the org has set neither, since 164.508(c)(2)(i)
 * requires the form to say how to revoke.
 */
export function revocationContactText(org: OrgContact): string | null {
  const places = [org.privacyAddress ? `by post at ${org.privacyAddress}` : null, org.privacyEmail ? `by email at ${org.privacyEmail}` : null].filter(Boolean);
  if (places.length === 0) return null;
  return `${org.privacyOfficer ?? org.name}, ${org.name}, ${places.join(" or ")}`;
}

const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** Named recipients plus the public on each chosen channel, so recipients and channels always agree. */
export function recipientsWithChannels(named: string[], channels: Channel[]): string[] {
  const publicLine = `The public, through ${list(channels.map((c) => CHANNEL_TEXT[c] ?? c))}`;
  return [...new Set([...named.filter((r) => !/^the public\b/i.test(r)), publicLine])];
}

/** What the org's forms currently print as the revocation contact, or null when it is not set. */
export async function getRevocationContact(ctx: TenantContext): Promise<string | null> {
  const org = await ctx.db.organization.findUniqueOrThrow({
    where: { id: ctx.org.id },
    select: { name: true, privacyOfficer: true, privacyAddress: true, privacyEmail: true },
  });
  return revocationContactText(org);
}

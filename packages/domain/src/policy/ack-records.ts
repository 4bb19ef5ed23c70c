import { ANY_ORG, db, type Db, type PolicyAcknowledgement, type Tx, type WorkforcePerson, acrossOrgs, rawSql } from "@vetted/db";
import { z } from "zod";
import { AppError, type ErrorCode } from "../errors";
import { hashAckToken, looksLikeAckToken } from "./ack-rules";
import { effectivePolicyVersion } from "./policy-records";

// Shared pieces of the acknowledgements: which version is to be acknowledged, the emailed link (its
// states, its mail), and the actor of what is done through it. Token hashes never leave the domain.

type Client = Db | Tx;

/** The actor of events done through the emailed link: no user row (or not signed in), the label says who. */
export const LINK_ACTOR = { actorId: null, actorLabel: "workforce member via acknowledgement link" } as const;

export const ackTokenSchema = z.object({ token: z.string().refine(looksLikeAckToken, "This acknowledgement link is not valid") });

/**
 * The version people must have acknowledged now: the material version in force (effectivePolicyVersion).
 * A version approved but not yet effective is assigned (people may sign ahead); a non-material one
 * (wording) needs no new acknowledgement, so the last material one still counts.
 */
export async function effectiveAckVersion(client: Client, orgId: string, now: Date = new Date()) {
  return effectivePolicyVersion(client, orgId, now, { material: true });
}

/** The newest approved material version, effective or not: the one newly added people are assigned. */
export async function latestAckVersion(client: Client, orgId: string) {
  return client.policyManualVersion.findFirst({
    where: { orgId, status: "APPROVED", material: true },
    orderBy: { number: "desc" },
    select: { id: true, number: true, effectiveAt: true, manualId: true },
  });
}

/**
 * An acknowledgement is outdated once a later material version is in effect: its link stops working.
 * (Approval keeps effective dates in version order, so "later" by number is later in force.)
 */
export async function isOutdated(client: Client, orgId: string, versionNumber: number, now: Date = new Date()): Promise<boolean> {
  const inForce = await effectiveAckVersion(client, orgId, now);
  return !!inForce && inForce.number > versionNumber;
}

export type AckLinkReason = "unknown" | "signed" | "expired" | "outdated" | "inactive";

/** Why a link does not (or no longer) work, in words for the person holding it; nothing about anyone else. */
export class AckLinkError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly reason: AckLinkReason,
  ) {
    super(code, message);
  }
}

const unknownLink = () => new AckLinkError("NOT_FOUND", "This acknowledgement link is not valid. Check that you opened the whole link from the message, or ask for a new one.", "unknown");

export type LinkedAck = PolicyAcknowledgement & { person: WorkforcePerson; orgName: string; orgSlug: string; versionNumber: number; manualId: string };

/**
 * The acknowledgement behind a link token, with its person, org and version. Unknown, malformed and
 * replaced tokens (a newer link was sent) get the same answer. `lock` (inside a transaction) takes
 * the row lock first, so a concurrent signature or quiz attempt waits.
 */
export async function findAckByToken(token: unknown, tx?: Tx, lock = false): Promise<LinkedAck> {
  const parsed = ackTokenSchema.safeParse({ token });
  if (!parsed.success) throw unknownLink();
  const linkTokenHash = hashAckToken(parsed.data.token);
  const client = tx ?? db();
  if (lock && tx) await rawSql(tx, acrossOrgs("ack link: the token names the org")).execute`SELECT 1 FROM "PolicyAcknowledgement" WHERE "linkTokenHash" = ${linkTokenHash} FOR UPDATE`;
  const ack = await client.policyAcknowledgement.findFirst({ where: { linkTokenHash, orgId: ANY_ORG } });
  if (!ack) throw unknownLink();
  return withContext(client, ack);
}

/** The acknowledgement by id in its org (the in-app path), with the same context as by token. */
export async function withContext(client: Client, ack: PolicyAcknowledgement): Promise<LinkedAck> {
  const [person, org, version] = await Promise.all([
    client.workforcePerson.findFirstOrThrow({ where: { id: ack.personId, orgId: ack.orgId } }),
    client.organization.findUniqueOrThrow({ where: { id: ack.orgId }, select: { name: true, slug: true } }),
    client.policyManualVersion.findFirstOrThrow({ where: { id: ack.versionId, orgId: ack.orgId }, select: { number: true, manualId: true } }),
  ]);
  return { ...ack, person, orgName: org.name, orgSlug: org.slug, versionNumber: version.number, manualId: version.manualId };
}

/** The link's state as an error, or nothing while it can be used (read, quiz, sign). */
export async function linkProblem(client: Client, a: LinkedAck, now: Date = new Date()): Promise<AckLinkError | null> {
  if (a.signedAt) {
    return new AckLinkError("GONE", `This acknowledgement was already signed on ${a.signedAt.toISOString().slice(0, 10)}. Each link can be used once.`, "signed");
  }
  if (!a.person.active) return new AckLinkError("GONE", `${a.orgName} no longer lists you on its roster. Contact them if that is a mistake.`, "inactive");
  if (await isOutdated(client, a.orgId, a.versionNumber, now)) {
    return new AckLinkError("GONE", `A newer version of ${a.orgName}'s policy has replaced this one. Use the link in the newest message, or ask for a new one.`, "outdated");
  }
  if (a.linkExpiresAt && a.linkExpiresAt <= now) {
    return new AckLinkError("GONE", `This link expired on ${a.linkExpiresAt.toISOString().slice(0, 10)}. Ask ${a.orgName} to send you a new one.`, "expired");
  }
  return null;
}

/** A used link is a conflict for a second submit; other problems keep their code. */
export function refuseLink(problem: AckLinkError): never {
  if (problem.reason === "signed") throw new AckLinkError("CONFLICT", "This acknowledgement was already signed. Each link can be used once.", "signed");
  throw problem;
}

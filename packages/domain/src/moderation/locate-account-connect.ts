import { ANY_ORG, db } from "@vetted/db";
import { z } from "zod";
import { AppError } from "../errors";
import { parseInput } from "../validate";
import { CONNECT_EXPIRED, CONNECT_NOT_FOUND, hashConnectState, stateField } from "./account-connect";

const locateSchema = z.object({ state: stateField });

/**
 * The OAuth callback URL names no org: the state does. Finds which org the signed-in user started
 * this connection in, so the callback can run in that tenant (complete-account-connect.ts checks
 * the state again, bound to that org and user, and consumes it). Another user's state, a used one
 * and an unknown one all answer the same NOT_FOUND.
 */
export async function locateAccountConnect(userId: string, input: unknown): Promise<{ orgSlug: string }> {
  const { state } = parseInput(locateSchema, input);
  // Cross-org on purpose: the state is what says which org; it must also be this user's.
  const row = await db().accountConnectState.findFirst({
    where: { orgId: ANY_ORG, userId, stateHash: hashConnectState(state) },
    select: { orgId: true, expiresAt: true, consumedAt: true },
  });
  if (!row || row.consumedAt) throw new AppError("NOT_FOUND", CONNECT_NOT_FOUND);
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("GONE", CONNECT_EXPIRED);
  const org = await db().organization.findUnique({ where: { id: row.orgId }, select: { slug: true } });
  if (!org) throw new AppError("NOT_FOUND", CONNECT_NOT_FOUND);
  return { orgSlug: org.slug };
}

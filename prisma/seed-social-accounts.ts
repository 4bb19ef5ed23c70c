// Demo LinkedIn Company Page and X account (issue 12): the simulator's default organization and X
// account connected to the hospital with their non-expiring simulator tokens, so LinkedIn comments and
// X replies made through /_sim/linkedin and /_sim/x reach its inbox. Safe to run again; skipped when
// LINKEDIN_API_BASE / X_API_BASE are not the simulator (nothing answers /_sim there).
import { randomUUID } from "node:crypto";
import { linkedinEnv, xEnv } from "@vetted/config";
import { ANY_ORG, db, type Channel } from "@vetted/db";
import { recordAuditEvent, sealModerationField } from "@vetted/domain";

async function simulatorGet<T>(url: string): Promise<T | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

async function connect(orgId: string, adminId: string, a: { platform: Channel; externalId: string; name: string; token: string; scopes: string[] }): Promise<boolean> {
  const existing = await db().connectedAccount.findFirst({ where: { orgId: ANY_ORG, platform: a.platform, externalId: a.externalId } });
  if (existing && existing.orgId !== orgId) return false;
  const id = existing?.id ?? randomUUID();
  const data = { name: a.name, tokenCipher: sealModerationField(a.token, "connected-account", orgId, id, "token"), tokenExpiresAt: null, status: "ACTIVE" as const, lastErrorCode: null, disconnectedAt: null, lastCheckedAt: new Date() };
  await db().$transaction(async (tx) => {
    if (existing) await tx.connectedAccount.update({ where: { id, orgId }, data });
    else await tx.connectedAccount.create({ data: { id, orgId, platform: a.platform, externalId: a.externalId, createdById: adminId, scopes: a.scopes, ...data } });
    await recordAuditEvent(tx, { orgId, actorId: null, actorLabel: "seed", action: "account.connected", targetType: "ConnectedAccount", targetId: id, metadata: { platform: a.platform, externalId: a.externalId, reconnected: Boolean(existing) } });
  });
  return true;
}

export async function connectDemoSocialAccounts(orgId: string, adminId: string): Promise<string> {
  const done: string[] = [];
  const li = await simulatorGet<{ orgs: { urn: string; name: string; accessToken: string }[] }>(`${linkedinEnv().LINKEDIN_API_BASE}/_sim/linkedin/orgs`);
  const org = li?.orgs[0];
  if (org && (await connect(orgId, adminId, { platform: "LINKEDIN", externalId: org.urn, name: `${org.name} (LinkedIn)`, token: org.accessToken, scopes: ["r_organization_social", "w_organization_social"] }))) done.push("LinkedIn");
  const x = await simulatorGet<{ accounts: { id: string; username: string; accessToken: string }[] }>(`${xEnv().X_API_BASE}/_sim/x/accounts`);
  const account = x?.accounts[0];
  if (account && (await connect(orgId, adminId, { platform: "X", externalId: account.id, name: `@${account.username}`, token: account.accessToken, scopes: ["tweet.read", "users.read", "tweet.moderate.write"] }))) done.push("X");
  return done.length ? `the simulator's ${done.join(" and ")} account${done.length > 1 ? "s" : ""} connected` : "no LinkedIn or X simulator reachable";
}

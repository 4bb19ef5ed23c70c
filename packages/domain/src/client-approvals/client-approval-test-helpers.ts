import { randomInt } from "node:crypto";
import { baseEnv } from "@vetted/config";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { Redis } from "ioredis";
import { updateApprovalPolicy } from "../approvals/update-approval-policy";
import type { RequestMeta } from "../context";
import { outboxMailsTo } from "../mail/mails-to";
import { createPost } from "../posts/create-post";
import { submitPost } from "../posts/submit-post";
import { runScanJob } from "../scans/run-scan-job";
import type { TestOrg } from "../testing";
import { AbuseLimiter } from "../limits/abuse-limiter";
import { LIMITS } from "../limits/limit-table";
import { createClientApprover } from "./create-client-approver";

// For the client approver tests (int tests only, through ../testing): an org whose policy is "a
// compliance officer, then the client", posts brought to review, and the link and code read out of
// the mails the way the approver reads them.

export const CLEAN = "Our flu shot clinic is open Saturday 9-1 in the main lobby. No appointment needed!";
export const PHI = "Huge congratulations to Teodora Marinescu, home today after her kidney transplant at our center.";

/**
 * A client approver's browser, each call another address (IPv6 documentation range), random so a
 * rerun against the same database and Redis never meets an earlier run's counters or audit events.
 */
export const clientRequest = (): RequestMeta => ({ ip: `2001:db8:${hex()}:${hex()}::${hex()}`, userAgent: uniq("client-browser") });
const hex = () => randomInt(0x10000).toString(16);

/** The public-link limiter with a small miss budget and counters of its own (only the limit test uses it). */
export function smallLimiter(misses: number) {
  const redis = new Redis(baseEnv().REDIS_URL);
  const table = { ...LIMITS, "public_link.misses": { ...LIMITS["public_link.misses"], points: misses } };
  return { limiter: new AbuseLimiter(redis, table, uniq("client-link-test")), close: () => redis.quit() };
}

/** A client approver in the org, and the policy "any compliance officer, then that client approver". */
export async function withClientStep(org: TestOrg) {
  const email = `${uniq("dana")}@client.example`;
  const approver = await createClientApprover(org.ctx.ADMIN, { name: "Dana Client", email });
  await updateApprovalPolicy(org.ctx.ADMIN, {
    steps: [{ mode: "ANY", roles: ["COMPLIANCE_OFFICER"] }, { mode: "CLIENT", clientApproverIds: [approver.id] }],
  });
  return { approver, email };
}

/** A consultant's post, scanned in-process, in review at step 1. */
export async function postInReview(org: TestOrg, text = CLEAN) {
  const { post } = await createPost(org.ctx.CONSULTANT, { title: "Client post", text, channels: ["FACEBOOK"] });
  const { scanJobId } = await submitPost(org.ctx.CONSULTANT, { postId: post.id, revision: 1 });
  await runScanJob({ scanJobId, orgId: org.org.id });
  const fresh = await db().post.findFirstOrThrow({ where: { id: post.id, orgId: org.org.id } });
  if (fresh.state !== "IN_REVIEW") throw new Error(`The test post should be in review, it is ${fresh.state}`);
  return fresh;
}

/** The token of the newest approval link mailed to this address. */
export async function linkTokenFor(email: string): Promise<string> {
  const mail = (await outboxMailsTo(email)).find((m) => /\/approve\//.test(m.text));
  const token = mail?.text.match(/\/approve\/([A-Za-z0-9_-]{43})\b/)?.[1];
  if (!token) throw new Error("No approval link in the mails to that address");
  return token;
}

/** The newest 6-digit code mailed to this address. */
export async function codeFor(email: string): Promise<string> {
  const mail = (await outboxMailsTo(email)).find((m) => /^Your code is \d{6}/.test(m.text));
  const code = mail?.text.match(/^Your code is (\d{6})/)?.[1];
  if (!code) throw new Error("No code in the mails to that address");
  return code;
}

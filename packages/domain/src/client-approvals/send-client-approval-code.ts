import { db } from "@vetted/db";
import type { RequestMeta } from "../context";
import { RateLimitedError } from "../errors";
import { deliverMail } from "../mail/send-mail";
import type { AbuseLimiter } from "../limits/abuse-limiter";
import { guardPublicLink } from "../limits/guard-public-link";
import { findLinkByToken, isClientLinkMiss, linkProblem, postOfLink } from "./client-link-records";
import { codeView, issueCode } from "./client-link-session";
import { nextCodeAt } from "./client-link-rules";

/** Public: "Send a new code". At most one a minute, and MAX_CODES_PER_LINK per link. */
export async function sendClientApprovalCode(token: unknown, request: RequestMeta, limiter?: AbuseLimiter) {
  const result = await guardPublicLink(request, () => db().$transaction(async (tx) => {
    const link = await findLinkByToken(tx, token, true);
    const problem = await linkProblem(tx, link, await postOfLink(tx, link));
    if (problem) throw problem;
    const now = new Date();
    const wait = nextCodeAt(link.codeSentAt, now);
    if (wait) throw new RateLimitedError(Math.max(1, Math.ceil((wait.getTime() - now.getTime()) / 1000)));
    const issued = await issueCode(tx, link, request, now);
    return { view: codeView(issued.link, now), mailId: issued.mailId };
  }), isClientLinkMiss, limiter);
  await deliverMail(result.mailId);
  return { codeExpiresAt: result.view.codeExpiresAt, maskedEmail: result.view.maskedEmail, codesLeft: result.view.codesLeft };
}

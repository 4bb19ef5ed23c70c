import { randomBytes } from "node:crypto";
import { DEV_INTAKE_SECRET } from "@vetted/config";
import { db } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResetToken, resetPassword } from "../auth/password-reset";
import { downloadSignedCopy } from "../consents/download-signed-copy";
import { getSigningRequest } from "../consents/get-signing-request";
import { signConsentRequest } from "../consents/sign-consent-request";
import type { RequestMeta } from "../context";
import { getGroupIntakeAddress } from "../groups/group-intake-address";
import { receiveGroupIntake } from "../groups/receive-group-intake";
import { acceptInvitation, getInvitationByToken } from "../invitations/accept-invitation";
import { inviteMember } from "../invitations/invite-member";
import { openAcknowledgement } from "../policy/open-acknowledgement";
import { recordReadingTime } from "../policy/record-reading-time";
import { signAcknowledgement } from "../policy/sign-acknowledgement";
import { submitQuizAttempt } from "../policy/submit-quiz-attempt";
import { createOrgWithMembers, expectAppError, inviteTokenFromOutbox, randomTestIp, type TestOrg } from "../testing";
import { LIMIT_AUDIT_ACTION } from "./enforce-limits";
import { guardWebhookSignature } from "./guard-webhook-signature";
import { limitSubjectHash } from "./limit-keys";
import { LIMITS } from "./limit-table";
import { closeLimiters } from "./limiter-connection";

// Public links (signing, acknowledgement, invitation, password reset) and the group intake's shared
// secret, against the real Redis and PostgreSQL: misses and wrong secrets are counted per IP, the
// one over the budget is a 429 (audited once), a link that works is never counted, and nothing is
// limited for a caller whose IP is unknown (no trusted proxy).

let t: TestOrg;
let validToken: string;
beforeAll(async () => {
  t = await createOrgWithMembers();
  const email = `${uniq("invitee")}@test.vetted.local`;
  await inviteMember(t.ctx.ADMIN, { email, role: "STAFF" });
  validToken = await inviteTokenFromOutbox(email);
});
afterAll(() => closeLimiters());

const from = (ip: string | null): RequestMeta => ({ ip, userAgent: uniq("public-link") });
const unknownToken = () => randomBytes(32).toString("base64url");
const limitEventsOf = (ip: string) =>
  db().auditEvent.findMany({ where: { chainKey: "platform", orgId: null, action: LIMIT_AUDIT_ACTION, metadata: { path: ["subjectHash"], equals: limitSubjectHash("ip", ip) } } });

/** A miss through each kind of public link, and how it answers under the budget: every one counts against the IP. */
const MISSES: [call: (r: RequestMeta) => Promise<unknown>, answer: string][] = [
  [(r) => getInvitationByToken(unknownToken(), r), "NOT_FOUND"],
  [(r) => acceptInvitation({ token: "short", name: "X", password: "a long enough password 1" }, r), "VALIDATION"],
  [(r) => checkResetToken(unknownToken(), r), "resolves invalid"],
  [(r) => resetPassword({ token: unknownToken(), password: "violet-harbour-teaspoon-91" }, r), "GONE"],
  [(r) => getSigningRequest(unknownToken(), r), "NOT_FOUND"],
  [(r) => signConsentRequest(unknownToken(), { typedName: "Pat Doe", confirmName: true, signature: "data:image/png;base64,AAAA", ackRightToRevoke: true, ackNoConditioning: true, ackRedisclosure: true }, r), "NOT_FOUND"],
  [(r) => downloadSignedCopy(unknownToken(), r), "NOT_FOUND"],
  [(r) => openAcknowledgement(unknownToken(), r), "NOT_FOUND"],
  [(r) => submitQuizAttempt(unknownToken(), { answers: {} }, r), "NOT_FOUND"],
  [(r) => signAcknowledgement(unknownToken(), { typedName: "Pat Doe", confirm: true }, r), "NOT_FOUND"],
  [(r) => recordReadingTime(unknownToken(), { seconds: 5 }, r), "NOT_FOUND"],
];

async function expectAnswer(promise: Promise<unknown>, answer: string) {
  if (answer === "resolves invalid") expect(await promise).toBe("invalid");
  else await expectAppError(promise, answer);
}

describe("misses on public links", () => {
  it("answers 30 misses a minute from one IP as usual, then 429 for any link, even a valid one; audited once", async () => {
    const ip = randomTestIp();
    for (let i = 0; i < LIMITS["public_link.misses"].points; i++) {
      const [call, answer] = MISSES[i % MISSES.length]!;
      await expectAnswer(call(from(ip)), answer);
    }
    const over = await expectAppError(getInvitationByToken(unknownToken(), from(ip)), "RATE_LIMITED");
    expect(over).toMatchObject({ status: 429, limit: "public_link.misses" });
    const wait = (over as unknown as { retryAfterSeconds: number }).retryAfterSeconds;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    // Refused before the look-up: a hit would otherwise tell a guesser they found one.
    await expectAppError(getInvitationByToken(validToken, from(ip)), "RATE_LIMITED");
    for (const [call] of MISSES) await expectAppError(call(from(ip)), "RATE_LIMITED");
    const events = await limitEventsOf(ip);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: null, actorLabel: "anonymous", ip: null, targetId: "public_link.misses" });
    expect(JSON.stringify(events[0])).not.toContain(ip);
    // Another IP is not affected.
    expect(await getInvitationByToken(validToken, from(randomTestIp()))).toMatchObject({ state: "open" });
  });

  it("never counts a link that works, however often it is opened", async () => {
    const ip = randomTestIp();
    for (let i = 0; i < LIMITS["public_link.misses"].points + 10; i++) expect(await getInvitationByToken(validToken, from(ip))).toMatchObject({ state: "open" });
    await expectAppError(getInvitationByToken(unknownToken(), from(ip)), "NOT_FOUND");
  });

  it("does not limit a caller whose IP is unknown (no trusted proxy): one bucket for all would block every patient", async () => {
    for (let i = 0; i < LIMITS["public_link.misses"].points + 5; i++) await expectAppError(getInvitationByToken(unknownToken(), from(null)), "NOT_FOUND");
  });
});

describe("wrong secrets on the group intake", () => {
  it("answers 60 wrong secrets a minute from one IP with 401, then 429; a right secret from that IP still files", async () => {
    const ip = randomTestIp();
    const to = (await getGroupIntakeAddress(t.ctx.STAFF)).address!;
    const send = (secret: string) => guardWebhookSignature(from(ip), () => receiveGroupIntake(secret, { to, from: "x@y.org", text: "The staff picnic is on Friday." }, from(ip)));
    for (let i = 0; i < LIMITS["webhook.bad_signatures"].points; i++) await expectAppError(send("wrong-secret"), "UNAUTHENTICATED");
    const over = await expectAppError(send("wrong-secret"), "RATE_LIMITED");
    expect(over).toMatchObject({ limit: "webhook.bad_signatures" });
    await expectAppError(send("wrong-secret"), "RATE_LIMITED");
    expect((await send(DEV_INTAKE_SECRET)).reportId).toEqual(expect.any(String));
    const events = await db().auditEvent.findMany({ where: { chainKey: "platform", orgId: null, action: LIMIT_AUDIT_ACTION, metadata: { path: ["subjectHash"], equals: limitSubjectHash("ip", ip) } } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorLabel: "webhook", targetId: "webhook.bad_signatures" });
    // Another IP still gets the plain 401.
    await expectAppError(guardWebhookSignature(from(randomTestIp()), () => receiveGroupIntake("wrong-secret", { to, from: "x@y.org", text: "x" })), "UNAUTHENTICATED");
  });
});

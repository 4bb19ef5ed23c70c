import { db, disconnectDb } from "@vetted/db";
import { uniq } from "@vetted/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { outboxMailsTo } from "./mails-to";
import { listOutbox, queueMail } from "./send-mail";

afterAll(() => disconnectDb());

describe("listOutbox", () => {
  it("masks the token of every invitation, signing, acknowledgement and client approval link, in text and html", async () => {
    const token = "Q2hlY2sgdGhhdCB0aGlzIG5ldmVyIGxlYWtz_-abcdef";
    const signToken = "c2lnbmluZy10b2tlbi1tdXN0LW5vdC1sZWFr_-0123456";
    const ackToken = "YWNrbm93bGVkZ2UtdG9rZW4tbXVzdC1ub3QtbGVhaw_";
    const approveToken = "Y2xpZW50LWFwcHJvdmFsLXRva2VuLW5vdC1sZWFrcw";
    const to = `${uniq("masked")}@test.vetted.local`;
    await db().$transaction((tx) =>
      queueMail(tx, {
        to,
        subject: "You are invited",
        text: `Accept: http://localhost:3000/invite/${token}\nSign: https://app.example/sign/${signToken}?x=1\nPolicy: http://localhost:3000/ack/${ackToken}\nReset: http://localhost:3000/reset-password/${token}\nApprove: http://localhost:3000/approve/${approveToken}\nOrg: http://localhost:3000/orgs/maple`,
        html: `<a href="http://localhost:3000/invite/${token}">Accept</a>`,
      }, null),
    );
    const mail = (await listOutbox(200)).find((m) => m.to === to);
    expect(mail).toBeDefined();
    const shown = JSON.stringify(mail);
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(signToken);
    expect(shown).not.toContain(ackToken);
    expect(shown).not.toContain(approveToken);
    expect(mail!.text).toContain("http://localhost:3000/approve/…");
    expect(mail!.text).toContain("http://localhost:3000/ack/…");
    expect(mail!.text).toContain("http://localhost:3000/reset-password/…");
    expect(mail!.text).toContain("http://localhost:3000/invite/…");
    expect(mail!.text).toContain("https://app.example/sign/…?x=1");
    expect(mail!.text).toContain("http://localhost:3000/orgs/maple");
    expect(mail!.html).toContain('href="http://localhost:3000/invite/…"');
    // The stored row keeps the real link: masking is for display only.
    expect((await outboxMailsTo(to))[0]!.text).toContain(token);
  });
});

import { describe, expect, it } from "vitest";
import { accountStatusWords } from "./account-status-words";

describe("accountStatusWords", () => {
  it("says what each status means and what to do, naming the code only for errors", () => {
    expect(accountStatusWords("ACTIVE", null)).toMatch(/^Connected/);
    expect(accountStatusWords("EXPIRED", "TOKEN_EXPIRED")).toMatch(/not moderated until an admin reconnects/);
    expect(accountStatusWords("REVOKED", "DISCONNECTED")).toMatch(/Disconnected by an admin/);
    expect(accountStatusWords("REVOKED", "MISSING_PERMISSIONS")).toMatch(/permission Vetted needs was removed/);
    expect(accountStatusWords("REVOKED", "TOKEN_INVALID")).toMatch(/revoked on Facebook/);
    expect(accountStatusWords("ERROR", "TRANSIENT")).toContain("(TRANSIENT)");
    expect(accountStatusWords("ERROR", null)).not.toContain("(");
  });

  it("names the platform that ended or revoked access", () => {
    expect(accountStatusWords("EXPIRED", "TOKEN_EXPIRED", "X")).toMatch(/^X ended Vetted's access/);
    expect(accountStatusWords("REVOKED", "TOKEN_INVALID", "LINKEDIN")).toMatch(/revoked on LinkedIn/);
    expect(accountStatusWords("REVOKED", "MISSING_PERMISSIONS", "LINKEDIN")).toMatch(/removed on LinkedIn/);
    expect(accountStatusWords("REVOKED", "ACCOUNT_MISMATCH", "X")).toMatch(/belongs to another account/);
    expect(accountStatusWords("EXPIRED", "TOKEN_EXPIRED", "INSTAGRAM")).toMatch(/^Meta ended/);
    expect(accountStatusWords("EXPIRED", "TOKEN_INVALID", "TIKTOK")).toMatch(/^TikTok ended Vetted's access .* removed Vetted from the Business account's authorized apps/);
    expect(accountStatusWords("REVOKED", "TOKEN_INVALID", "TIKTOK")).toMatch(/revoked on TikTok/);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertPlatformCan, assertPublicReplyFits, platformCan, PLATFORM_SUPPORT } from "./platform-capabilities";

describe("platform capabilities", () => {
  it("lets Meta do everything, LinkedIn only delete, X only hide, TikTok hide and public replies", () => {
    const table = (["FACEBOOK", "INSTAGRAM", "LINKEDIN", "X", "TIKTOK"] as const).map((p) => [p, (["hide", "delete", "private_reply", "public_reply"] as const).filter((a) => platformCan(p, a))]);
    expect(table).toEqual([
      ["FACEBOOK", ["hide", "delete", "private_reply", "public_reply"]],
      ["INSTAGRAM", ["hide", "delete", "private_reply", "public_reply"]],
      ["LINKEDIN", ["delete"]],
      ["X", ["hide"]],
      ["TIKTOK", ["hide", "public_reply"]],
    ]);
  });

  it("says in words what Vetted does on every platform an org may post to, TikTok included", () => {
    expect(PLATFORM_SUPPORT.map((p) => p.platform)).toEqual(["FACEBOOK", "INSTAGRAM", "LINKEDIN", "X", "TIKTOK"]);
    const tiktok = PLATFORM_SUPPORT.find((p) => p.platform === "TIKTOK")!;
    expect(tiktok.text).toMatch(/^A TikTok Business account: reads the comments .* hides one .* answers publicly \(TikTok lets no one delete another's comment, and has no private reply\)/);
    // Nothing offered in words that the capabilities refuse.
    expect(platformCan("TIKTOK", "delete") || platformCan("TIKTOK", "private_reply")).toBe(false);
  });

  it("refuses what a platform lacks with a CONFLICT that names it and the alternative", () => {
    expect(() => assertPlatformCan("FACEBOOK", "hide")).not.toThrow();
    const error = (() => {
      try {
        assertPlatformCan("LINKEDIN", "hide");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", message: "LinkedIn offers no hiding of comments: delete the comment or escalate it" });
    expect(() => assertPlatformCan("X", "private_reply")).toThrow(/X offers no private replies/);
    expect(() => assertPlatformCan("LINKEDIN", "public_reply")).toThrow(/LinkedIn offers no public replies from Vetted/);
    expect(() => assertPlatformCan("TIKTOK", "private_reply")).toThrow(/TikTok offers no private replies: answer on the platform itself or escalate it/);
    expect(() => assertPlatformCan("TIKTOK", "delete")).toThrow(/TikTok offers no deleting of others' replies: hide the comment or escalate it/);
  });

  it("refuses a TikTok public reply over 150 characters when drafted, naming the field", () => {
    expect(() => assertPublicReplyFits("TIKTOK", "é".repeat(150))).not.toThrow();
    expect(() => assertPublicReplyFits("FACEBOOK", "x".repeat(1000))).not.toThrow();
    expect(() => assertPublicReplyFits("TIKTOK", "x".repeat(151))).toThrow(expect.objectContaining({ code: "VALIDATION", fields: { text: ["at most 150 characters on TikTok"] } }));
  });
});

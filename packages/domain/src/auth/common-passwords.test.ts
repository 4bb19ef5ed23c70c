import { describe, expect, it } from "vitest";
import { COMMON_PASSWORD_MESSAGE, isCommonPassword, newPasswordSchema } from "./common-passwords";

describe("common password list", () => {
  it("refuses listed passwords whatever their case, and accepts an unlisted one", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("PassWord")).toBe(true);
    expect(isCommonPassword("qwerty123")).toBe(true);
    expect(isCommonPassword("violet-harbour-teaspoon-91")).toBe(false);
  });

  it("names the field's problem: too short, or long enough but common", () => {
    expect(newPasswordSchema.safeParse("short").error?.issues[0]?.message).toMatch(/at least 12/);
    const common = newPasswordSchema.safeParse("qwertyuiop123");
    expect(common.success).toBe(false);
    expect(common.error?.issues[0]?.message).toBe(COMMON_PASSWORD_MESSAGE);
    expect(newPasswordSchema.safeParse("violet-harbour-teaspoon-91").success).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { pageHref } from "./paging";

describe("pageHref", () => {
  it("keeps the filters and leaves page 1 plain", () => {
    expect(pageHref("/review", { org: "st-brigid", risk: "block" }, 2)).toBe("/review?org=st-brigid&risk=block&page=2");
    expect(pageHref("/review", { org: "st-brigid" }, 1)).toBe("/review?org=st-brigid");
    expect(pageHref("/review", {}, 1)).toBe("/review");
  });
});

import { describe, expect, it } from "vitest";
import { pageOf } from "./paging";

const items = Array.from({ length: 136 }, (_, i) => i + 1);

describe("pageOf", () => {
  it("gives the asked page and where it starts and ends", () => {
    expect(pageOf(items, "2", 50)).toMatchObject({ page: 2, pages: 3, from: 51, to: 100 });
    expect(pageOf(items, "2", 50).items).toEqual(items.slice(50, 100));
    expect(pageOf(items, "3", 50)).toMatchObject({ page: 3, from: 101, to: 136 });
  });

  it("clamps a missing, malformed or out-of-range page", () => {
    for (const asked of [undefined, "", "abc", "0", "-4", ["2", "3"]]) expect(pageOf(items, asked, 50).page).toBe(1);
    expect(pageOf(items, "99", 50)).toMatchObject({ page: 3, from: 101, to: 136 });
    expect(pageOf([], "2", 50)).toMatchObject({ page: 1, pages: 1, items: [], from: 0, to: 0 });
  });
});

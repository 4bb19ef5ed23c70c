import { describe, expect, it } from "vitest";
import { routePattern } from "./denials";

describe("routePattern", () => {
  it("turns param values back into their names and drops the query string", () => {
    expect(routePattern("/api/orgs/st-brigid/posts/4b0c8a52-8f0e-4a7e-9a55-1d1f6c1f2a11?q=Jane+Doe", { orgSlug: "st-brigid", postId: "4b0c8a52-8f0e-4a7e-9a55-1d1f6c1f2a11" })).toBe(
      "/api/orgs/[orgSlug]/posts/[postId]",
    );
  });

  it("masks anything that is not a fixed path word, even without params", () => {
    expect(routePattern("/orgs/st-brigid/consents/4b0c8a52-8f0e-4a7e-9a55-1d1f6c1f2a11/file", { orgSlug: "st-brigid" })).toBe("/orgs/[orgSlug]/consents/[id]/file");
    expect(routePattern("/sign/AbC_123-xyz")).toBe("/sign/[id]");
    expect(routePattern("/orgs/x/%E0%A4%A")).toBe("/orgs/x/[id]");
    expect(routePattern("/orgs/Jane Doe/posts")).toBe("/orgs/[id]/posts");
  });
});

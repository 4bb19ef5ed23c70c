import { describe, expect, it } from "vitest";
import { roleCan } from "../access/permissions";

const ROLES = ["ADMIN", "CONSULTANT", "COMPLIANCE_OFFICER", "STAFF"] as const;

describe("who reads the compliance report", () => {
  it("is held by admins and compliance officers only", () => {
    expect(ROLES.filter((r) => roleCan(r, "reports.view"))).toEqual(["ADMIN", "COMPLIANCE_OFFICER"]);
  });

  it("never by a role that cannot already read override justifications (posts.view) and the audit log", () => {
    for (const role of ROLES.filter((r) => roleCan(r, "reports.view"))) {
      expect(roleCan(role, "posts.view"), role).toBe(true);
      expect(roleCan(role, "audit.view"), role).toBe(true);
    }
  });
});

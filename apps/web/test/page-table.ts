import { randomBytes, randomUUID } from "node:crypto";
import type { Fixture } from "./route-table";

// Every page of the app. A page with a dynamic segment ([orgSlug], [postId], [token]…) must answer
// Next's 404 for an unknown, a malformed and another org's id; page-matrix.int.test.ts renders each
// one with each variant and checks this table against the file tree, so a new page without an entry
// fails there. The viewer is org B's admin: "foreign" is org A's real record under org B's own slug
// (or org A's slug itself, which B's admin is no member of).

export type PageParams = Record<string, string>;
export type PageEntry = {
  /** Must NOT be a 404 (the matrix is not vacuous): who opens it, with what. Tokens have no fixture. */
  valid?: (f: Fixture) => { viewer: "a" | "b"; params: PageParams };
  /** Each must be a 404 for org B's admin. */
  bad: Record<string, (f: Fixture) => PageParams>;
};

const token = () => randomBytes(32).toString("base64url");
const orgPage = (): PageEntry => ({
  valid: (f) => ({ viewer: "b", params: { orgSlug: f.b.org.slug } }),
  bad: { random: () => ({ orgSlug: `no-such-org-${randomUUID().slice(0, 8)}` }), malformed: () => ({ orgSlug: "../x\u0000" }), foreign: (f) => ({ orgSlug: f.a.org.slug }) },
});
const recordPage = (param: string, foreignId: (f: Fixture) => string): PageEntry => ({
  // The fixture's records are org A's: its own admin opens them.
  valid: (f) => ({ viewer: "a", params: { orgSlug: f.a.org.slug, [param]: foreignId(f) } }),
  bad: {
    random: (f) => ({ orgSlug: f.b.org.slug, [param]: randomUUID() }),
    malformed: (f) => ({ orgSlug: f.b.org.slug, [param]: "not-an-id\u0000" }),
    foreign: (f) => ({ orgSlug: f.b.org.slug, [param]: foreignId(f) }),
  },
});
const tokenPage: PageEntry = {
  // A token belongs to no org: an unknown one and a malformed one.
  bad: { random: () => ({ token: token() }), malformed: () => ({ token: "../..\u0000" }) },
};

export const DYNAMIC_PAGES: Record<string, PageEntry> = {
  "orgs/[orgSlug]/page.tsx": orgPage(),
  "orgs/[orgSlug]/audit/page.tsx": orgPage(),
  "orgs/[orgSlug]/consents/page.tsx": orgPage(),
  "orgs/[orgSlug]/consents/new/page.tsx": orgPage(),
  "orgs/[orgSlug]/consents/requests/page.tsx": orgPage(),
  "orgs/[orgSlug]/consents/requests/new/page.tsx": orgPage(),
  "orgs/[orgSlug]/consents/[consentId]/page.tsx": recordPage("consentId", (f) => f.consentId),
  "orgs/[orgSlug]/members/page.tsx": orgPage(),
  "orgs/[orgSlug]/posts/page.tsx": orgPage(),
  "orgs/[orgSlug]/posts/new/page.tsx": orgPage(),
  "orgs/[orgSlug]/posts/[postId]/page.tsx": recordPage("postId", (f) => f.postId),
  // The content calendar (issue 16): org A's calendar is a 404 for org B's admin.
  "orgs/[orgSlug]/calendar/page.tsx": orgPage(),
  "orgs/[orgSlug]/settings/page.tsx": orgPage(),
  "orgs/[orgSlug]/settings/accounts/page.tsx": orgPage(),
  // The Page picker needs a pending OAuth pick of the viewer (its connectId): account-connect.int.test.ts renders that path.
  "orgs/[orgSlug]/settings/accounts/pick/page.tsx": { bad: orgPage().bad },
  "orgs/[orgSlug]/inbox/page.tsx": orgPage(),
  "orgs/[orgSlug]/inbox/templates/page.tsx": orgPage(),
  "orgs/[orgSlug]/inbox/[commentId]/page.tsx": recordPage("commentId", (f) => f.commentId),
  "orgs/[orgSlug]/groups/page.tsx": orgPage(),
  "orgs/[orgSlug]/groups/coaching/page.tsx": orgPage(),
  "orgs/[orgSlug]/groups/[reportId]/page.tsx": recordPage("reportId", (f) => f.groupReportId),
  "orgs/[orgSlug]/incidents/page.tsx": orgPage(),
  "orgs/[orgSlug]/incidents/[incidentId]/page.tsx": recordPage("incidentId", (f) => f.incidentId),
  "orgs/[orgSlug]/policy/page.tsx": orgPage(),
  "orgs/[orgSlug]/policy/quiz/page.tsx": orgPage(),
  "orgs/[orgSlug]/policy/versions/[versionId]/page.tsx": recordPage("versionId", (f) => f.policyVersionId),
  "orgs/[orgSlug]/policy/roster/page.tsx": orgPage(),
  "orgs/[orgSlug]/policy/coverage/page.tsx": orgPage(),
  "orgs/[orgSlug]/policy/acknowledge/page.tsx": orgPage(),
  "orgs/[orgSlug]/policy/training/page.tsx": orgPage(),
  // The compliance report (issue 16): its period is a query parameter, not a segment.
  "orgs/[orgSlug]/reports/page.tsx": orgPage(),
  // A coaching task opens only for the member it is for (org A's staff member), never for an admin: no `valid` viewer.
  "orgs/[orgSlug]/policy/coaching/[assignmentId]/page.tsx": { bad: recordPage("assignmentId", (f) => f.coachingAssignmentId).bad },
  "invite/[token]/page.tsx": tokenPage,
  "sign/[token]/page.tsx": tokenPage,
  "ack/[token]/page.tsx": tokenPage,
  "approve/[token]/page.tsx": tokenPage,
  "reset-password/[token]/page.tsx": tokenPage,
};

/** Pages without a dynamic segment: nothing in the URL names a record. */
export const STATIC_PAGES: Record<string, string> = {
  "page.tsx": "home: picks the review queue or the agency overview",
  "(auth)/signin/page.tsx": "public sign-in form",
  "(auth)/forgot-password/page.tsx": "public password reset request form",
  "agency/page.tsx": "the agency admin's own agency",
  "dev/outbox/page.tsx": "development outbox (agency admins, off in production)",
  "orgs/page.tsx": "the caller's own organizations",
  "review/page.tsx": "the caller's own review queue",
  "calendar/page.tsx": "the caller's own content calendar: the orgs come from their memberships, each read in its own tenant context (issue 16)",
  "inbox/page.tsx": "the caller's own inboxes: counts in the orgs they moderate, from their memberships",
  "overview/page.tsx": "the caller's own agency overview: counts in the orgs they view posts in, each in its own tenant context",
  "account/security/page.tsx": "the caller's own MFA and sessions (issue 15)",
};

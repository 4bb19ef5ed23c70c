import { linkedinEnv, type LinkedInEnv } from "@vetted/config";
import { z } from "zod";
import { isLinkedInOrganizationUrn, parseLinkedInCommentUrn } from "./linkedin-webhook";
import { PlatformError } from "./platform-error";
import { RestTransport } from "./rest-http";

// A LinkedIn Company Page's comments through the Community Management API (/rest/socialActions),
// with the member token of an admin of the organization. LinkedIn has no hide: a comment is read,
// or deleted on the organization's behalf (actor = the organization URN).

export interface LinkedInClientOptions {
  /** "https://api.linkedin.com" or the simulator's URL. */
  apiBase: string;
  /** The LinkedIn-Version header, YYYYMM. */
  version: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface LinkedInComment {
  /** Canonical comment URN, the id Vetted stores. */
  urn: string;
  objectUrn: string;
  /** PHI: hand straight to the scanner / encryption, never log. */
  text: string;
  /** urn:li:person:… or urn:li:organization:… */
  authorUrn?: string;
  createdAt: Date;
  parentUrn?: string;
}

const commentSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  actor: z.string().optional(),
  object: z.string().optional(),
  message: z.object({ text: z.string().default("") }).default({ text: "" }),
  created: z.object({ time: z.number() }),
  parentComment: z.string().optional(),
});

export interface LinkedInOrganization {
  /** urn:li:organization:<id>, the id Vetted stores. */
  urn: string;
  name: string;
}

const aclsSchema = z.object({
  elements: z.array(z.object({ organization: z.string().optional(), organizationalTarget: z.string().optional(), role: z.string(), state: z.string() })).default([]),
  paging: z.object({ start: z.number().optional(), count: z.number().optional(), total: z.number().optional() }).optional(),
});
const organizationSchema = z.object({ localizedName: z.string().optional(), vanityName: z.string().optional() });
/** Organizations listed at most: an admin of more picks among the first ones. */
const MAX_ORGANIZATIONS = 100;

export class LinkedInClient {
  private readonly rest: RestTransport;

  constructor(options: LinkedInClientOptions) {
    this.rest = new RestTransport({
      baseUrl: options.apiBase,
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch,
      headers: { "LinkedIn-Version": options.version, "X-Restli-Protocol-Version": "2.0.0" },
    });
  }

  /** Re-reads one comment (a deleted one is PlatformError NOT_FOUND). */
  async getComment(token: string, commentUrn: string): Promise<LinkedInComment> {
    const ref = this.ref("getComment", commentUrn);
    const c = await this.rest.call("getComment", { method: "GET", path: this.path(ref), token }, commentSchema);
    return {
      urn: ref.urn, objectUrn: ref.objectUrn, text: c.message.text, createdAt: new Date(c.created.time),
      ...(c.actor ? { authorUrn: c.actor } : {}), ...(c.parentComment ? { parentUrn: parseLinkedInCommentUrn(c.parentComment)?.urn ?? c.parentComment } : {}),
    };
  }

  /** Deletes a comment as the organization. A comment already gone is NOT_FOUND (the outbox counts that as done). */
  async deleteComment(token: string, organizationUrn: string, commentUrn: string): Promise<void> {
    const ref = this.ref("deleteComment", commentUrn);
    if (!isLinkedInOrganizationUrn(organizationUrn)) throw new PlatformError("INVALID_REQUEST", "deleteComment");
    await this.rest.call("deleteComment", { method: "DELETE", path: this.path(ref), token, query: { actor: organizationUrn } }, z.unknown());
  }

  /**
   * The Company Pages the token's member administers (approved ADMINISTRATOR role), with their
   * names: what an admin picks from after connecting.
   */
  async listAdministeredOrganizations(token: string): Promise<LinkedInOrganization[]> {
    const query = { q: "roleAssignee", role: "ADMINISTRATOR", state: "APPROVED", start: 0, count: MAX_ORGANIZATIONS };
    const res = await this.rest.call("listOrganizations", { method: "GET", path: "/rest/organizationAcls", token, query }, aclsSchema);
    const urns = [...new Set(res.elements.flatMap((e) => {
      const urn = e.organization ?? e.organizationalTarget;
      return urn && isLinkedInOrganizationUrn(urn) && e.role === "ADMINISTRATOR" && e.state === "APPROVED" ? [urn] : [];
    }))];
    return Promise.all(urns.map(async (urn) => {
      const id = urn.slice("urn:li:organization:".length);
      const org = await this.rest.call("getOrganization", { method: "GET", path: `/rest/organizations/${id}`, token }, organizationSchema);
      return { urn, name: org.localizedName ?? org.vanityName ?? `Organization ${id}` };
    }));
  }

  private path(ref: { objectUrn: string; commentId: string }): string {
    return `/rest/socialActions/${encodeURIComponent(ref.objectUrn)}/comments/${ref.commentId}`;
  }

  private ref(operation: string, commentUrn: string) {
    const ref = parseLinkedInCommentUrn(commentUrn);
    if (!ref) throw new PlatformError("INVALID_REQUEST", operation);
    return ref;
  }
}

/** The client configured from LINKEDIN_* (see packages/config/src/platform-env.ts). */
export function linkedinClientFromEnv(env: LinkedInEnv = linkedinEnv(), overrides: Partial<LinkedInClientOptions> = {}): LinkedInClient {
  return new LinkedInClient({ apiBase: env.LINKEDIN_API_BASE, version: env.LINKEDIN_API_VERSION, timeoutMs: env.LINKEDIN_TIMEOUT_MS, ...overrides });
}

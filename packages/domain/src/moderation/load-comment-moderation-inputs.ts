import type { Channel, CommentEvent, ConnectedAccountStatus, RawClient } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import type { OrgScanConfig } from "@vetted/scanner";
import { scanConfigFrom } from "../scans/load-org-scan-config";

export interface CommentModerationSettings {
  autoHideBlocking: boolean;
  commentRetentionDays: number;
  firstResponseSlaMinutes: number;
}

export interface EventAccount {
  id: string;
  platform: Channel;
  externalId: string;
  status: ConnectedAccountStatus;
  tokenCipher: string | null;
}

export interface CommentModerationInputs {
  event: CommentEvent;
  account: EventAccount;
  settings: CommentModerationSettings;
  config: OrgScanConfig;
  /** Our post behind the event's platform post (PublishHandoff.externalId), for a comment created now. */
  postId: string | null;
}

type Row = CommentEvent & CommentModerationSettings & {
  orgName: string;
  handoffPostId: string | null;
  members: string[];
  terms: { term: string; type: string; hashed: boolean }[];
  account: EventAccount;
};

/**
 * What the worker needs for one comment event, in one statement: the event (not locked: the caller
 * locks it in its transaction), its account, the org's moderation settings, the scanner's per-org
 * lists (load-org-scan-config.ts) and our post behind the platform post (for a new comment's postId). Read per event, never cached, so a setting or an allow term changed
 * a moment ago applies to the next comment. One query instead of seven: the worker's queries per
 * event were most of its CPU in bench:comments. null when the event is not this org's.
 */
export async function loadCommentModerationInputs(client: RawClient, orgId: string, commentEventId: string): Promise<CommentModerationInputs | null> {
  const [row] = await rawSql(client, forOrg(orgId)).query<Row[]>`
    SELECT e.*, o.name AS "orgName", o."autoHideBlocking", o."commentRetentionDays", o."firstResponseSlaMinutes",
      json_build_object('id', a.id, 'platform', a.platform, 'externalId', a."externalId", 'status', a.status, 'tokenCipher', a."tokenCipher") AS account,
      COALESCE((SELECT json_agg(u.name) FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."orgId" = o.id), '[]'::json) AS members,
      COALESCE((SELECT json_agg(json_build_object('term', t.term, 'type', t.type, 'hashed', t.hashed)) FROM "ScanAllowTerm" t WHERE t."orgId" = o.id), '[]'::json) AS terms,
      (SELECT h."postId"::text FROM "PublishHandoff" h WHERE h."orgId" = o.id AND h."externalId" = e."postExternalId" LIMIT 1) AS "handoffPostId"
    FROM "CommentEvent" e
    JOIN "Organization" o ON o.id = e."orgId"
    JOIN "ConnectedAccount" a ON a.id = e."accountId" AND a."orgId" = e."orgId"
    WHERE e.id = ${commentEventId}::uuid AND e."orgId" = ${ORG_ID}::uuid`;
  if (!row) return null;
  const { orgName, members, terms, account, autoHideBlocking, commentRetentionDays, firstResponseSlaMinutes, handoffPostId, ...event } = row;
  return {
    event,
    account,
    settings: { autoHideBlocking, commentRetentionDays, firstResponseSlaMinutes },
    config: scanConfigFrom(orgId, orgName, members, terms),
    postId: handoffPostId,
  };
}

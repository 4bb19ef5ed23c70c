import type { Tx } from "@vetted/db";
import { forOrg, ORG_ID, rawSql } from "@vetted/db";
import { AppError } from "../errors";

/** A post of the caller's org, locked for the rest of the transaction; other orgs' ids are not found. */
export async function lockPost(tx: Tx, orgId: string, postId: string) {
  // Row lock so two concurrent decisions or edits on one post serialize.
  await rawSql(tx, forOrg(orgId)).execute`SELECT 1 FROM "Post" WHERE id = ${postId}::uuid AND "orgId" = ${ORG_ID}::uuid FOR UPDATE`;
  const post = await tx.post.findFirst({ where: { id: postId, orgId } });
  if (!post) throw AppError.notFound("Post not found");
  return post;
}

export function assertCurrentRevision(post: { currentRevision: number }, revision: number): void {
  if (post.currentRevision !== revision) {
    throw new AppError(
      "CONFLICT",
      `This post has changed since you opened it (you saw revision ${revision}, the latest is ${post.currentRevision}). Reload to see the latest version.`,
      { revision: ["Stale revision"] },
    );
  }
}

export async function currentRevisionOf(tx: Tx, post: { id: string; orgId: string; currentRevision: number }) {
  return tx.postRevision.findFirstOrThrow({ where: { orgId: post.orgId, postId: post.id, number: post.currentRevision } });
}

import { forOrg, ORG_ID, Prisma, rawSql, type RawClient, type SocialComment } from "@vetted/db";
import { jsonInsert } from "../json-insert";

// The comment worker's two writes of a SocialComment row, as raw statements. Through Prisma each
// different set of fields is a new query shape, compiled on first use with the event loop blocked
// (tens of ms each; an event writes one of a dozen shapes), and each call costs about a millisecond
// of CPU in the query compiler: after a worker start, during a platform's comment storm, the first
// events queued behind those compiles (bench:comments, issue 17). These statements have no shape to
// compile and return the row as Prisma does (RETURNING *).

/** The columns the worker writes, with their PostgreSQL types. */
const COLUMNS = {
  id: "uuid", accountId: "uuid", platform: '"Channel"', externalId: "text", postExternalId: "text", postId: "uuid", parentExternalId: "text",
  authorNameCipher: "text", textCipher: "text", textSha256: "text", lastEventAt: "timestamptz(3)", visibilityEventAt: "timestamptz(3)",
  verdict: "text", needsReview: "boolean", findings: "jsonb", scannedAt: "timestamptz(3)", status: '"SocialCommentStatus"',
  hiddenAt: "timestamptz(3)", deletedAt: "timestamptz(3)", responseDueAt: "timestamptz(3)",
} as const;

export type CommentFields = Partial<{ [K in keyof typeof COLUMNS]: unknown }>;

/** The fields given (undefined: left out, so the column keeps its default or its value). */
function given(fields: CommentFields): (keyof typeof COLUMNS)[] {
  return (Object.keys(fields) as (keyof typeof COLUMNS)[]).filter((k) => {
    if (!(k in COLUMNS)) throw new Error(`writeSocialComment: unknown column ${k}`);
    return fields[k] !== undefined;
  });
}

/** Creates the org's comment row (updatedAt set as Prisma sets it). */
export async function insertSocialComment(tx: RawClient, orgId: string, fields: CommentFields & { id: string }): Promise<SocialComment> {
  const columns = Object.fromEntries(given(fields).map((k) => [k, COLUMNS[k]]));
  const insert = jsonInsert("SocialComment", { ...columns, updatedAt: "timestamptz(3)", orgId: "uuid" }, [{ ...fields, updatedAt: new Date() }], { orgId: ORG_ID });
  const [created] = await rawSql(tx, forOrg(orgId)).query<SocialComment[]>(Prisma.sql`${insert} RETURNING *`);
  return created!;
}

/**
 * Updates the org's comment row and returns it. As Prisma's update: updatedAt moves only when a
 * field is written; with none, the row is read back unchanged.
 */
export async function updateSocialComment(tx: RawClient, orgId: string, id: string, fields: CommentFields): Promise<SocialComment> {
  const keys = given(fields);
  const sql = keys.length === 0
    ? Prisma.sql`SELECT * FROM "SocialComment" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid`
    : Prisma.sql`UPDATE "SocialComment" SET ${Prisma.join(keys.map((k) => Prisma.sql`${Prisma.raw(`"${k}"`)} = ${k === "findings" ? JSON.stringify(fields[k]) : fields[k]}::${Prisma.raw(COLUMNS[k])}`), ", ")}, "updatedAt" = ${new Date()}
        WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid RETURNING *`;
  const [row] = await rawSql(tx, forOrg(orgId)).query<SocialComment[]>(sql);
  if (!row) throw new Error("updateSocialComment: the comment row is gone");
  return row;
}

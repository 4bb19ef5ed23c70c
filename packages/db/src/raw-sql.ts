import { Prisma } from "./generated/prisma/client";

/*
 * Raw SQL's one door (issue 15). The tenant guard sees Prisma's model queries only; a raw statement
 * is just text. So every raw statement states its scope, and ESLint forbids $queryRaw / $executeRaw
 * (and their Unsafe forms) anywhere but here:
 *
 *   rawSql(tx, forOrg(orgId)).query<Row[]>`SELECT … FROM "Incident" WHERE id = ${id}::uuid AND "orgId" = ${ORG_ID}::uuid`
 *   rawSql(db(), acrossOrgs("outbox sweep: claims due rows of every org")).execute`UPDATE …`
 *
 * With an org, the statement must use ORG_ID (bound as a parameter to that org's id) at least once,
 * or it is refused before it reaches the database: a statement that forgot its org filter fails on
 * its first run instead of reading every org's rows. forOrgs(orgIds) is the same for a page that
 * shows several orgs the caller was found to belong to, one row each (the agency overview): the
 * statement must use ORG_IDS (bound to that list, a uuid[]) and never ORG_ID, so each subquery
 * filters on one of the listed orgs. acrossOrgs(reason) is the explicit, greppable
 * marker for the sweeps whose purpose is to span orgs (worker pollers, outboxes, audit maintenance)
 * and for tables no org owns; ORG_ID is refused there, as there is no org to bind.
 */

const SCOPE = Symbol("raw-sql scope");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Made only by forOrg, forOrgs or acrossOrgs. */
export interface RawScope {
  readonly [SCOPE]: true;
  readonly orgId: string | null;
  /** forOrgs' list; null in the other scopes. */
  readonly orgIds: readonly string[] | null;
  readonly reason: string | null;
}

export class RawSqlScopeError extends Error {
  override name = "RawSqlScopeError";
}

/** Raw SQL for one org: the statement must filter on ${ORG_ID}. */
export function forOrg(orgId: string): RawScope {
  // A missing or malformed id must not become "no filter": refuse it here, naming no value.
  if (typeof orgId !== "string" || !UUID.test(orgId)) throw new RawSqlScopeError("forOrg needs an org id (a uuid)");
  return Object.freeze({ [SCOPE]: true as const, orgId, orgIds: null, reason: null });
}

/** Raw SQL for each of several orgs (the caller's own, resolved first): the statement must filter on ${ORG_IDS}. */
export function forOrgs(orgIds: readonly string[]): RawScope {
  if (!Array.isArray(orgIds) || orgIds.length === 0) throw new RawSqlScopeError("forOrgs needs at least one org id");
  if (!orgIds.every((id) => typeof id === "string" && UUID.test(id))) throw new RawSqlScopeError("forOrgs needs org ids (uuids)");
  return Object.freeze({ [SCOPE]: true as const, orgId: null, orgIds: Object.freeze([...new Set(orgIds)]), reason: null });
}

/** Raw SQL that spans orgs on purpose, or touches no org's rows. Say why: the reason is the marker. */
export function acrossOrgs(reason: string): RawScope {
  if (typeof reason !== "string" || reason.trim().length < 8) throw new RawSqlScopeError("acrossOrgs needs a reason saying why the statement spans orgs");
  return Object.freeze({ [SCOPE]: true as const, orgId: null, orgIds: null, reason });
}

class OrgIdParameter {
  toString() {
    return "ORG_ID";
  }
}
/** The scope's org id, bound as a parameter: `"orgId" = ${ORG_ID}::uuid`. */
export const ORG_ID: unknown = Object.freeze(new OrgIdParameter());

class OrgIdsParameter {
  toString() {
    return "ORG_IDS";
  }
}
/** forOrgs' org ids, bound as one array parameter: `FROM unnest(${ORG_IDS}::uuid[]) AS o(id)`, `"orgId" = ANY(${ORG_IDS}::uuid[])`. */
export const ORG_IDS: unknown = Object.freeze(new OrgIdsParameter());

const preview = (sql: Prisma.Sql) => sql.text.replace(/\s+/g, " ").trim().slice(0, 80);

/** The statement with ORG_ID (ORG_IDS) bound to the scope's org (orgs); refuses a statement that does not fit its scope. */
export function bindScope(sql: Prisma.Sql, scope: RawScope): Prisma.Sql {
  if (!scope || scope[SCOPE] !== true) throw new RawSqlScopeError("rawSql needs a scope: forOrg(orgId), forOrgs(orgIds) or acrossOrgs(reason)");
  const uses = sql.values.filter((v) => v === ORG_ID).length;
  const listUses = sql.values.filter((v) => v === ORG_IDS).length;
  if (scope.orgIds !== null) {
    if (uses > 0) throw new RawSqlScopeError(`ORG_ID in a statement for several orgs (${preview(sql)}…): filter on \${ORG_IDS}`);
    if (listUses === 0) throw new RawSqlScopeError(`Raw SQL for several orgs must filter on \${ORG_IDS} (${preview(sql)}…)`);
    return new Prisma.Sql(sql.strings, sql.values.map((v) => (v === ORG_IDS ? [...scope.orgIds!] : v)));
  }
  if (listUses > 0) throw new RawSqlScopeError(`ORG_IDS in a statement that is not for several orgs (${preview(sql)}…): use forOrgs(orgIds)`);
  if (scope.orgId === null) {
    if (uses > 0) throw new RawSqlScopeError(`ORG_ID in a statement across orgs (${preview(sql)}…): use forOrg(orgId)`);
    return sql;
  }
  if (uses === 0) throw new RawSqlScopeError(`Raw SQL for an org must filter on \${ORG_ID} (${preview(sql)}…)`);
  return new Prisma.Sql(sql.strings, sql.values.map((v) => (v === ORG_ID ? scope.orgId : v)));
}

/** What rawSql needs of a client: the root client, a transaction, or a scopedDb view of either. */
export interface RawClient {
  $queryRaw<T = unknown>(query: Prisma.Sql): PromiseLike<T>;
  $executeRaw(query: Prisma.Sql): PromiseLike<number>;
}

type Statement = TemplateStringsArray | Prisma.Sql;
const toSql = (statement: Statement, values: unknown[]) => {
  if (statement instanceof Prisma.Sql) {
    if (values.length > 0) throw new RawSqlScopeError("rawSql: pass a Prisma.Sql alone, or use the tagged template");
    return statement;
  }
  return Prisma.sql(statement, ...values);
};

/** Raw SQL in a scope: `.query<Rows>` returns rows, `.execute` the number of rows written. */
export function rawSql(client: RawClient, scope: RawScope) {
  return {
    query<T = unknown>(statement: Statement, ...values: unknown[]): Promise<T> {
      const sql = bindScope(toSql(statement, values), scope);
      return Promise.resolve(client.$queryRaw<T>(sql));
    },
    execute(statement: Statement, ...values: unknown[]): Promise<number> {
      const sql = bindScope(toSql(statement, values), scope);
      return Promise.resolve(client.$executeRaw(sql));
    },
  };
}

/**
 * A transaction-level advisory lock on a string key (released at commit or rollback). It reads no
 * table, so it needs no scope; keys name what they serialize ("audit:<chainKey>", "comment:<id>").
 */
export async function advisoryXactLock(client: RawClient, key: string): Promise<void> {
  await client.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

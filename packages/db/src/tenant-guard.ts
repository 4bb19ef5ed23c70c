import { Prisma } from "./generated/prisma/client";
import { assertNestedScoped } from "./nested-scope";
import { runtimeDataModelOf, tenantRelations, type TenantRelations } from "./tenant-relations";
import { ANY_ORG, TENANT_MODELS, TenantScopeError, hasOrgKey } from "./tenant-scope";

export { ANY_ORG, TENANT_MODELS, TenantScopeError };

const READ_OR_WRITE_BY_WHERE = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count",
  "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn", "delete", "deleteMany", "upsert",
]);
const CREATES = new Set(["create", "createMany", "createManyAndReturn"]);

/** The query's own model: its where, or the rows it creates, must name the org. */
function assertTopLevelScoped(model: string, operation: string, args: unknown): void {
  if (!TENANT_MODELS.has(model)) return;
  const a = (args ?? {}) as { where?: unknown; data?: unknown; create?: unknown };
  if (READ_OR_WRITE_BY_WHERE.has(operation)) {
    if (!hasOrgKey(a.where)) throw new TenantScopeError(model, operation);
    if (operation === "upsert" && !hasOrgKey(a.create)) throw new TenantScopeError(model, operation);
    return;
  }
  if (CREATES.has(operation)) {
    const rows = Array.isArray(a.data) ? a.data : [a.data];
    if (rows.length === 0 || !rows.every(hasOrgKey)) throw new TenantScopeError(model, operation);
    return;
  }
  throw new TenantScopeError(model, operation);
}

/**
 * Throws TenantScopeError unless the query names the org of every tenant row it reads or writes:
 * its own where/data (a relation filter never counts as the query's scoping), and what it reaches
 * through relations (nested-scope.ts has the rule).
 */
export function assertScoped(model: string, operation: string, args: unknown, relations: TenantRelations): void {
  assertTopLevelScoped(model, operation, args);
  assertNestedScoped(relations, model, operation, args);
}

export const tenantGuard = Prisma.defineExtension((client) => {
  // Once per client, not per query: which relation fields lead to tenant models.
  const relations = tenantRelations(runtimeDataModelOf(client));
  return client.$extends({
    name: "tenant-guard",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          assertScoped(model, operation, args, relations);
          return query(args);
        },
      },
    },
  });
});

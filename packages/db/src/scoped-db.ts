import type { Db, Tx } from "./client";
import { db } from "./client";
import { TENANT_MODELS } from "./tenant-scope";

type Client = Db | Tx;

const DELEGATE_METHODS_WITH_WHERE = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count",
  "aggregate", "groupBy", "update", "updateMany", "updateManyAndReturn", "delete", "deleteMany",
]);

function withOrg(orgId: string, method: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  if (DELEGATE_METHODS_WITH_WHERE.has(method)) {
    return { ...args, where: { ...(args.where as object | undefined), orgId } };
  }
  if (method === "create") return { ...args, data: { ...(args.data as object), orgId } };
  if (method === "createMany" || method === "createManyAndReturn") {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    return { ...args, data: rows.map((r) => ({ ...(r as object), orgId })) };
  }
  if (method === "upsert") {
    return {
      ...args,
      where: { ...(args.where as object), orgId },
      create: { ...(args.create as object), orgId },
    };
  }
  return args;
}

const lower = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);
const TENANT_DELEGATES = new Set([...TENANT_MODELS].map(lower));

/**
 * A view of the client bound to one org: every query on a tenant-owned model gets `orgId` added
 * to its filter and to the rows it creates, overriding any orgId the caller passed. Non-tenant
 * models pass through unchanged. Works on the root client and inside transactions.
 */
export function scopedDb<C extends Client>(orgId: string, client?: C): C {
  const base = (client ?? db()) as C;
  return new Proxy(base, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && TENANT_DELEGATES.has(prop) && value && typeof value === "object") {
        return new Proxy(value as object, {
          get(delegate, method, r) {
            const fn = Reflect.get(delegate, method, r);
            if (typeof method !== "string" || typeof fn !== "function") return fn;
            return (args?: Record<string, unknown>) => fn.call(delegate, withOrg(orgId, method, args));
          },
        });
      }
      if (prop === "$transaction" && typeof value === "function") {
        return (fnOrOps: unknown, opts?: unknown) =>
          typeof fnOrOps === "function"
            ? (value as Db["$transaction"]).call(target, (tx: Tx) => (fnOrOps as (t: Tx) => Promise<unknown>)(scopedDb(orgId, tx)), opts as never)
            : (value as (ops: unknown, o?: unknown) => unknown).call(target, fnOrOps, opts);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

import type { Relation, TenantRelations } from "./tenant-relations";
import { TenantScopeError, hasOrgKey, literalOrg } from "./tenant-scope";

/*
 * The tenant guard's second half: what a query reaches through relations (issue 15).
 *
 * Reads: an include/select/_count of a relation, or a relation filter (some/every/none/is/isNot),
 * needs no orgId of its own when the relation is `org` or `sameOrg` (tenant-relations.ts): the
 * parent is scoped and the database keeps the pair in one org. Through a `cross` relation (User →
 * Membership) the rows may be any org's, so the nested where must name the org (or ANY_ORG); a
 * to-one include through such a relation cannot carry a where and is refused.
 *
 * Writes: every nested write that touches a tenant row names that row's org: rows created (create,
 * createMany, connectOrCreate.create, upsert.create) carry orgId, equal to the parent's when both are
 * plain ids; rows selected to update, delete or disconnect carry orgId in their where (a bare to-one
 * `update: {...}`, `delete: true` or where-less upsert is refused: use the `{ where: { orgId }, … }`
 * form). The one relaxation is a relation from Organization, whose foreign key is the child's orgId.
 * Rows picked by a unique key to link (connect, set, connectOrCreate.where) always carry orgId, from
 * Organization too: connecting is how another org's row would be pulled in.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const each = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const RELATION_FILTERS = ["some", "every", "none", "is", "isNot"];
const LOGICAL = new Set(["AND", "OR", "NOT"]);

/** Prisma's to-one nested update is either the data itself or `{ where?, data }`. */
const isUpdateEnvelope = (v: Obj) => isObj(v.data) && Object.keys(v).every((k) => k === "where" || k === "data");

/** The org a row or where names: orgId, or for Organization its own id. */
function orgOf(model: string, value: unknown): string | undefined {
  if (model !== "Organization") return literalOrg(value);
  const id = isObj(value) ? value.id : undefined;
  return typeof id === "string" ? id : undefined;
}

class Walk {
  constructor(private readonly relations: TenantRelations, private readonly operation: string) {}

  private fail(model: string, what: string, at: string): never {
    throw new TenantScopeError(model, `${this.operation} (${what})`, at);
  }

  where(model: string, where: unknown, at: string): void {
    if (!isObj(where)) return;
    const relations = this.relations.get(model);
    for (const [key, value] of Object.entries(where)) {
      if (LOGICAL.has(key)) {
        for (const w of each(value)) this.where(model, w, `${at}.${key}`);
        continue;
      }
      const rel = relations?.get(key);
      if (!rel || !isObj(value)) continue;
      const ops = RELATION_FILTERS.filter((op) => op in value);
      // A to-one filter may also be written bare: `post: { title: … }`.
      const filters: [string, unknown][] = ops.length ? ops.map((op) => [`${at}.${key}.${op}`, value[op]]) : [[`${at}.${key}`, value]];
      for (const [path, inner] of filters) {
        if (inner === null) continue; // "has no related row"
        if (rel.kind === "cross" && !hasOrgKey(inner)) this.fail(rel.target, "relation filter", path);
        this.where(rel.target, inner, path);
      }
    }
  }

  selection(model: string, selection: unknown, at: string): void {
    if (!isObj(selection)) return;
    const relations = this.relations.get(model);
    for (const [key, value] of Object.entries(selection)) {
      if (key === "_count") {
        this.countSelection(model, value, `${at}._count`);
        continue;
      }
      const rel = relations?.get(key);
      if (!rel || !value) continue;
      const args = isObj(value) ? value : {};
      if (rel.kind === "cross" && !hasOrgKey(args.where)) this.fail(rel.target, "include", `${at}.${key}`);
      this.where(rel.target, args.where, `${at}.${key}.where`);
      this.selection(rel.target, args.include, `${at}.${key}.include`);
      this.selection(rel.target, args.select, `${at}.${key}.select`);
    }
  }

  private countSelection(model: string, value: unknown, at: string): void {
    const relations = this.relations.get(model);
    if (value === true) {
      // `_count: true` counts every relation of the model.
      for (const [key, rel] of relations ?? []) if (rel.kind === "cross") this.fail(rel.target, "_count", `${at}.${key}`);
      return;
    }
    const select = isObj(value) ? value.select : undefined;
    if (!isObj(select)) return;
    for (const [key, v] of Object.entries(select)) {
      const rel = relations?.get(key);
      if (!rel || !v) continue;
      const where = isObj(v) ? v.where : undefined;
      if (rel.kind === "cross" && !hasOrgKey(where)) this.fail(rel.target, "_count", `${at}.select.${key}`);
      this.where(rel.target, where, `${at}.select.${key}.where`);
    }
  }

  /** The data of a create or update on `model`: its relation fields may hold nested writes. */
  data(model: string, data: unknown, at: string, parentOrg: string | undefined): void {
    if (!isObj(data)) return;
    const relations = this.relations.get(model);
    if (!relations) return;
    for (const [key, value] of Object.entries(data)) {
      const rel = relations.get(key);
      if (rel && isObj(value)) this.nested(rel, value, `${at}.${key}`, parentOrg);
    }
  }

  private nested(rel: Relation, ops: Obj, at: string, parentOrg: string | undefined): void {
    for (const [op, arg] of Object.entries(ops)) {
      const path = `${at}.${op}`;
      switch (op) {
        case "create":
          for (const row of each(arg)) this.created(rel, row, path, parentOrg);
          break;
        case "createMany":
          for (const row of each(isObj(arg) ? arg.data : undefined)) this.created(rel, row, `${path}.data`, parentOrg);
          break;
        case "connect":
        case "set":
          for (const w of each(arg)) this.picked(rel, w, path, parentOrg);
          break;
        case "connectOrCreate":
          for (const item of each(arg)) {
            const { where, create } = isObj(item) ? item : {};
            this.picked(rel, where, `${path}.where`, parentOrg);
            this.created(rel, create, `${path}.create`, parentOrg);
          }
          break;
        case "upsert":
          for (const item of each(arg)) {
            const { where, create, update } = isObj(item) ? item : {};
            const org = this.selected(rel, where, `${path}.where`, parentOrg);
            this.created(rel, create, `${path}.create`, parentOrg);
            this.data(rel.target, update, `${path}.update`, org);
          }
          break;
        case "update":
          for (const item of each(arg)) {
            if (!isObj(item)) continue;
            const envelope = isUpdateEnvelope(item);
            const org = this.selected(rel, envelope ? item.where : undefined, envelope ? `${path}.where` : path, parentOrg);
            this.data(rel.target, envelope ? item.data : item, `${path}.data`, org);
          }
          break;
        case "updateMany":
          for (const item of each(arg)) {
            const { where, data } = isObj(item) ? item : {};
            this.data(rel.target, data, `${path}.data`, this.selected(rel, where, `${path}.where`, parentOrg));
          }
          break;
        case "delete":
        case "deleteMany":
          for (const w of each(arg)) if (w !== false) this.selected(rel, w === true ? undefined : w, path, parentOrg);
          break;
        case "disconnect":
          // `disconnect: true` clears the one link of the scoped parent; a where picks linked rows to write.
          for (const w of each(arg)) if (isObj(w)) this.selected(rel, w, path, parentOrg);
          break;
      }
    }
  }

  /** A row created through the relation. Returns nothing: its own nested writes are walked here. */
  private created(rel: Relation, row: unknown, at: string, parentOrg: string | undefined): void {
    if (row === undefined) return;
    let org = orgOf(rel.target, row);
    if (rel.kind === "org") org = parentOrg;
    else if (rel.kind !== "plain") {
      if (!hasOrgKey(row)) this.fail(rel.target, "nested create", at);
      if (parentOrg && org && org !== parentOrg) this.fail(rel.target, "nested create in another org", at);
    }
    this.data(rel.target, row, at, org);
  }

  /** Rows linked to the parent, chosen to update, delete or disconnect. Returns their org when plain. */
  private selected(rel: Relation, where: unknown, at: string, parentOrg: string | undefined): string | undefined {
    if (rel.kind === "org") {
      this.where(rel.target, where, at);
      return parentOrg;
    }
    if (rel.kind !== "plain" && !hasOrgKey(where)) this.fail(rel.target, "nested write", at);
    this.where(rel.target, where, at);
    return orgOf(rel.target, where);
  }

  /** A row picked by its unique key to be linked: any org's row could be named, so it names the org. */
  private picked(rel: Relation, where: unknown, at: string, parentOrg: string | undefined): void {
    if (rel.kind !== "plain") {
      if (!hasOrgKey(where)) this.fail(rel.target, "nested connect", at);
      const org = literalOrg(where);
      if (parentOrg && org && org !== parentOrg) this.fail(rel.target, "nested connect in another org", at);
    }
    this.where(rel.target, where, at);
  }
}

const UPDATES = new Set(["update", "updateMany", "updateManyAndReturn"]);

/** Throws TenantScopeError when a relation in `args` reaches tenant rows without naming their org. */
export function assertNestedScoped(relations: TenantRelations, model: string, operation: string, args: unknown): void {
  if (!relations.has(model) || !isObj(args)) return; // a model without relations has nothing nested
  const walk = new Walk(relations, operation);
  walk.where(model, args.where, "where");
  walk.selection(model, args.include, "include");
  walk.selection(model, args.select, "select");
  const whereOrg = orgOf(model, args.where);
  if (operation === "create") walk.data(model, args.data, "data", orgOf(model, args.data));
  else if (UPDATES.has(operation)) walk.data(model, args.data, "data", whereOrg);
  else if (operation === "upsert") {
    walk.data(model, args.create, "create", orgOf(model, args.create) ?? whereOrg);
    walk.data(model, args.update, "update", whereOrg);
  }
  // createMany / createManyAndReturn rows cannot hold nested writes (Prisma refuses them).
}

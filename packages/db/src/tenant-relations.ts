import { TENANT_MODELS } from "./tenant-scope";

/** The part of Prisma's runtime data model the guard reads: each model's relation fields. */
export interface RuntimeDataModel {
  models: Record<string, { fields: readonly { name: string; kind: string; type: string; relationName?: string }[] }>;
}

/**
 * How rows reached through a relation stand to the org of the row they are reached from:
 * - `org`: from Organization to a tenant model; the child's orgId *is* the foreign key, so every row
 *   reached is that organization's.
 * - `sameOrg`: between two tenant models, and the database refuses a pair in different orgs
 *   (trigger `vetted_assert_same_org`, migration 20261206193000_tenant_same_org_relations).
 * - `cross`: any other relation into a tenant model (from User, or an unproven tenant pair): the rows
 *   reached may belong to any org.
 * - `plain`: into a model that is not tenant-owned.
 */
export type RelationKind = "org" | "sameOrg" | "cross" | "plain";
export interface Relation { target: string; kind: RelationKind }
/** model → relation field → relation; only models with relation fields have an entry. */
export type TenantRelations = ReadonlyMap<string, ReadonlyMap<string, Relation>>;

/**
 * Relations between tenant models that the database holds to one org (by relationName). Add one here
 * only together with its `vetted_assert_same_org` trigger; an undeclared tenant pair is `cross`,
 * which is safe but makes every read through it name the org.
 */
export const SAME_ORG_RELATIONS = new Set(["PostToPostRevision", "ConsentToMediaPerson"]);

function kindOf(source: string, target: string, relationName: string | undefined, tenantModels: ReadonlySet<string>, sameOrg: ReadonlySet<string>): RelationKind {
  if (!tenantModels.has(target)) return "plain";
  if (source === "Organization") return "org";
  if (tenantModels.has(source) && relationName && sameOrg.has(relationName)) return "sameOrg";
  return "cross";
}

/** Built once per client (not per query): which relation fields lead where. */
export function tenantRelations(
  dataModel: RuntimeDataModel,
  tenantModels: ReadonlySet<string> = TENANT_MODELS,
  sameOrg: ReadonlySet<string> = SAME_ORG_RELATIONS,
): TenantRelations {
  const map = new Map<string, Map<string, Relation>>();
  for (const [model, { fields }] of Object.entries(dataModel.models)) {
    const relations = new Map<string, Relation>();
    for (const f of fields) {
      if (f.kind === "object") relations.set(f.name, { target: f.type, kind: kindOf(model, f.type, f.relationName, tenantModels, sameOrg) });
    }
    if (relations.size > 0) map.set(model, relations);
  }
  return map;
}

/**
 * Prisma 7's `prisma-client` generator no longer exports `Prisma.dmmf`; the data model the runtime
 * itself works from sits on every client instance (`_runtimeDataModel`, declared in
 * @prisma/client/runtime). Reading it from the client the guard extends keeps the map in step with
 * the generated client. If a Prisma upgrade moves it, fail at start-up rather than guard less.
 */
export function runtimeDataModelOf(client: unknown): RuntimeDataModel {
  const dataModel = (client as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
  if (!dataModel || typeof dataModel.models !== "object") {
    throw new Error("tenant guard: the Prisma client exposes no runtime data model (_runtimeDataModel); re-check after a Prisma upgrade");
  }
  return dataModel;
}

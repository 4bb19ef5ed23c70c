import { createHash } from "node:crypto";
import { zipSync } from "fflate";
import { assertCan } from "../access/permissions";
import { recordAuditEvent } from "../audit/record-audit-event";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import type { TenantContext } from "../context";
import { parseInput } from "../validate";
import { evidencePeriodSchema, periodBounds, versionsInForce } from "./evidence-period";
import { acknowledgementRegisterCsv, moderationStats, statsCsv } from "./evidence-pack-records";
import { buildPolicyPdf } from "./policy-pdf";
import { detail } from "./policy-views";
import { trainingCsv } from "./training-report-files";
import { loadTrainingHistory, trainingRows } from "./training-reports";

// The evidence pack a compliance officer hands an auditor: for one period, the manual versions in
// force (PDF each), the acknowledgement register, the training and coaching records, the audit chain's
// verification and the period's moderation counts, with a manifest of every file's SHA-256. The pack's
// own SHA-256 goes into the audit trail, so a copy shown later can be matched to this generation.

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const utf8 = (s: string) => new TextEncoder().encode(s);
const json = (v: unknown) => utf8(`${JSON.stringify(v, null, 2)}\n`);

export const MANIFEST_NAME = "manifest.json";

export async function buildEvidencePack(ctx: TenantContext, input: unknown, now = new Date()) {
  assertCan(ctx, "manual.approve");
  const period = parseInput(evidencePeriodSchema, input);
  const bounds = periodBounds(period);
  const orgId = ctx.org.id;

  const approved = await ctx.db.policyManualVersion.findMany({ where: { orgId, status: "APPROVED" } });
  const inForce = versionsInForce(approved, bounds.from, bounds.to);
  const details = await ctx.db.$transaction(async (tx) => Promise.all(inForce.map((v) => detail(tx, v))));
  const files: [string, Uint8Array][] = [];
  for (const v of details) {
    files.push([`manual/policy-manual-v${v.number}.pdf`, await buildPolicyPdf({ orgName: ctx.org.name, timeZone: ctx.org.timeZone, ...v })]);
  }
  const register = await acknowledgementRegisterCsv(ctx, inForce);
  files.push(["acknowledgement-register.csv", utf8(register.csv)]);
  const training = trainingRows(await loadTrainingHistory(ctx), bounds);
  files.push(["training-and-coaching.csv", utf8(trainingCsv(training))]);
  const chain = await verifyAuditChain(orgId);
  files.push(["audit-chain-verification.json", json({ orgId, checkedAt: now.toISOString(), ...chain })]);
  const stats = await moderationStats(ctx, bounds);
  files.push(["moderation-statistics.json", json({ period, ...stats })], ["moderation-statistics.csv", utf8(statsCsv(stats))]);

  const manifest = {
    kind: "vetted-evidence-pack",
    org: { id: orgId, name: ctx.org.name, slug: ctx.org.slug },
    period: { from: period.from, to: period.to, fromInstant: bounds.from.toISOString(), toInstantExclusive: bounds.to.toISOString() },
    generatedAt: now.toISOString(),
    generatedBy: { userId: ctx.user.id, name: ctx.user.name },
    versions: details.map((v) => ({ number: v.number, effectiveAt: v.effectiveAt?.toISOString() ?? null, approvedBy: v.approvedBy, contentSha256: v.contentSha256, file: `manual/policy-manual-v${v.number}.pdf` })),
    auditChain: {
      ...(chain.ok ? { ok: true, events: chain.events } : { ok: false, brokenAtSeq: chain.brokenAt.seq }),
      // Issue 15: the latest signed checkpoint the chain was held against, and a retention purge's origin.
      checkpoint: chain.checkpoint,
      ...(chain.purgedThroughSeq ? { purgedThroughSeq: chain.purgedThroughSeq } : {}),
    },
    files: files.map(([name, bytes]) => ({ name, sha256: sha256(bytes), bytes: bytes.length })),
  };
  const entries = Object.fromEntries([...files, [MANIFEST_NAME, json(manifest)] as const].map(([name, bytes]) => [name, [bytes, { mtime: now }] as [Uint8Array, { mtime: Date }]]));
  const zip = zipSync(entries, { level: 6 });
  const packSha256 = sha256(zip);
  await ctx.db.$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId, actorId: ctx.user.id, action: "evidence_pack.generated", targetType: "EvidencePack", targetId: null, request: ctx.request,
      metadata: {
        from: period.from, to: period.to, sha256: packSha256, bytes: zip.length, files: manifest.files.length + 1, versions: details.map((v) => String(v.number)),
        registerRows: register.rows, trainingRows: training.length, auditChainOk: chain.ok,
      },
    }),
  );
  return { bytes: zip, sha256: packSha256, filename: `evidence-pack-${ctx.org.slug}-${period.from}-to-${period.to}.zip` };
}

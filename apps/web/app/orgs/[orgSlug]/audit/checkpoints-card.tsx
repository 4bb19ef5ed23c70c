import { can, listOrgAuditCheckpoints, type TenantContext } from "@vetted/domain";
import { Card } from "@/components/ui";
import { checkpointAction } from "./actions";
import { CheckpointButton } from "./checkpoint-button";

/** The latest signed checkpoints of the chain head, each downloadable, and the public key that verifies them. */
export async function CheckpointsCard({ ctx }: { ctx: TenantContext }) {
  const { checkpoints, publicKeyId, publicKeyPem, insecureDevKey } = await listOrgAuditCheckpoints(ctx, 5);
  const base = `/api/orgs/${ctx.org.slug}/audit/checkpoints`;
  return (
    <Card title="Signed checkpoints">
      <p className="text-sm text-slate-600">
        Every hour (when new events were recorded) the chain&apos;s latest event is signed with Ed25519, so a deleted tail is detected by the verification.
        {insecureDevKey ? " Development signing key in use: these signatures prove nothing." : ""}
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {checkpoints.map((c) => (
          <li key={c.seq} data-testid="audit-checkpoint">
            Event #{c.seq}, signed {c.signedAt.slice(0, 16).replace("T", " ")} UTC ({c.reason}{c.exported ? ", exported" : ""}){" "}
            {can(ctx, "audit.export") ? <a className="text-brand-700 underline" href={`${base}/${c.seq}`}>Download JSON</a> : null}
          </li>
        ))}
        {checkpoints.length === 0 ? <li className="text-slate-600">No checkpoint yet.</li> : null}
      </ul>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-brand-700">Public key {publicKeyId}</summary>
        <pre className="mt-1 whitespace-pre-wrap break-all font-mono">{publicKeyPem}</pre>
      </details>
      {can(ctx, "audit.verify") ? <div className="mt-3"><CheckpointButton action={checkpointAction.bind(null, ctx.org.slug)} /></div> : null}
    </Card>
  );
}

import Link from "next/link";
import type { ConsentHistory } from "@vetted/domain";
import { utc } from "@/components/post-badges";

const WHAT: Record<string, string> = {
  "consent.uploaded": "Uploaded",
  "consent.viewed": "Viewed the details",
  "consent.file_downloaded": "Opened the signed file",
  "consent.verified": "Verified against the file",
  "consent.revoked": "Recorded the revocation",
  "consent.expired": "Expired",
  "media.patient_linked": "Linked to an image of a post",
  "post.consent_withdrawn": "Post sent back for changes",
  "removal_task.created": "Removal task created",
  "removal_task.progressed": "Removal task progressed",
  "removal_task.completed": "Removal task completed",
  "removal_task.reminded": "Removal task reminder sent",
  "removal_task.escalated": "Removal task escalated",
};

// Shown as details; ids that are already links or rows elsewhere on the page are left out.
const HIDDEN = new Set(["consentId", "postId", "personId", "assigneeId", "uploadedById", "keyId", "sha256", "escalatedTo"]);

function details(metadata: Record<string, unknown>) {
  return Object.entries(metadata)
    .filter(([k, v]) => !HIDDEN.has(k) && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`)
    .join(" · ");
}

export function ConsentHistoryTable({ history, orgSlug }: { history: ConsentHistory; orgSlug: string }) {
  if (history.events.length === 0) return <p className="text-sm text-slate-600">No events.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr>
            {["Time", "Who", "What", "Details"].map((h) => <th key={h} scope="col" className="py-2 pr-3 font-medium">{h}</th>)}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {history.events.map((e) => {
            const postId = typeof e.metadata.postId === "string" ? e.metadata.postId : e.targetType === "Post" ? e.targetId : null;
            return (
              <tr key={e.id} data-testid="consent-history-row">
                <td className="whitespace-nowrap py-2 pr-3 text-xs">{utc(e.createdAt)}</td>
                <td className="py-2 pr-3">{e.actorName}</td>
                <td className="py-2 pr-3">
                  {WHAT[e.action] ?? e.action}
                  {postId ? <> · <Link href={`/orgs/${orgSlug}/posts/${postId}`} className="text-brand-700 underline">post</Link></> : null}
                </td>
                <td className="max-w-sm break-words py-2 pr-3 font-mono text-xs text-slate-600">{details(e.metadata)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {history.total > history.events.length ? <p className="mt-2 text-xs text-slate-500">Showing the newest {history.events.length} of {history.total} events; the audit log has them all.</p> : null}
    </div>
  );
}

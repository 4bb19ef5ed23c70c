import Link from "next/link";

export interface ApprovalView {
  id: string;
  approver: string;
  decision: string;
  revision: number | string;
  at: string;
  voidedAt: Date | null;
  voidReason: string | null;
  comment: string | null;
  overrideJustification: string | null;
  overrides: { id: string; findingType: string; reason: string; consentId: string | null; justification: string }[];
}

/** Every decision on the post, voided ones struck through, with each finding's override. */
export function ApprovalsList({ approvals, orgSlug }: { approvals: ApprovalView[]; orgSlug: string }) {
  if (approvals.length === 0) return <p className="text-sm text-slate-600">No decisions yet.</p>;
  return (
    <ul className="space-y-2 text-sm" data-testid="approvals">
      {approvals.map((a) => (
        <li key={a.id} className={a.voidedAt ? "text-slate-500" : ""}>
          <span className={a.voidedAt ? "line-through" : "font-medium"}>{a.approver}: {a.decision.toLowerCase().replace("_", " ")}</span>
          <span className="text-xs text-slate-500"> · rev {a.revision} · {a.at}</span>
          {a.voidedAt ? <span className="block text-xs">voided: {a.voidReason}</span> : null}
          {a.comment ? <span className="block text-slate-700">“{a.comment}”</span> : null}
          {a.overrideJustification ? <span className="block text-xs text-amber-900">Override: {a.overrideJustification}</span> : null}
          {a.overrides.map((o) => (
            <span key={o.id} className="block text-xs text-amber-900" data-testid="finding-override">
              {o.findingType} finding: {o.reason}
              {o.consentId ? <> (<Link className="underline" href={`/orgs/${orgSlug}/consents/${o.consentId}`}>consent</Link>)</> : null} — {o.justification}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

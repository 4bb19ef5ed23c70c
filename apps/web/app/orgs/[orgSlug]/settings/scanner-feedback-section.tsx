// The scanner's training data from this org: what compliance officers labelled on the post pages
// ("Not PHI", dismissals and "Not PHI in context" overrides by an officer, "Missed PHI"), and the
// download. The file holds post text, so the download is an audited read; the link carries no PHI.
export function ScannerFeedbackSection({ summary, href }: { summary: { notPhi: number; missedPhi: number; records: number; withdrawn: number }; href: string }) {
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>
        Compliance officers correct the PHI scanner on each post&apos;s page: a finding that is not PHI, or PHI it missed. The allow list
        (“never flag this term again”) is set from a finding&apos;s dismissal; these labels are different: they become training data.
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4" data-testid="scanner-feedback-summary">
        <div><dt className="text-slate-500">Not PHI</dt><dd className="font-medium">{summary.notPhi}</dd></div>
        <div><dt className="text-slate-500">Missed PHI</dt><dd className="font-medium">{summary.missedPhi}</dd></div>
        <div><dt className="text-slate-500">Labelled texts</dt><dd className="font-medium">{summary.records}</dd></div>
        <div><dt className="text-slate-500">Withdrawn</dt><dd className="font-medium">{summary.withdrawn}</dd></div>
      </dl>
      <p>
        The download is labelled JSONL in the evaluation corpus&apos;s schema: one record per labelled text with its spans (the scanner&apos;s
        findings not marked “not PHI”, plus the missed ones) and a verdict derived from the span types. It contains post text: it is
        recorded in the audit log, and belongs only where PHI may be kept.
      </p>
      {summary.records > 0 ? (
        <a href={href} download className="inline-flex items-center rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700">
          Download feedback (.jsonl)
        </a>
      ) : <p className="text-slate-500">Nothing labelled yet.</p>}
    </div>
  );
}

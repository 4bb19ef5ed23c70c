import type { ComplianceReport } from "@vetted/domain/reports";
import { summarySections, typeLabel } from "@vetted/domain/reports";
import { Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";

// The compliance report page's sections. The figures table reads the same rows as the PDF
// (summarySections), so the page and the file never disagree.

export function AuditStatement({ audit }: { audit: ComplianceReport["audit"] }) {
  return (
    <Card title="Audit trail verification">
      <p className={`text-sm ${audit.ok ? "text-slate-800" : "font-semibold text-red-700"}`} data-testid="report-audit-statement">{audit.statement}</p>
    </Card>
  );
}

export function FiguresTable({ report }: { report: ComplianceReport }) {
  return (
    <Card title="Figures, with the previous period">
      <div className="overflow-x-auto">
        <table className="min-w-full text-left text-sm" data-testid="report-figures">
          <thead className="text-xs uppercase text-slate-500">
            <tr><th className="py-2 pr-3">Measure</th><th className="pr-3 text-right">{report.period.label}</th><th className="pr-3 text-right">{report.previous.label}</th><th className="text-right">Change</th></tr>
          </thead>
          {summarySections(report).map((s) => (
            <tbody key={s.section} className="divide-y divide-slate-100">
              <tr><th colSpan={4} className="bg-slate-50 py-1.5 pl-1 text-xs font-semibold uppercase text-slate-600">{s.section}</th></tr>
              {s.rows.map(([label, now, before, change]) => (
                <tr key={label}>
                  <td className="py-1.5 pr-3">{label}</td><td className="pr-3 text-right tabular-nums">{now}</td>
                  <td className="pr-3 text-right tabular-nums text-slate-500">{before}</td><td className="text-right tabular-nums">{change}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </Card>
  );
}

export function FindingTypeBars({ report }: { report: ComplianceReport }) {
  const max = Math.max(1, ...report.findingTypes.flatMap((t) => [t.count, t.previous]));
  return (
    <Card title="Findings by type">
      {report.findingTypes.length === 0 ? <p className="text-sm text-slate-600">The period&apos;s scans found nothing.</p> : (
        <ul className="space-y-2" data-testid="report-finding-types">
          {report.findingTypes.map((t) => (
            <li key={t.type} className="grid grid-cols-[10rem_1fr_6rem] items-center gap-3 text-sm">
              <span className="truncate">{typeLabel(t.type)}</span>
              <span className="space-y-0.5" aria-hidden>
                <span className="block h-2.5 rounded-sm bg-brand-600" style={{ width: `${(t.count / max) * 100}%` }} />
                <span className="block h-1 rounded-sm bg-slate-300" style={{ width: `${(t.previous / max) * 100}%` }} />
              </span>
              <span className="tabular-nums">{t.count} <span className="text-slate-500">({t.previous})</span></span>
            </li>
          ))}
        </ul>
      )}
      <p className="mt-2 text-xs text-slate-500">This period&apos;s count, and in brackets (the thin bar) the previous period&apos;s.</p>
    </Card>
  );
}

export function OverridesTable({ report }: { report: ComplianceReport }) {
  const tz = report.org.timeZone;
  return (
    <Card title={`Overrides (${report.overrides.length})`}>
      {report.overrides.length === 0 ? <p className="text-sm text-slate-600">No blocking finding was approved over in this period.</p> : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="report-overrides">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2 pr-3">When</th><th className="pr-3">Officer</th><th className="pr-3">Finding type</th><th className="pr-3">Reason</th><th>Justification</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {report.overrides.map((o) => (
                <tr key={o.id}>
                  <td className="py-2 pr-3 whitespace-nowrap">{orgTime(o.at, tz)}</td><td className="pr-3">{o.officer}</td><td className="pr-3">{typeLabel(o.findingType)}</td>
                  <td className="pr-3">{o.reason}</td>
                  <td className="whitespace-pre-wrap">{o.justification}{o.voided ? <span className="ml-1 text-xs text-slate-500">(approval later voided)</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

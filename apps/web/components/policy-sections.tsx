import { ManualText } from "./manual-text";

type Section = { key: string; title: string; body: string; generated: boolean };

/**
 * A version's sections for reading (the acknowledgement pages): titles and plain-text bodies, never
 * HTML. A section that mirrors the organization's settings says so.
 */
export function PolicySections({ sections }: { sections: Section[] }) {
  return (
    <div className="space-y-5" data-testid="policy-sections">
      {sections.map((s, i) => (
        <section key={s.key} aria-labelledby={`section-${s.key}`} className="space-y-2">
          <h2 id={`section-${s.key}`} className="text-lg font-semibold">
            {i + 1}. {s.title}
          </h2>
          {s.generated ? <p className="text-xs text-slate-500">Filled in from your organization&apos;s current settings.</p> : null}
          <ManualText body={s.body} />
        </section>
      ))}
    </div>
  );
}

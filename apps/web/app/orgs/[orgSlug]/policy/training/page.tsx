import type { Metadata } from "next";
import Link from "next/link";
import { can, getQuizResults, getTrainingHistory } from "@vetted/domain";
import { hasRecentReauth } from "@vetted/auth";
import { NoAccess } from "@/components/no-access";
import { ReauthPrompt } from "@/components/reauth-prompt";
import { Button, Card, Field, Input } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";

export const metadata: Metadata = { title: "Training records" };

const minutes = (s: number) => `${Math.round(s / 60)} min`;

/** Each person's training history, the quiz results per version, their exports, and the evidence pack. */
export default async function TrainingPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/training`);
  if (!can(ctx, "manual.manage")) return <NoAccess />;
  const [history, quiz] = await Promise.all([getTrainingHistory(ctx), getQuizResults(ctx)]);
  const tz = ctx.org.timeZone;
  const api = `/api/orgs/${ctx.org.slug}/policy`;
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const link = "font-medium text-brand-700 hover:underline";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Training records</h1>
          <p className="text-sm text-slate-600">Acknowledgements, quiz attempts and coaching tasks of everyone on the roster.</p>
        </div>
        <div className="flex flex-wrap gap-4 text-sm">
          <Link href={`/orgs/${ctx.org.slug}/policy/coverage`} className={link}>Coverage</Link>
          <a href={`${api}/reports/history?format=csv`} className={link} download>History CSV</a>
          <a href={`${api}/reports/history?format=pdf`} className={link} download>History PDF</a>
          <a href={`${api}/reports/quiz?format=csv`} className={link} download>Quiz results CSV</a>
          <a href={`${api}/reports/quiz?format=pdf`} className={link} download>Quiz results PDF</a>
        </div>
      </div>
      {/* The reports and the evidence pack are sensitive exports (issue 15): with a stale session, confirm first, then download. */}
      {(await hasRecentReauth()) ? null : <ReauthPrompt />}
      {can(ctx, "manual.approve") ? (
        <Card title="Evidence pack">
          <form method="GET" action={`${api}/evidence-pack`} className="flex flex-wrap items-end gap-4" aria-label="Evidence pack">
            <Field label="From" name="from"><Input id="from" name="from" type="date" defaultValue={yearAgo} required /></Field>
            <Field label="To (included)" name="to"><Input id="to" name="to" type="date" defaultValue={today} required /></Field>
            <Button type="submit">Download evidence pack (ZIP)</Button>
          </form>
          <p className="mt-2 text-xs text-slate-500">The manual versions in force (PDF), the acknowledgement register, training and coaching records, the audit chain&apos;s verification and the period&apos;s moderation counts, with a manifest of SHA-256 hashes. The pack&apos;s hash is recorded in the audit trail.</p>
        </Card>
      ) : null}
      <Card title="Quiz results by version">
        {quiz.length === 0 ? <p className="text-sm text-slate-600">No version has been approved yet.</p> : (
          <div className="space-y-4" data-testid="quiz-results">
            {quiz.map((v) => (
              <div key={v.versionId}>
                <h3 className="font-semibold">Version {v.number}</h3>
                <p className="text-sm text-slate-600">{v.attempts} attempts by {v.people} people; pass rate {v.passRatePercent ?? "—"}%; {v.peoplePassed} passed.</p>
                <ul className="ml-5 list-disc text-sm">
                  {v.questions.map((q) => <li key={q.id}>{q.prompt}: {q.correct} of {q.answered} right ({q.correctRatePercent ?? "—"}%)</li>)}
                </ul>
              </div>
            ))}
          </div>
        )}
      </Card>
      <Card title="By person">
        <div className="overflow-x-auto">
          <table className="min-w-full text-left text-sm" data-testid="training-history">
            <thead className="text-xs uppercase text-slate-500">
              <tr><th className="py-2 pr-3">Name</th><th className="pr-3">Department</th><th className="pr-3">Acknowledgements</th><th>Coaching</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {history.map((p) => (
                <tr key={p.personId ?? p.userId ?? p.email}>
                  <td className="py-2 pr-3">{p.name}{p.active ? "" : " (inactive)"}</td>
                  <td className="pr-3">{p.department || "—"}</td>
                  <td className="pr-3">
                    {p.acknowledgements.length === 0 ? "—" : p.acknowledgements.map((a) => (
                      <div key={a.id}>
                        v{a.versionNumber}: {a.signedAt ? `signed ${orgTime(a.signedAt, tz)}` : `due ${orgTime(a.dueAt, tz)}`}; read {minutes(a.readSeconds)};
                        {a.attempts.length ? ` quiz ${a.attempts.map((t) => `${t.scorePercent}%`).join(", ")}` : " no quiz yet"}
                      </div>
                    ))}
                  </td>
                  <td>
                    {p.coaching.length === 0 ? "—" : p.coaching.map((c) => (
                      <div key={c.id}>{c.sectionTitle} (v{c.versionNumber}): {c.completedAt ? `done ${orgTime(c.completedAt, tz)}` : "open"}{c.attempts ? `, ${c.attempts} answer${c.attempts === 1 ? "" : "s"}` : ""}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}

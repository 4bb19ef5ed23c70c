import type { Metadata } from "next";
import Link from "next/link";
import { can, listMyCoaching, openMyAcknowledgement } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { PolicySections } from "@/components/policy-sections";
import { ReadingTimer } from "@/components/reading-timer";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageTenant } from "@/lib/pages";
import { MyQuizForm, MySignForm } from "./ack-forms";

export const metadata: Metadata = { title: "Acknowledge the social media policy" };

/** The member's acknowledgement task: read the version in force (time on page recorded), quiz, sign with the password. */
export default async function AcknowledgePage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/acknowledge`);
  if (!can(ctx, "manual.read")) return <NoAccess />;
  const [view, coaching] = await Promise.all([openMyAcknowledgement(ctx), listMyCoaching(ctx)]);
  const tz = ctx.org.timeZone;
  const tasks = coaching.length ? (
    <Card title="Coaching tasks">
      <ul className="divide-y divide-slate-100 text-sm" data-testid="coaching-tasks">
        {coaching.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span>
              <Link href={`/orgs/${ctx.org.slug}/policy/coaching/${c.id}`} className="font-medium text-brand-700 hover:underline">{c.sectionTitle}</Link>
              <span className="text-slate-500"> · assigned {orgTime(c.createdAt, tz)} because {c.why}</span>
            </span>
            <span className={c.completedAt ? "text-green-700" : "font-semibold text-amber-700"}>{c.completedAt ? `Completed ${orgTime(c.completedAt, tz)}` : "To do"}</span>
          </li>
        ))}
      </ul>
    </Card>
  ) : null;
  if (!view) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Social media policy</h1>
        {tasks}
        <Alert>There is nothing for you to acknowledge: no version of the policy has been approved yet, or your organization does not ask your department or role to sign it. The manual itself is on the Policy page.</Alert>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      {tasks}
      <div>
        <h1 className="text-2xl font-semibold">Social media policy, version {view.version.number}</h1>
        <p className="text-sm text-slate-600">
          {view.signedAt ? `You signed it on ${orgTime(view.signedAt, tz)}.` : `Read it, answer the quiz and sign by ${orgTime(view.dueAt, tz)}.`}
        </p>
      </div>
      {view.signedAt ? null : <ReadingTimer endpoint={`/api/orgs/${ctx.org.slug}/policy/acknowledge/reading-time`} />}
      <Card>
        <PolicySections sections={view.version.sections} />
      </Card>
      {view.signedAt ? (
        <Alert tone="success">Acknowledged. You will be asked again when a new version takes effect.</Alert>
      ) : view.passed ? (
        <Card title="Sign">
          <MySignForm orgSlug={ctx.org.slug} />
        </Card>
      ) : (
        <Card title={`Quiz (${view.attempts} attempt${view.attempts === 1 ? "" : "s"} so far)`}>
          <MyQuizForm orgSlug={ctx.org.slug} questions={view.questions} passPercent={view.passPercent} />
        </Card>
      )}
    </div>
  );
}

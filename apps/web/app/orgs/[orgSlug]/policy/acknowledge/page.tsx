import type { Metadata } from "next";
import { can, openMyAcknowledgement } from "@vetted/domain";
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
  const view = await openMyAcknowledgement(ctx);
  const tz = ctx.org.timeZone;
  if (!view) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Social media policy</h1>
        <Alert>There is nothing for you to acknowledge: no version of the policy has been approved yet, or your organization does not ask your department or role to sign it. The manual itself is on the Policy page.</Alert>
      </div>
    );
  }
  return (
    <div className="space-y-6">
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

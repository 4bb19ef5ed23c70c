import type { Metadata } from "next";
import Link from "next/link";
import { can, openMyCoaching } from "@vetted/domain";
import { ManualText } from "@/components/manual-text";
import { NoAccess } from "@/components/no-access";
import { Alert, Card } from "@/components/ui";
import { orgTime } from "@/lib/dates";
import { pageRecord, pageTenant } from "@/lib/pages";
import { CoachingForm } from "./coaching-form";

export const metadata: Metadata = { title: "Policy coaching" };

/** One coaching task of the signed-in member: the section to read, then the question. */
export default async function CoachingPage({ params }: { params: Promise<{ orgSlug: string; assignmentId: string }> }) {
  const { orgSlug, assignmentId } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/policy/coaching/${assignmentId}`);
  if (!can(ctx, "manual.read")) return <NoAccess />;
  const view = await pageRecord(openMyCoaching(ctx, { assignmentId }));
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/orgs/${ctx.org.slug}/policy/acknowledge`} className="text-sm text-brand-700 hover:underline">← My acknowledgement</Link>
        <h1 className="text-2xl font-semibold">Policy coaching: {view.section.title}</h1>
        <p className="text-sm text-slate-600">Assigned because {view.why}. Read this section of the policy (version {view.section.versionNumber}), then answer the question.</p>
      </div>
      <Card title={view.section.title}>
        <ManualText body={view.section.body} />
      </Card>
      {view.completedAt ? (
        <Alert tone="success">Completed on {orgTime(view.completedAt, ctx.org.timeZone)}. It counts in your training record.</Alert>
      ) : (
        <Card title={`Question${view.attempts ? ` (${view.attempts} answer${view.attempts === 1 ? "" : "s"} so far)` : ""}`}>
          <CoachingForm orgSlug={ctx.org.slug} assignmentId={view.id} question={view.question} />
        </Card>
      )}
    </div>
  );
}

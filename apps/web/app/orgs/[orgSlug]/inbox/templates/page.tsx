import type { Metadata } from "next";
import Link from "next/link";
import { can, listReplyTemplates } from "@vetted/domain";
import { Alert, Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { deleteReplyTemplateAction, saveReplyTemplateAction } from "../actions";
import { DeleteTemplateForm, TemplateForm } from "./template-forms";

export const metadata: Metadata = { title: "Reply templates" };

/** The org's canned private replies; admins and compliance officers keep them. */
export default async function ReplyTemplatesPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/inbox/templates`);
  if (!can(ctx, "comments.templates")) return <Alert tone="warning">Only admins and compliance officers manage reply templates.</Alert>;
  const templates = await listReplyTemplates(ctx);
  const save = saveReplyTemplateAction.bind(null, ctx.org.slug);
  const remove = deleteReplyTemplateAction.bind(null, ctx.org.slug);
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/orgs/${ctx.org.slug}/inbox`} className="text-sm text-brand-700 hover:underline">← Inbox</Link>
        <h1 className="text-2xl font-semibold">Reply templates</h1>
        <p className="text-sm text-slate-600">Used for private replies, e.g. “We can&apos;t discuss anyone&apos;s care here; please call our patient line.” The person replying can edit the text before sending.</p>
      </div>
      {templates.map((t) => (
        <Card key={t.id} title={t.name} actions={<DeleteTemplateForm templateId={t.id} remove={remove} />}>
          <TemplateForm save={save} template={t} />
        </Card>
      ))}
      <Card title="New template">
        <TemplateForm save={save} />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { can } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { PostComposer } from "@/components/post-composer";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { savePostAction, submitPostAction } from "../actions";
import { CHANNELS, channelLabel } from "../post-form";

export const metadata: Metadata = { title: "New post" };

export default async function NewPostPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug, `/orgs/${orgSlug}/posts/new`);
  if (!can(ctx, "posts.create")) return <NoAccess />;
  const slug = ctx.org.slug;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">New post</h1>
      <Card>
        <PostComposer
          orgSlug={slug}
          orgName={ctx.org.name}
          save={savePostAction.bind(null, slug)}
          submit={can(ctx, "posts.submit") ? submitPostAction.bind(null, slug) : undefined}
          channels={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          initial={{ title: "", text: "", channels: ["FACEBOOK"], channelTexts: {}, scheduledAt: null, timeZone: ctx.org.timeZone, media: [] }}
        />
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import { can } from "@vetted/domain";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { updateSettingsAction } from "./actions";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  if (!can(ctx, "org.update")) return <NoAccess />;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <Card title="Organization">
        <SettingsForm action={updateSettingsAction.bind(null, ctx.org.slug)} name={ctx.org.name} idleTimeoutMinutes={ctx.org.idleTimeoutMinutes} />
      </Card>
    </div>
  );
}

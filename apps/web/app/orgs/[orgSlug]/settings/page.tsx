import type { Metadata } from "next";
import Link from "next/link";
import { can, getApprovalPolicy, getOrgSettings, listMembers, summarizeScannerFeedback } from "@vetted/domain";
import { listClientApproverNames, listClientApprovers } from "@vetted/domain/client-approvals";
import { NoAccess } from "@/components/no-access";
import { Card } from "@/components/ui";
import { pageTenant } from "@/lib/pages";
import { updateApprovalPolicyAction, updateSettingsAction } from "./actions";
import { createClientApproverAction, setClientApproverActiveAction } from "./client-approver-actions";
import { ClientApproversSection } from "./client-approvers-section";
import { PolicyForm } from "./policy-form";
import { ScannerFeedbackSection } from "./scanner-feedback-section";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const ctx = await pageTenant(orgSlug);
  const mayPolicy = can(ctx, "policy.manage");
  const mayExport = can(ctx, "scanner.feedbackExport");
  const mayAccounts = can(ctx, "accounts.view");
  const mayClients = can(ctx, "clientApprovers.manage");
  if (!can(ctx, "org.update") && !mayPolicy && !mayExport && !mayAccounts && !mayClients) return <NoAccess />;
  const [policy, members, clientNames] = mayPolicy ? await Promise.all([getApprovalPolicy(ctx), listMembers(ctx), listClientApproverNames(ctx)]) : [null, [], []];
  const clientApprovers = mayClients ? await listClientApprovers(ctx) : null;
  const settings = can(ctx, "org.update") ? await getOrgSettings(ctx) : null;
  const feedback = mayExport ? await summarizeScannerFeedback(ctx) : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      {mayAccounts ? (
        <Card title="Connected accounts">
          <p className="text-sm text-slate-600">
            The Facebook Pages and Instagram accounts whose comments Vetted moderates.{" "}
            <Link href={`/orgs/${ctx.org.slug}/settings/accounts`} className="font-medium text-brand-700 hover:underline">Manage connected accounts</Link>
          </p>
        </Card>
      ) : null}
      {settings ? (
        <Card title="Organization">
          <SettingsForm action={updateSettingsAction.bind(null, ctx.org.slug)} values={settings} />
        </Card>
      ) : null}
      {policy ? (
        <Card title="Approval policy">
          <p className="mb-3 text-sm text-slate-600">
            {policy.isDefault ? "Default: any one compliance officer or admin approves. " : ""}Steps run in order; a post&apos;s author never approves it. Changes apply to decisions from now on.
          </p>
          <PolicyForm
            action={updateApprovalPolicyAction.bind(null, ctx.org.slug)} members={members.map((m) => ({ id: m.user.id, name: m.user.name }))} steps={policy.steps}
            clientApprovers={clientNames.filter((c) => c.active || policy.steps.some((s) => s.clientApproverIds.includes(c.id)))}
            blockingTypes={policy.blockingTypes} overridableDirectIdentifiers={policy.overridableDirectIdentifiers}
          />
        </Card>
      ) : null}
      {clientApprovers ? (
        <Card title="Client approvers">
          <p className="mb-3 text-sm text-slate-600">
            People at the client organization who approve posts without a Vetted account: at a &quot;client approver&quot; step of the approval policy each
            gets a single-use link by email (72 hours) and confirms it with a code sent to the same address.
          </p>
          <ClientApproversSection approvers={clientApprovers} create={createClientApproverAction.bind(null, ctx.org.slug)} setActive={setClientApproverActiveAction.bind(null, ctx.org.slug)} />
        </Card>
      ) : null}
      {feedback ? (
        <Card title="Scanner feedback">
          <ScannerFeedbackSection summary={feedback} href={`/api/orgs/${ctx.org.slug}/scanner-feedback/export`} />
        </Card>
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import { requireAgencyAdmin } from "@vetted/auth";
import { webEnv } from "@vetted/config";
import { isAppError, listOutbox } from "@vetted/domain";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

/**
 * Mail the app "sent" while no SMTP server is configured. Exists only with DEV_OUTBOX=true (which
 * production refuses), for agency admins only; anyone else, signed in or not, gets the same 404 as
 * a missing page, so the page does not even reveal that it exists. Tokens are masked by listOutbox.
 */
export default async function OutboxPage() {
  if (!webEnv().DEV_OUTBOX) notFound();
  if (!(await isAgencyAdmin())) notFound();
  const mails = await listOutbox(50);
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <h1 className="text-2xl font-semibold">Development outbox</h1>
      <p className="text-sm text-slate-600">No SMTP server is configured, so mail lands here. Disable with DEV_OUTBOX=false.</p>
      {mails.length === 0 ? <p className="text-slate-600">No mail yet.</p> : null}
      <ul className="space-y-3">
        {mails.map((m) => (
          <li key={m.id} data-testid="outbox-mail" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-sm text-slate-600">To {m.to} · {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</p>
            <p className="font-medium">{m.subject}</p>
            <pre className="mt-2 whitespace-pre-wrap break-all font-sans text-sm">{m.text}</pre>
          </li>
        ))}
      </ul>
    </main>
  );
}

async function isAgencyAdmin(): Promise<boolean> {
  try {
    await requireAgencyAdmin();
    return true;
  } catch (error) {
    // Not signed in, idle, ended, or not an agency admin: all answered alike. Anything else is a fault.
    if (isAppError(error)) return false;
    throw error;
  }
}

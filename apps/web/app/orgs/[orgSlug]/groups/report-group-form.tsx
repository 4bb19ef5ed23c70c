"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert, Button, Field, Input, Select } from "@/components/ui";
import { CHANNELS, channelLabel } from "../posts/channels";

type Errors = Record<string, string[]>;
const box = "block w-full rounded-md border border-slate-300 px-3 py-2 text-base sm:text-sm";

/**
 * "Report a group post": paste its text or attach a screenshot, say where and by whom. One
 * multipart POST to the group-reports route (with JavaScript off the browser posts the same form
 * and is sent back to this page). Errors come back per field and are shown beside each input.
 */
export function ReportGroupForm({ orgSlug, members, maxBytes, canReview }: { orgSlug: string; members: { id: string; name: string }[]; maxBytes: number; canReview: boolean }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<"paste" | "screenshot">("paste");
  const [errors, setErrors] = useState<Errors>({});
  const [result, setResult] = useState<{ ok: boolean; message: string; reportId?: string } | null>(null);
  const [pending, setPending] = useState(false);
  // Without JavaScript both inputs stay visible (the radio says which one counts); after hydration only the chosen one.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const action = `/api/orgs/${orgSlug}/group-reports`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("screenshot");
    if (mode === "screenshot" && file instanceof File && file.size > maxBytes) {
      setErrors({ screenshot: [`At most ${Math.floor(maxBytes / 1048576)} MB`] });
      setResult({ ok: false, message: "The screenshot is too large" });
      return;
    }
    setPending(true);
    try {
      const response = await fetch(action, { method: "POST", body: data });
      const body = (await response.json().catch(() => null)) as { report?: { id: string; status: string }; error?: { message: string; fields?: Errors } } | null;
      if (response.ok && body?.report) {
        setErrors({});
        form.current?.reset();
        setMode("paste");
        const reading = body.report.status === "SCANNING";
        setResult({ ok: true, reportId: body.report.id, message: reading ? "Reported. The screenshot is being read; the compliance officers are told once it is scanned." : "Reported. The compliance officers were told." });
        router.refresh();
      } else {
        setErrors(body?.error?.fields ?? {});
        setResult({ ok: false, message: body?.error?.message ?? "The report could not be sent; try again." });
      }
    } catch {
      setResult({ ok: false, message: "The report could not be sent: check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={form} method="POST" action={action} encType="multipart/form-data" onSubmit={(e) => void submit(e)} aria-label="Report a group post" aria-busy={pending || undefined} noValidate className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Group name" name="groupName" error={errors.groupName}>
          <Input id="groupName" name="groupName" maxLength={200} invalid={!!errors.groupName} />
        </Field>
        <Field label="Where it was posted" name="channel" error={errors.channel}>
          <Select id="channel" name="channel" defaultValue="PRIVATE_GROUP">
            {CHANNELS.map((c) => <option key={c} value={c}>{channelLabel(c)}</option>)}
          </Select>
        </Field>
        <Field label="Author (a member)" name="authorUserId" error={errors.authorUserId} hint="The employee who posted it. Not listed? Type the name instead.">
          <Select id="authorUserId" name="authorUserId" defaultValue="">
            <option value="">Not a member / type the name</option>
            {members.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </Select>
        </Field>
        <Field label="Author's name (if not a member)" name="authorName" error={errors.authorName}>
          <Input id="authorName" name="authorName" maxLength={200} invalid={!!errors.authorName} />
        </Field>
        <Field label="When it was posted" name="postedAt" error={errors.postedAt} hint="In the organization's time zone; leave empty if unknown.">
          <Input id="postedAt" name="postedAt" type="datetime-local" invalid={!!errors.postedAt} />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">How you report it</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <label className="flex items-center gap-2"><input type="radio" name="mode" value="paste" checked={mode === "paste"} onChange={() => setMode("paste")} /> Paste the text</label>
          <label className="flex items-center gap-2"><input type="radio" name="mode" value="screenshot" checked={mode === "screenshot"} onChange={() => setMode("screenshot")} /> Upload a screenshot</label>
        </div>
      </fieldset>
      {/* Both stay in the page (hidden, not removed) so the form also works without JavaScript. */}
      <div hidden={hydrated && mode !== "paste"}>
        <Field label="The post's text" name="text" error={errors.text}>
          <textarea id="text" name="text" rows={6} maxLength={10000} className={box} aria-invalid={!!errors.text || undefined} />
        </Field>
      </div>
      <div hidden={hydrated && mode !== "screenshot"}>
        <Field label="Screenshot" name="screenshot" error={errors.screenshot} hint="PNG, JPEG or WebP. Its text is read by the scanner; location and camera data are removed.">
          <input id="screenshot" name="screenshot" type="file" accept="image/png,image/jpeg,image/webp" className="block text-sm" />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>{pending ? "Reporting…" : "Report the post"}</Button>
        <p className="text-xs text-slate-500">The text is scanned for health information and goes to the compliance officers with the author.</p>
      </div>
      {result ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.message}
          {result.ok && canReview && result.reportId ? <> <Link href={`/orgs/${orgSlug}/groups/${result.reportId}`} className="underline">Open the report</Link></> : null}
        </Alert>
      ) : null}
    </form>
  );
}

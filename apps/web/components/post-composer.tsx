"use client";

import { useActionState, useEffect, useState } from "react";
import { networkProblems } from "@vetted/domain/network-limits";
import type { ActionState } from "@/lib/actions";
import { isoToZonedLocal, zonedLocalToIso } from "@/lib/dates";
import { formValueOf, ImagePicker, uploadsFailed, uploadsRunning, type PickedImage } from "./image-picker";
import { mediaSrc } from "./media-api";
import { NetworkCounters } from "./network-counters";
import { NetworkPreview } from "./network-preview";
import { ScanHint } from "./scan-hint";
import { Alert, Button, Field, Input } from "./ui";

type Bound = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export interface ComposerValues {
  postId?: string;
  revision?: number;
  title: string;
  text: string;
  channels: string[];
  channelTexts: Record<string, string>;
  scheduledAt: string | null;
  /** The org's IANA zone: the scheduled time is picked as wall-clock time there, whoever picks it. */
  timeZone: string;
  media: PickedImage[];
}

/**
 * The post editor, for new posts and edits. Controlled fields, so a refused save keeps what was
 * typed. `inFlight`: the post is past review, so saving voids approvals and rescans by itself.
 */
export function PostComposer(props: { orgSlug: string; orgName: string; save: Bound; submit?: Bound; initial: ComposerValues; channels: { value: string; label: string }[]; inFlight?: boolean }) {
  const { initial } = props;
  const [saveState, saveAction, saving] = useActionState(props.save, null);
  const [submitState, submitAction, submitting] = useActionState(props.submit ?? props.save, null);
  const [title, setTitle] = useState(initial.title);
  const [text, setText] = useState(initial.text);
  const [channels, setChannels] = useState<string[]>(initial.channels);
  const [variants, setVariants] = useState<Record<string, string>>(initial.channelTexts);
  const [showVariants, setShowVariants] = useState(Object.keys(initial.channelTexts).length > 0);
  const [local, setLocal] = useState(isoToZonedLocal(initial.scheduledAt, initial.timeZone));
  const [images, setImages] = useState<PickedImage[]>(initial.media);
  useEffect(() => setLocal(isoToZonedLocal(initial.scheduledAt, initial.timeZone)), [initial.scheduledAt, initial.timeZone]);

  const [last, setLast] = useState<"save" | "submit">("save");
  const state = last === "submit" ? submitState : saveState;
  const fields = state && !state.ok ? state.error.fields : undefined;
  const conflict = state && !state.ok && state.error.code === "CONFLICT";
  // An image still on its way (or failed) would be left out of the post: no save until it is settled.
  const uploading = uploadsRunning(images);
  const failedUploads = uploadsFailed(images);
  const busy = saving || submitting || uploading > 0 || failedUploads > 0;
  const toggle = (c: string) => setChannels((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c]));
  // Per-network hard limits (issue 16), counted as the server counts them: the variants the form sends
  // (non-blank, for a ticked channel) and every image that is or will be stored.
  const sentVariants = Object.fromEntries(Object.entries(variants).filter(([c, t]) => channels.includes(c) && t.trim()));
  const kept = images.filter((i) => i.status !== "failed");
  const problems = networkProblems({ text, channelTexts: sentVariants, channels, imageCount: kept.length });
  // A draft may break them; a submit (or an edit that rescans a submitted post) may not.
  const blocked = problems.length > 0;
  const blockedReason = blocked ? `${props.inFlight ? "Save and rescan" : "Submit"} is off until the post fits every network: ${problems.map((p) => p.message).join("; ")}.` : "";
  const previewImages = kept.map((i) => ({ src: i.preview ?? mediaSrc(props.orgSlug, i.id), width: i.width, height: i.height }));

  return (
    <form method="POST" className="@container" aria-label={initial.postId ? "Edit post" : "New post"} noValidate>
      <div className="grid gap-6 @3xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-4">
          {initial.postId ? <input type="hidden" name="postId" value={initial.postId} /> : null}
          {initial.revision ? <input type="hidden" name="revision" value={initial.revision} /> : null}
          <input type="hidden" name="channels:sent" value="1" />
          <input type="hidden" name="channelTexts:sent" value="1" />
          <input type="hidden" name="mediaIds:sent" value="1" />
          {images.map((m) => <input key={m.key ?? m.id} type="hidden" name="mediaIds" value={formValueOf(m)} />)}
          <input type="hidden" name="scheduledAt" value={zonedLocalToIso(local, initial.timeZone)} />

          <Field label="Working title (internal)" name="post-title" error={fields?.title}>
            <Input id="post-title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} invalid={!!fields?.title} maxLength={120} />
          </Field>
          <Field label="Post text" name="post-text" error={fields?.text}>
            <textarea id="post-text" name="text" value={text} onChange={(e) => setText(e.target.value)} rows={6} maxLength={5000} aria-describedby="post-text-hint post-text-counts" aria-invalid={!!fields?.text || undefined} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm sm:text-sm" />
          </Field>
          <NetworkCounters id="post-text-counts" text={text} channels={channels.filter((c) => !sentVariants[c])} />
          <ScanHint text={text} id="post-text-hint" orgSlug={props.orgSlug} />

          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Channels</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
              {props.channels.map((c) => (
                <label key={c.value} className="flex items-center gap-2 py-1 text-sm">
                  <input type="checkbox" name="channels" value={c.value} checked={channels.includes(c.value)} onChange={() => toggle(c.value)} className="size-4" />
                  {c.label}
                </label>
              ))}
            </div>
            {fields?.channels ? <p className="text-sm text-red-700">{fields.channels.join(" ")}</p> : null}
            <p className="mt-1 text-xs text-slate-500">A private group is just another channel: it gets the same checks.</p>
          </fieldset>

          <div>
            <button type="button" className="text-sm text-brand-700 underline" aria-expanded={showVariants} onClick={() => setShowVariants((v) => !v)}>
              {showVariants ? "Hide per-channel texts" : "Different text for some channels?"}
            </button>
            {showVariants ? (
              <div className="mt-2 space-y-3">
                {channels.length === 0 ? <p className="text-sm text-slate-600">Pick a channel first.</p> : null}
                {props.channels.filter((c) => channels.includes(c.value)).map((c) => (
                  <div key={c.value} className="space-y-2">
                    <Field label={`${c.label} text (optional — empty uses the main text)`} name={`post-text-${c.value}`} error={fields?.[`channelTexts.${c.value}`]}>
                      <textarea id={`post-text-${c.value}`} name={`channelTexts.${c.value}`} value={variants[c.value] ?? ""} onChange={(e) => setVariants((v) => ({ ...v, [c.value]: e.target.value }))} rows={3} aria-describedby={`post-text-${c.value}-counts`} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm sm:text-sm" />
                    </Field>
                    {sentVariants[c.value] ? <NetworkCounters id={`post-text-${c.value}-counts`} text={variants[c.value]!} channels={[c.value]} /> : null}
                    {variants[c.value]?.trim() ? <ScanHint text={variants[c.value]!} id={`post-text-${c.value}-hint`} orgSlug={props.orgSlug} channel={c.value} /> : null}
                  </div>
                ))}
              </div>
            ) : (
              channels.map((c) => (variants[c] ? <input key={c} type="hidden" name={`channelTexts.${c}`} value={variants[c]} /> : null))
            )}
          </div>

          <Field label="Scheduled time (optional)" name="post-scheduled" error={fields?.scheduledAt} hint={`In the organization's time zone: ${initial.timeZone.replaceAll("_", " ")}`}>
            <Input id="post-scheduled" type="datetime-local" value={local} onChange={(e) => setLocal(e.target.value)} invalid={!!fields?.scheduledAt} className="sm:w-64" />
          </Field>

          <ImagePicker orgSlug={props.orgSlug} images={images} onChange={setImages} />
          {fields?.mediaIds ? <p className="text-sm text-red-700">{fields.mediaIds.join(" ")}</p> : null}

          {uploading || failedUploads ? (
            <p className="text-sm text-slate-700" data-testid="upload-wait">
              {uploading ? `Waiting for ${uploading} image${uploading === 1 ? "" : "s"} to finish uploading before you can save or submit.` : "Remove or retry the image that failed to upload before you save or submit."}
            </p>
          ) : null}
          {props.inFlight ? <Alert tone="warning">Saving an edit now voids the approvals this post has collected and sends it back through the scanner.</Alert> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" formAction={saveAction} onClick={() => setLast("save")} variant={props.submit && !props.inFlight ? "secondary" : "primary"} disabled={busy || (props.inFlight && blocked)} aria-describedby={props.inFlight && blocked ? "submit-blocked" : undefined}>
              {saving ? "Saving…" : props.inFlight ? "Save and rescan" : "Save draft"}
            </Button>
            {props.submit && !props.inFlight ? (
              <Button type="submit" formAction={submitAction} onClick={() => setLast("submit")} disabled={busy || blocked} aria-describedby={blocked ? "submit-blocked" : undefined}>
                {submitting ? "Submitting…" : "Submit for review"}
              </Button>
            ) : null}
          </div>
          {blocked && (props.submit || props.inFlight) ? (
            <p id="submit-blocked" className="text-sm text-red-700" data-testid="submit-blocked-reason">
              {blockedReason}
              {props.inFlight ? "" : " You can still save it as a draft."}
            </p>
          ) : null}
          <div aria-live="polite">
            {state && !state.ok ? (
              <Alert tone="error">
                {state.error.message}
                {conflict ? (
                  <>
                    {" "}
                    <a href={`/orgs/${props.orgSlug}/posts/${initial.postId}`} className="font-medium underline">Reload the latest version</a>
                  </>
                ) : null}
              </Alert>
            ) : null}
            {state?.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
          </div>
        </div>
        <div className="min-w-0 @3xl:sticky @3xl:top-4 @3xl:self-start">
          <NetworkPreview orgName={props.orgName} text={text} channelTexts={sentVariants} channels={channels} images={previewImages} subject="as you type" />
        </div>
      </div>
    </form>
  );
}


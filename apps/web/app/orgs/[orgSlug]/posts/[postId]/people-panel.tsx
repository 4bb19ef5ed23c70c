"use client";

import { useActionState, useId } from "react";
import { ActionForm } from "@/components/action-form";
import { mediaSrc } from "@/components/media-api";
import { Alert, Button, Input } from "@/components/ui";
import type { ActionState } from "@/lib/actions";
import type { ScanPhase } from "@/lib/scan-phase";

type Bound = (prev: ActionState, form: FormData) => Promise<ActionState>;

export interface PersonView {
  id: string;
  kind: "PATIENT" | "STAFF";
  attested: boolean;
  label: string | null;
  gap: string | null;
  consent: { id: string; name: string | null; status: string; verified: boolean; expiresAt: string | null } | null;
}
export interface ImagePeople {
  mediaId: string;
  position: number;
  faces: number;
  missing: number;
  problems: string[];
  people: PersonView[];
}
interface Match {
  id: string;
  displayName: string | null;
  status: string;
  verified: boolean;
  expiresAt: string | Date | null;
  gap: string | null;
}

const day = (iso: string | Date | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : "no date");

/**
 * "Who is shown": per image, the faces the scan found against the patients (with their consents)
 * and staff marked as shown. Approval waits until every face is accounted for, so the missing
 * count and the reasons are what the consultant works from.
 */
export function PeoplePanel(props: { orgSlug: string; postId: string; images: ImagePeople[]; mayLink: boolean; consentsHref: string; find: Bound; link: Bound; unlink: Bound; phase: ScanPhase }) {
  // Faces are counted by the scan: until it has finished, "0 faces" and "covered" would be a guess.
  const counted = props.phase === "done";
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        Every patient shown needs a signed authorization that a compliance officer has verified and that covers this post&apos;s channels.
        Staff shown must be attested by you. Faces found: the image scan; approval is blocked until each one is accounted for.
      </p>
      {props.images.map((img) => (
        <section key={img.mediaId} className="space-y-3 border-t border-slate-100 pt-4 first:border-0 first:pt-0" data-testid="people-image" aria-label={`People in image ${img.position}`}>
          <div className="flex flex-wrap items-start gap-4">
            <img src={mediaSrc(props.orgSlug, img.mediaId)} alt={`Image ${img.position}`} className="h-20 w-28 rounded border border-slate-200 object-cover" />
            <div className="space-y-1 text-sm">
              <p className="font-medium">Image {img.position}: {counted ? `${img.faces} ${img.faces === 1 ? "face" : "faces"} found` : "faces not counted yet"}</p>
              {!counted ? (
                <p className="font-semibold text-slate-600" data-testid="people-status">
                  {props.phase === "failed" ? "Scan failed: faces were not checked" : props.phase === "scanning" ? "Scanning… faces are counted when the scan finishes" : "Not scanned yet: faces are counted when the post is submitted"}
                </p>
              ) : img.missing > 0 ? (
                <p className="font-semibold text-red-700" data-testid="people-status">{img.missing} not accounted for</p>
              ) : img.problems.length ? (
                <p className="font-semibold text-red-700" data-testid="people-status">A linked consent does not count</p>
              ) : (
                <p className="font-semibold text-emerald-700" data-testid="people-status">Everyone shown is covered</p>
              )}
            </div>
          </div>
          {img.problems.length ? (
            <ul className="list-disc space-y-1 pl-5 text-sm text-red-800">{img.problems.map((p) => <li key={p}>{p}</li>)}</ul>
          ) : null}
          {img.people.length ? (
            <ul className="space-y-2 text-sm" data-testid="people-list">
              {img.people.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-2 rounded border border-slate-200 px-3 py-2">
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold uppercase">{p.kind === "PATIENT" ? "Patient" : "Staff"}</span>
                  {p.kind === "PATIENT" && p.consent ? (
                    <span>
                      <a className="text-brand-700 underline" href={`${props.consentsHref}/${p.consent.id}`}>{p.consent.name ?? "consent"}</a>
                      {" · "}{p.consent.status.toLowerCase()} · {p.consent.verified ? "verified" : "not verified yet"} · expires {day(p.consent.expiresAt)}
                    </span>
                  ) : (
                    <span>attested by the consultant</span>
                  )}
                  {p.label ? <span className="text-slate-500">({p.label})</span> : null}
                  {p.gap ? <span className="w-full text-red-700">Does not count: {p.gap}</span> : null}
                  {props.mayLink ? (
                    <ActionForm action={props.unlink} className="ml-auto" confirm="Remove this person? Approvals of this post are voided.">
                      {({ pending }) => (
                        <>
                          <input type="hidden" name="postId" value={props.postId} />
                          <input type="hidden" name="personId" value={p.id} />
                          <Button type="submit" variant="ghost" disabled={pending}>Remove</Button>
                        </>
                      )}
                    </ActionForm>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600">Nobody is marked as shown in image {img.position} yet.</p>
          )}
          {props.mayLink ? (
            <AddPeople {...props} mediaId={img.mediaId} position={img.position} linkedConsentIds={img.people.flatMap((p) => (p.consent ? [p.consent.id] : []))} />
          ) : null}
        </section>
      ))}
    </div>
  );
}

function AddPeople(props: { postId: string; mediaId: string; position: number; consentsHref: string; find: Bound; link: Bound; linkedConsentIds: string[] }) {
  const id = useId();
  const [found, find, searching] = useActionState(props.find, null);
  const matches = found?.ok ? (found.data as Match[]) : null;
  return (
    <div className="grid items-start gap-3 md:grid-cols-2">
      <details className="rounded border border-slate-200 p-3" open={!!found}>
        <summary className="cursor-pointer text-sm font-medium">Mark a patient</summary>
        <form method="POST" action={find} className="mt-3 space-y-2" aria-label={`Find a consent for image ${props.position}`}>
          <input type="hidden" name="postId" value={props.postId} />
          <label htmlFor={`${id}-name`} className="block text-sm font-medium text-slate-700">Patient&apos;s full name (as on the consent)</label>
          <div className="flex gap-2">
            <Input id={`${id}-name`} name="name" autoComplete="off" required />
            <Button type="submit" variant="secondary" className="shrink-0 whitespace-nowrap" disabled={searching}>{searching ? "Searching…" : "Find consent"}</Button>
          </div>
          <p className="text-xs text-slate-500">Names are encrypted: only the exact full name matches (case and accents do not matter).</p>
        </form>
        {found && !found.ok ? <div className="mt-2"><Alert tone="error">{found.error.message}</Alert></div> : null}
        {matches && matches.length === 0 ? (
          <p className="mt-2 text-sm text-slate-700">
            No consent with that name. <a className="text-brand-700 underline" href={`${props.consentsHref}/new`}>Upload a signed form</a> or{" "}
            <a className="text-brand-700 underline" href={`${props.consentsHref}/requests/new`}>request a signature</a>.
          </p>
        ) : null}
        {matches?.length ? (
          <ul className="mt-3 space-y-2" aria-label="Matching consents">
            {matches.map((m) => (
              <li key={m.id} className="rounded border border-slate-200 p-2 text-sm">
                <p>{m.displayName} · {m.status.toLowerCase()} · {m.verified ? "verified" : "not verified yet"} · expires {day(m.expiresAt)}</p>
                {props.linkedConsentIds.includes(m.id) ? (
                  <p className="font-medium text-emerald-800" data-testid="already-linked">Linked to image {props.position}</p>
                ) : m.gap ? (
                  <p className="text-red-700">Cannot be linked: {m.gap}</p>
                ) : (
                  <ActionForm action={props.link} className="mt-2 flex flex-wrap items-end gap-2" label="Link this consent">
                    {({ pending }) => (
                      <>
                        <input type="hidden" name="kind" value="PATIENT" />
                        <input type="hidden" name="postId" value={props.postId} />
                        <input type="hidden" name="mediaId" value={props.mediaId} />
                        <input type="hidden" name="consentId" value={m.id} />
                        <div className="min-w-40 flex-1">
                          <label htmlFor={`${id}-${m.id}-label`} className="block text-xs text-slate-600">Where in the image (optional)</label>
                          <Input id={`${id}-${m.id}-label`} name="label" maxLength={120} />
                        </div>
                        <Button type="submit" disabled={pending}>{pending ? "Linking…" : "Link consent"}</Button>
                      </>
                    )}
                  </ActionForm>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
      <details className="rounded border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium">Mark a staff member</summary>
        <ActionForm action={props.link} className="mt-3 space-y-2" label={`Attest staff in image ${props.position}`}>
          {({ pending, fields }) => (
            <>
              <input type="hidden" name="kind" value="STAFF" />
              <input type="hidden" name="postId" value={props.postId} />
              <input type="hidden" name="mediaId" value={props.mediaId} />
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="attest" className="mt-1" aria-invalid={!!fields?.attest || undefined} />
                <span>I confirm this person is a member of staff who agreed to be shown</span>
              </label>
              {fields?.attest ? <p className="text-sm text-red-700">{fields.attest.join(" ")}</p> : null}
              <label htmlFor={`${id}-staff-label`} className="block text-xs text-slate-600">Where in the image (optional)</label>
              <Input id={`${id}-staff-label`} name="label" maxLength={120} />
              <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Attest staff"}</Button>
            </>
          )}
        </ActionForm>
      </details>
    </div>
  );
}

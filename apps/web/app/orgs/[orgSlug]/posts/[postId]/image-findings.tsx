"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { typeLabel } from "@/components/highlighted-text";
import { mediaSrc, redactMedia } from "@/components/media-api";
import { Alert, Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export interface ImageView {
  id: string;
  width: number;
  height: number;
  boxes: { findingId: string; source: string; type: string; box: number[]; text: string | null; blocking: boolean; dismissed: boolean }[];
}

const pct = (v: number, of: number) => `${((v / Math.max(of, 1)) * 100).toFixed(3)}%`;

/**
 * The post's images with the scan's boxes drawn over them. Boxes are in image pixels, so they are
 * placed in percent of the image and scale with whatever size it is shown at. An OCR box can be
 * blurred in one click: a redacted copy is made, swapped into the post, and the post is rescanned.
 */
export function ImageFindings(props: { orgSlug: string; postId: string; revision: number; images: ImageView[]; mayRedact: boolean; save: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function redact(image: ImageView, box: number[], findingId: string) {
    setBusy(findingId);
    setStatus(null);
    try {
      const redacted = await redactMedia(props.orgSlug, image.id, [box]);
      const form = new FormData();
      form.set("postId", props.postId);
      form.set("revision", String(props.revision));
      form.set("mediaIds:sent", "1");
      for (const m of props.images) form.append("mediaIds", m.id === image.id ? redacted.id : m.id);
      const result = await props.save(null, form);
      if (!result?.ok) throw new Error(result?.error.message ?? "Could not save the redacted image");
      setStatus({ tone: "success", text: "Redacted. The post is being rescanned." });
      router.refresh();
    } catch (error) {
      setStatus({ tone: "error", text: error instanceof Error ? error.message : "Redaction failed" });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-4">
      {props.images.map((img, i) => (
        <figure key={img.id} className="space-y-2" data-testid="post-image">
          <div className="relative w-full max-w-2xl">
            {/* The image's own pixel size sets the aspect ratio, so the overlay lines up before it loads. */}
            <img src={mediaSrc(props.orgSlug, img.id)} alt={`Image ${i + 1} of the post`} width={img.width || undefined} height={img.height || undefined} className="block h-auto w-full rounded-md border border-slate-200" />
            {img.boxes.map((b) => (
              <div
                key={b.findingId}
                data-testid="finding-box"
                title={`${typeLabel(b.type)}${b.text ? `: ${b.text}` : ""}`}
                className={`pointer-events-none absolute rounded-sm border-2 ${b.dismissed ? "border-slate-400" : b.blocking ? "border-red-600 bg-red-500/15" : "border-amber-500 bg-amber-400/15"}`}
                style={{ left: pct(b.box[0]!, img.width), top: pct(b.box[1]!, img.height), width: pct(b.box[2]!, img.width), height: pct(b.box[3]!, img.height) }}
              />
            ))}
          </div>
          {img.boxes.length ? (
            <ul className="space-y-1 text-sm">
              {img.boxes.map((b) => (
                <li key={b.findingId} className="flex flex-wrap items-center gap-2">
                  <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${b.blocking ? "bg-red-600 text-white" : "bg-amber-200 text-amber-950"}`}>{typeLabel(b.type)}</span>
                  <span className="text-slate-700">{b.source === "FACE" ? "a face" : b.text ? `“${b.text}”` : "text"} in image {i + 1}</span>
                  {props.mayRedact && b.source === "OCR" && !b.dismissed ? (
                    <Button type="button" variant="secondary" disabled={!!busy} onClick={() => void redact(img, b.box, b.findingId)}>
                      {busy === b.findingId ? "Redacting…" : "Redact (blur)"}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <figcaption className="text-sm text-slate-600">Nothing found in image {i + 1}.</figcaption>
          )}
        </figure>
      ))}
      <div aria-live="polite">{status ? <Alert tone={status.tone}>{status.text}</Alert> : null}</div>
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { typeLabel } from "@/components/highlighted-text";
import { RedactionRefused, redactAreas } from "@/components/media-api";
import { Alert } from "@/components/ui";
import type { ActionState } from "@/lib/actions";
import type { ScanPhase } from "@/lib/scan-phase";
import { ImageBoxes, type Areas } from "./image-boxes";

export interface ImageView {
  id: string;
  width: number;
  height: number;
  boxes: { findingId: string; source: string; type: string; box: number[]; text: string | null; blocking: boolean; dismissed: boolean }[];
  /** The findings of the image this redacted version was made from, and what the rescan made of each. */
  earlier: { id: string; type: string; text: string | null; outcome: "STILL_PRESENT" | "REMOVED_BY_REDACTION" }[];
}

const CAPTION: Record<Exclude<ScanPhase, "done">, (n: number) => string> = {
  scanning: (n) => `Scanning image ${n}…`,
  failed: (n) => `Scan failed: image ${n} has not been checked.`,
  "not-scanned": (n) => `Image ${n} has not been scanned yet.`,
};

/** Names the areas a refused redaction failed on, as the page numbers them ("Box 3", "your box"). */
function refusal(error: RedactionRefused, areas: Areas, image: number): string {
  const named = Object.keys(error.fields).flatMap((field) => {
    const [kind, at] = field.split(".");
    if (kind === "findingIds" && at !== undefined) return [areas.names[Number(at)] ?? "a box"];
    if (kind === "boxes") return ["your box"];
    return [];
  });
  const which = [...new Set(named)];
  if (!which.length) return error.message;
  const reason = Object.values(error.fields)[0]?.[0] ?? "refused";
  return `Image ${image}, ${which.join(", ")}: ${reason}. Nothing was blurred; draw a larger box over it and try again.`;
}

/**
 * The post's images with the scan's boxes over them (image-boxes.tsx). Every redaction, of one box,
 * of all of them or of a box the user drew, makes ONE redacted copy, swaps it into the post (a new
 * revision) and so the post is rescanned once.
 */
export function ImageFindings(props: { orgSlug: string; postId: string; revision: number; images: ImageView[]; mayRedact: boolean; phase: ScanPhase; save: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const done = props.phase === "done";
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ tone: "error" | "success"; text: string } | null>(null);

  async function redact(image: ImageView, index: number, areas: Areas, key: string): Promise<boolean> {
    setBusy(key);
    setStatus(null);
    try {
      const redacted = await redactAreas(props.orgSlug, image.id, { findingIds: areas.findingIds, boxes: areas.boxes });
      const form = new FormData();
      form.set("postId", props.postId);
      form.set("revision", String(props.revision));
      form.set("mediaIds:sent", "1");
      for (const m of props.images) form.append("mediaIds", m.id === image.id ? redacted.id : m.id);
      const result = await props.save(null, form);
      if (!result?.ok) throw new Error(result?.error.message ?? "Could not save the redacted image");
      setStatus({ tone: "success", text: "Redacted. The post is being rescanned." });
      router.refresh();
      return true;
    } catch (error) {
      const text = error instanceof RedactionRefused ? refusal(error, areas, index + 1) : error instanceof Error ? error.message : "Redaction failed";
      setStatus({ tone: "error", text });
      return false;
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-4">
      {props.images.map((img, i) => (
        <ImageBoxes key={img.id} orgSlug={props.orgSlug} image={img} index={i} phase={props.phase} mayRedact={props.mayRedact} busy={busy} redact={(areas, key) => redact(img, i, areas, key)}>
          {props.phase !== "done" ? <figcaption className="text-sm text-slate-600" data-testid="image-scan-pending">{CAPTION[props.phase](i + 1)}</figcaption> : null}
          {done && img.earlier.length ? (
            <div className="text-sm">
              <p className="font-medium text-slate-700">Found before the redaction:</p>
              <ul className="space-y-0.5">
                {img.earlier.map((e) => (
                  <li key={e.id} data-testid="earlier-finding" className="flex flex-wrap items-center gap-2">
                    <span className="text-slate-700">{typeLabel(e.type)}{e.text ? ` “${e.text}”` : ""}:</span>
                    {e.outcome === "REMOVED_BY_REDACTION" ? (
                      <span className="font-medium text-emerald-800">removed by redaction</span>
                    ) : (
                      <span className="font-medium text-red-700">still present</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </ImageBoxes>
      ))}
      <div aria-live="polite">{status ? <Alert tone={status.tone}>{status.text}</Alert> : null}</div>
    </div>
  );
}

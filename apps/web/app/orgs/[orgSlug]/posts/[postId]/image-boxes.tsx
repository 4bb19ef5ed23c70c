"use client";

import { useCallback, useState, type ReactNode } from "react";
import { typeLabel } from "@/components/highlighted-text";
import { mediaSrc } from "@/components/media-api";
import { Button } from "@/components/ui";
import type { ScanPhase } from "@/lib/scan-phase";
import type { ImageView } from "./image-findings";
import { useDrawBox, type PixelBox } from "./use-draw-box";

type FindingBox = ImageView["boxes"][number];
export interface Areas {
  findingIds: string[];
  boxes: PixelBox[];
  /** What the user calls each finding sent ("box 3"), to name the one a refused redaction failed on. */
  names: string[];
}

const pct = (v: number, of: number) => `${((v / Math.max(of, 1)) * 100).toFixed(3)}%`;
const place = (b: number[], img: { width: number; height: number }) => ({
  left: pct(b[0]!, img.width), top: pct(b[1]!, img.height), width: pct(b[2]!, img.width), height: pct(b[3]!, img.height),
});

/** Numbers in reading order (top to bottom, then left to right), so they do not move when the page refreshes. */
export function numberBoxes(boxes: FindingBox[]): (FindingBox & { n: number })[] {
  return [...boxes]
    .sort((a, b) => a.box[1]! - b.box[1]! || a.box[0]! - b.box[0]! || a.findingId.localeCompare(b.findingId))
    .map((b, i) => ({ ...b, n: i + 1 }));
}

/** Where a box is, in words, for a screen reader ("near the top left"). */
function whereIs(b: number[], img: { width: number; height: number }) {
  const cx = (b[0]! + b[2]! / 2) / Math.max(img.width, 1), cy = (b[1]! + b[3]! / 2) / Math.max(img.height, 1);
  const v = cy < 1 / 3 ? "top" : cy < 2 / 3 ? "middle" : "bottom";
  const h = cx < 1 / 3 ? "left" : cx < 2 / 3 ? "centre" : "right";
  return v === "middle" && h === "centre" ? "in the centre" : `near the ${v} ${h}`;
}

const tone = (b: FindingBox) => (b.dismissed ? "border-slate-400" : b.blocking ? "border-red-600 bg-red-500/15" : "border-amber-500 bg-amber-400/15");
const badge = (b: FindingBox) => (b.dismissed ? "bg-slate-500 text-white" : b.blocking ? "bg-red-600 text-white" : "bg-amber-400 text-amber-950");

/**
 * One image of the post with the scan's boxes numbered over it and the same numbers in the list
 * below; hovering or focusing a row lights up its box and hovering a box lights up its row. Boxes are
 * placed in percent of the image's own pixels, so they scale with the size it is shown at. An editor
 * can blur one box, all of them at once (one new version), or a box they draw over what the scan missed.
 */
export function ImageBoxes(props: {
  orgSlug: string; image: ImageView; index: number; phase: ScanPhase; mayRedact: boolean; busy: string | null;
  redact: (areas: Areas, busyKey: string) => Promise<boolean>;
  /** Shown under the list: the scan's progress, what became of the findings before a redaction. */
  children?: ReactNode;
}) {
  const { image: img, index: i } = props;
  const done = props.phase === "done";
  const boxes = numberBoxes(img.boxes);
  const open = boxes.filter((b) => !b.dismissed);
  const [active, setActive] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const stopDrawing = useCallback(() => setDrawing(false), []);
  const draw = useDrawBox(img, drawing, stopDrawing);
  const canRedact = props.mayRedact && done;
  const descId = (b: FindingBox) => `box-desc-${b.findingId}`;

  async function blurAll() {
    await props.redact({ findingIds: open.map((b) => b.findingId), boxes: [], names: open.map((b) => `box ${b.n}`) }, `all:${img.id}`);
  }
  async function blurDrawn() {
    if (!draw.box) return;
    if (await props.redact({ findingIds: [], boxes: [draw.box], names: [] }, `drawn:${img.id}`)) setDrawing(false);
  }

  return (
    <figure className="space-y-2" data-testid="post-image">
      <div className={`relative w-full max-w-2xl select-none ${done ? "" : "animate-pulse rounded-md bg-slate-100"}`}>
        {/* The image's own pixel size sets the aspect ratio, so the overlay lines up before it loads. */}
        <img src={mediaSrc(props.orgSlug, img.id)} alt={`Image ${i + 1} of the post`} width={img.width || undefined} height={img.height || undefined} draggable={false} className="block h-auto w-full rounded-md border border-slate-200" />
        {props.phase === "scanning" ? (
          <span data-testid="image-scanning" className="absolute left-2 top-2 rounded bg-white/90 px-2 py-0.5 text-xs font-medium text-slate-700 shadow">Scanning…</span>
        ) : null}
        {boxes.map((b) => (
          <div
            key={b.findingId}
            data-testid="finding-box"
            data-number={b.n}
            data-active={active === b.findingId || undefined}
            title={`${b.n}. ${typeLabel(b.type)}${b.text ? `: ${b.text}` : ""}`}
            onPointerEnter={() => setActive(b.findingId)}
            onPointerLeave={() => setActive((a) => (a === b.findingId ? null : a))}
            className={`absolute rounded-sm border-2 ${tone(b)} ${active === b.findingId ? "z-10 outline outline-4 outline-brand-600" : ""}`}
            style={place(b.box, img)}
          >
            <span aria-hidden className={`absolute left-0 top-0 min-w-4 px-1 text-center text-[11px] font-bold leading-4 ${badge(b)}`}>{b.n}</span>
            <span id={descId(b)} className="sr-only">Box {b.n} on image {i + 1}, {whereIs(b.box, img)}</span>
          </div>
        ))}
        {drawing ? (
          <div data-testid="draw-layer" aria-hidden className="absolute inset-0 z-20 cursor-crosshair touch-none" {...draw.handlers}>
            {draw.box ? <div data-testid="drawn-box" className="absolute border-2 border-dashed border-brand-700 bg-brand-600/20" style={place(draw.box, img)} /> : null}
          </div>
        ) : null}
      </div>

      {!done ? null : boxes.length ? (
        <ul className="space-y-1 text-sm" aria-label={`Findings in image ${i + 1}`}>
          {boxes.map((b) => (
            <li key={b.findingId} className="flex flex-wrap items-center gap-2">
              <button
                type="button"
                data-testid="finding-row"
                data-number={b.n}
                data-active={active === b.findingId || undefined}
                aria-describedby={descId(b)}
                onPointerEnter={() => setActive(b.findingId)}
                onPointerLeave={() => setActive((a) => (a === b.findingId ? null : a))}
                onFocus={() => setActive(b.findingId)}
                onBlur={() => setActive((a) => (a === b.findingId ? null : a))}
                className={`flex flex-wrap items-center gap-2 rounded px-1 py-0.5 text-left ${active === b.findingId ? "bg-brand-50 ring-2 ring-brand-600" : "hover:bg-slate-50"}`}
              >
                <span className={`inline-flex h-5 min-w-5 items-center justify-center rounded-sm px-1 text-xs font-bold ${badge(b)}`}>{b.n}</span>
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${b.blocking ? "bg-red-600 text-white" : "bg-amber-200 text-amber-950"}`}>{typeLabel(b.type)}</span>
                <span className={b.dismissed ? "text-slate-500 line-through" : "text-slate-700"}>{b.source === "FACE" ? "a face" : b.text ? `“${b.text}”` : "text"} in image {i + 1}</span>
              </button>
              {canRedact && !b.dismissed ? (
                <Button type="button" variant="secondary" disabled={!!props.busy} onClick={() => void props.redact({ findingIds: [b.findingId], boxes: [], names: [`box ${b.n}`] }, b.findingId)}>
                  {props.busy === b.findingId ? "Redacting…" : "Redact (blur)"}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <figcaption className="text-sm text-slate-600">Nothing found in image {i + 1}.</figcaption>
      )}

      {canRedact ? (
        <div className="flex flex-wrap items-center gap-2" data-testid="image-redact-actions">
          {open.length ? (
            <Button type="button" disabled={!!props.busy} onClick={() => void blurAll()}>
              {props.busy === `all:${img.id}` ? "Blurring all…" : `Blur all (${open.length})`}
            </Button>
          ) : null}
          <Button type="button" variant="secondary" aria-pressed={drawing} disabled={!!props.busy} onClick={() => setDrawing((d) => !d)}>
            {drawing ? "Stop drawing" : "Draw a box to blur"}
          </Button>
          {drawing ? (
            draw.box && !draw.dragging ? (
              <>
                <Button type="button" disabled={!!props.busy} onClick={() => void blurDrawn()}>{props.busy === `drawn:${img.id}` ? "Blurring…" : "Blur my box"}</Button>
                <Button type="button" variant="ghost" onClick={draw.cancel}>Cancel</Button>
                <span className="text-xs text-slate-600">Drag again to redraw it; Escape cancels.</span>
              </>
            ) : (
              <span className="text-xs text-slate-600">Drag over the image to mark what to blur (a face, a note the scan missed). Escape cancels.</span>
            )
          ) : null}
        </div>
      ) : null}
      {props.children}
    </figure>
  );
}

"use client";

import { useId, useState } from "react";
import { mediaSrc, uploadMedia, type MediaRef } from "./media-api";

export interface PickedImage extends MediaRef {
  /** A local preview for a fresh upload (no round trip needed to show it). */
  preview?: string;
}

/** Uploads images as they are chosen; the post only references them once saved. */
export function ImagePicker({ orgSlug, images, onChange }: { orgSlug: string; images: PickedImage[]; onChange: (next: PickedImage[]) => void }) {
  const id = useId();
  const [status, setStatus] = useState<{ tone: "info" | "error"; text: string } | null>(null);

  async function onFiles(files: FileList | null) {
    if (!files?.length) return;
    const added: PickedImage[] = [];
    for (const file of Array.from(files)) {
      setStatus({ tone: "info", text: `Uploading ${file.name}…` });
      try {
        added.push({ ...(await uploadMedia(orgSlug, file)), preview: URL.createObjectURL(file) });
      } catch (error) {
        setStatus({ tone: "error", text: `${file.name}: ${error instanceof Error ? error.message : "upload failed"}` });
        onChange([...images, ...added]);
        return;
      }
    }
    setStatus({ tone: "info", text: `${added.length} image${added.length === 1 ? "" : "s"} uploaded; they are scanned when you submit.` });
    onChange([...images, ...added]);
  }

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Images</legend>
      {images.length ? (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {images.map((img, i) => (
            <li key={img.id} className="relative overflow-hidden rounded-md border border-slate-200 bg-white">
              <img src={img.preview ?? mediaSrc(orgSlug, img.id)} alt={`Image ${i + 1} of the post`} className="aspect-square w-full object-cover" />
              <button type="button" onClick={() => onChange(images.filter((x) => x.id !== img.id))} className="absolute right-1 top-1 rounded bg-white/90 px-2 py-0.5 text-xs font-medium text-red-700 shadow hover:bg-white">
                Remove<span className="sr-only"> image {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={id} className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 focus-within:outline focus-within:outline-2 focus-within:outline-brand-600">
        Add images
        <input id={id} type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple className="sr-only" onChange={(e) => void onFiles(e.target.files).then(() => (e.target.value = ""))} />
      </label>
      <p aria-live="polite" className={`text-sm ${status?.tone === "error" ? "text-red-700" : "text-slate-600"}`}>
        {status?.text}
      </p>
    </fieldset>
  );
}

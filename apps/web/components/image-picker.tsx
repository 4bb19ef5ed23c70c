"use client";

import { useId, useRef, type Dispatch, type SetStateAction } from "react";
import { mediaSrc, uploadMedia, type MediaRef } from "./media-api";

export interface PickedImage extends MediaRef {
  /** A local preview (object URL of the chosen file): shown at once, before the upload finishes. */
  preview?: string;
  /** Stable React key for an image that has no server id yet. */
  key?: string;
  /** Set while the file is on its way, or when it did not arrive; `id` is empty until it has. */
  status?: "uploading" | "failed";
  /** 0–1, from the upload's progress events. */
  progress?: number;
  error?: string;
}

export const uploadsRunning = (images: PickedImage[]) => images.filter((i) => i.status === "uploading").length;
export const uploadsFailed = (images: PickedImage[]) => images.filter((i) => i.status === "failed").length;
/** What the form sends per image: its id, or its upload state, so the server can name an unfinished one. */
export const formValueOf = (img: PickedImage) => img.status ?? img.id;

let seq = 0;

/**
 * Uploads images as they are chosen; the post only references them once saved. Each image shows its
 * thumbnail and its own progress at once, and the composer keeps save/submit disabled until every
 * upload has finished, so a post is never sent without an image its author attached.
 */
export function ImagePicker({ orgSlug, images, onChange }: { orgSlug: string; images: PickedImage[]; onChange: Dispatch<SetStateAction<PickedImage[]>> }) {
  const id = useId();
  const files = useRef(new Map<string, File>());
  const patch = (key: string, next: Partial<PickedImage>) => onChange((all) => all.map((img) => (img.key === key ? { ...img, ...next } : img)));

  async function upload(key: string, file: File) {
    patch(key, { status: "uploading", progress: 0, error: undefined });
    try {
      const stored = await uploadMedia(orgSlug, file, (progress) => patch(key, { progress }));
      files.current.delete(key);
      patch(key, { ...stored, status: undefined, progress: 1 });
    } catch (error) {
      patch(key, { status: "failed", error: error instanceof Error ? error.message : "upload failed" });
    }
  }

  async function onFiles(list: FileList | null) {
    if (!list?.length) return;
    const picked = Array.from(list).map((file) => ({ file, key: `upload-${++seq}` }));
    for (const { file, key } of picked) files.current.set(key, file);
    onChange((all) => [...all, ...picked.map(({ file, key }): PickedImage => ({ id: "", width: 0, height: 0, key, preview: URL.createObjectURL(file), status: "uploading", progress: 0 }))]);
    // One at a time: the server decodes and re-encodes each image, and the first one is ready sooner.
    for (const { file, key } of picked) await upload(key, file);
  }

  function remove(img: PickedImage) {
    if (img.key) files.current.delete(img.key);
    if (img.preview) URL.revokeObjectURL(img.preview);
    onChange((all) => all.filter((x) => (img.key ? x.key !== img.key : x.id !== img.id)));
  }

  const running = uploadsRunning(images);
  const failed = uploadsFailed(images);
  const done = images.filter((i) => !i.status && i.key).length;

  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">Images</legend>
      {images.length ? (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {images.map((img, i) => (
            <li key={img.key ?? img.id} data-testid="picked-image" data-status={img.status ?? "stored"} className="relative overflow-hidden rounded-md border border-slate-200 bg-white">
              <img src={img.preview ?? mediaSrc(orgSlug, img.id)} alt={`Image ${i + 1} of the post`} className={`aspect-square w-full object-cover ${img.status ? "opacity-60" : ""}`} />
              <button type="button" onClick={() => remove(img)} className="absolute right-1 top-1 rounded bg-white/90 px-2 py-0.5 text-xs font-medium text-red-700 shadow hover:bg-white">
                Remove<span className="sr-only"> image {i + 1}</span>
              </button>
              {img.status === "uploading" ? (
                <div className="absolute inset-x-1 bottom-1 rounded bg-white/90 p-1 text-xs text-slate-700">
                  <progress value={img.progress ?? 0} max={1} aria-label={`Uploading image ${i + 1}`} className="block h-2 w-full" />
                  Uploading… {Math.round((img.progress ?? 0) * 100)}%
                </div>
              ) : img.status === "failed" ? (
                <div className="absolute inset-x-1 bottom-1 space-y-1 rounded bg-white/95 p-1 text-xs text-red-800" role="alert">
                  <p>Image {i + 1} failed to upload{img.error ? `: ${img.error}` : ""}</p>
                  {img.key && files.current.has(img.key) ? (
                    <button type="button" className="font-medium underline" onClick={() => void upload(img.key!, files.current.get(img.key!)!)}>Try again</button>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={id} className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 focus-within:outline focus-within:outline-2 focus-within:outline-brand-600">
        Add images
        <input id={id} type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple className="sr-only" onChange={(e) => void onFiles(e.target.files).then(() => (e.target.value = ""))} />
      </label>
      <p aria-live="polite" className={`text-sm ${failed ? "text-red-700" : "text-slate-600"}`}>
        {running
          ? `Uploading ${running} image${running === 1 ? "" : "s"}…`
          : failed
            ? `${failed} image${failed === 1 ? "" : "s"} failed to upload: remove or try again.`
            : done
              ? `${done} image${done === 1 ? "" : "s"} uploaded; they are scanned when you submit.`
              : null}
      </p>
    </fieldset>
  );
}

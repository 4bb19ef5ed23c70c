"use client";

import { useState } from "react";
import { Button } from "@/components/ui";

/**
 * The signed file, loaded only when asked for: every load is recorded as "opened the signed file",
 * which is what a compliance officer's verification requires, so a page view alone must not count.
 */
export function FilePreview({ src, mime, bytes, sha256 }: { src: string; mime: string; bytes: number; sha256: string }) {
  const [open, setOpen] = useState(false);
  const size = bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        {open ? null : <Button type="button" onClick={() => setOpen(true)}>Open the signed file</Button>}
        <a href={`${src}?download=1`} className="text-sm text-brand-700 underline">Download the signed file</a>
        <span className="text-xs text-slate-500">{mime === "application/pdf" ? "PDF" : mime === "image/png" ? "PNG image" : "JPEG image"} · {size}</span>
      </div>
      <p className="break-all font-mono text-xs text-slate-500" title="SHA-256 of the file as uploaded">SHA-256 {sha256}</p>
      {open ? (
        mime === "application/pdf" ? (
          <>
            <iframe src={src} title="Signed consent form" className="h-[36rem] w-full rounded border border-slate-200" />
            {/* The file is served sandboxed (no script may run from it), which some browsers' PDF viewers refuse to show inline. */}
            <p className="text-xs text-slate-500">If the form does not show above, use “Download the signed file”.</p>
          </>
        ) : (
          <img src={src} alt="Signed consent form" className="max-h-[48rem] max-w-full rounded border border-slate-200" />
        )
      ) : null}
    </div>
  );
}

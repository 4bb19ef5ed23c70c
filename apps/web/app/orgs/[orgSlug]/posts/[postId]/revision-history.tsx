"use client";

import { useId, useState } from "react";
import { Select } from "@/components/ui";
import { diffWords } from "@/lib/diff";

export interface RevisionView {
  number: number;
  text: string;
  createdAt: string;
  author: string;
}

/** Any revision against the one before it, word by word: what changed between review rounds. */
export function RevisionHistory({ revisions }: { revisions: RevisionView[] }) {
  const id = useId();
  const [shown, setShown] = useState(revisions[revisions.length - 1]?.number ?? 1);
  const current = revisions.find((r) => r.number === shown);
  const previous = revisions.filter((r) => r.number < shown).at(-1);
  if (!current) return null;
  const parts = diffWords(previous?.text ?? "", current.text);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={id} className="block text-sm font-medium text-slate-700">Revision</label>
          <Select id={id} value={shown} onChange={(e) => setShown(Number(e.target.value))} className="w-72 max-w-full">
            {[...revisions].reverse().map((r) => (
              <option key={r.number} value={r.number}>
                #{r.number} · {r.author} · {r.createdAt.slice(0, 16).replace("T", " ")} UTC
              </option>
            ))}
          </Select>
        </div>
        <p className="text-sm text-slate-600">{previous ? `Changes from revision ${previous.number}` : "First revision"}</p>
      </div>
      <p className="whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-3 text-sm leading-relaxed" data-testid="revision-diff">
        {parts.map((p, i) =>
          p.op === "same" ? <span key={i}>{p.text}</span> : p.op === "add" ? (
            <ins key={i} className="bg-emerald-100 text-emerald-900 no-underline"><span className="sr-only">[added: </span>{p.text}<span className="sr-only">]</span></ins>
          ) : (
            <del key={i} className="bg-red-100 text-red-900"><span className="sr-only">[removed: </span>{p.text}<span className="sr-only">]</span></del>
          ),
        )}
      </p>
    </div>
  );
}

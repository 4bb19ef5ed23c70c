"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button } from "@/components/ui";

type RowError = { row: number; field: string; message: string };
type PreviewRow = { row: number; name: string; email: string; department: string; jobRole: string; action: "create" | "update"; member: boolean };
type Preview = { rows: PreviewRow[]; errors: RowError[]; dataRows: number; creates: number; updates: number; canImport: boolean };
type Imported = { created: number; updated: number; unchanged: number; assigned: number };
type ErrorBody = { error?: { message: string } };

const SHOWN = 200;

/** Upload a roster CSV, see every row (and every row error) before anything is stored, then confirm. */
export function RosterUpload({ orgSlug }: { orgSlug: string }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Imported | null>(null);
  const [pending, setPending] = useState(false);

  const send = async <T,>(previewOnly: boolean): Promise<T | null> => {
    if (!file) return null;
    const data = new FormData();
    data.set("file", file);
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/orgs/${orgSlug}/policy/roster/import${previewOnly ? "?preview=1" : ""}`, { method: "POST", body: data });
      const body = (await response.json()) as T & ErrorBody;
      if (response.ok) return body;
      // File-level problems (size, header, encoding) and the import's refusal both say it in the message.
      setError(body.error?.message ?? "The file could not be read");
      return null;
    } catch {
      setError("Could not reach the server. Try again.");
      return null;
    } finally {
      setPending(false);
    }
  };
  const onPreview = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setPreview(await send<Preview>(true));
  };
  const onImport = async () => {
    const result = await send<Imported>(false);
    if (result) {
      setDone(result);
      setPreview(null);
      router.refresh();
    }
  };

  return (
    <div className="space-y-4">
      <form onSubmit={onPreview} className="flex flex-wrap items-end gap-3" aria-label="Upload a roster CSV">
        <div className="space-y-1">
          <label htmlFor="roster-file" className="block text-sm font-medium text-slate-700">Roster CSV</label>
          <input id="roster-file" name="file" type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); }} className="text-sm" />
          <p className="text-xs text-slate-500">First row: name,email,department,role. At most 5,000 people and 2 MB. Nothing is stored until you confirm.</p>
        </div>
        <Button type="submit" variant="secondary" disabled={!file || pending}>{pending && !preview ? "Reading…" : "Preview"}</Button>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {done ? <Alert tone="success">Imported: {done.created} added, {done.updated} updated, {done.unchanged} unchanged. {done.assigned} were sent the current version to acknowledge.</Alert> : null}
      {preview ? (
        <div className="space-y-3" data-testid="roster-preview">
          <p className="text-sm">
            {preview.dataRows} row{preview.dataRows === 1 ? "" : "s"}: {preview.creates} new, {preview.updates} already on the roster
            {preview.errors.length ? `, ${preview.errors.length} error${preview.errors.length === 1 ? "" : "s"}` : ""}.
          </p>
          {preview.errors.length ? (
            <div className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900" role="alert">
              <p className="font-medium">Fix these rows and upload the file again: nothing is imported while any row has an error.</p>
              <ul className="mt-2 list-disc pl-5" data-testid="roster-errors">
                {preview.errors.slice(0, SHOWN).map((e, i) => <li key={i}>Row {e.row}{e.field === "row" ? "" : `, ${e.field}`}: {e.message}</li>)}
              </ul>
            </div>
          ) : null}
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr><th className="py-1 pr-3">Row</th><th className="pr-3">Name</th><th className="pr-3">Email</th><th className="pr-3">Department</th><th className="pr-3">Role</th><th>Result</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.rows.slice(0, SHOWN).map((r) => (
                  <tr key={r.row}>
                    <td className="py-1 pr-3 text-slate-500">{r.row}</td><td className="pr-3">{r.name}</td><td className="pr-3">{r.email}</td>
                    <td className="pr-3">{r.department}</td><td className="pr-3">{r.jobRole}</td>
                    <td>{r.action === "create" ? "new" : r.member ? "member: department and role" : "update"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.rows.length > SHOWN ? <p className="text-xs text-slate-500">… and {preview.rows.length - SHOWN} more.</p> : null}
          </div>
          {preview.canImport ? <Button type="button" onClick={onImport} disabled={pending}>{pending ? "Importing…" : `Import ${preview.rows.length} people`}</Button> : null}
        </div>
      ) : null}
    </div>
  );
}

// The approval page's requests: JSON to its own routes, errors as the message and field errors to show.

export type FieldErrors = Record<string, string[]>;
type ErrorBody = { error?: { code: string; message: string; fields?: FieldErrors } };
export type Reply<T> = { ok: true; data: T } | { ok: false; code: string; message: string; fields: FieldErrors };

export async function postJson<T>(url: string, body: unknown): Promise<Reply<T>> {
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await response.json()) as T & ErrorBody;
    if (response.ok) return { ok: true, data: json };
    return { ok: false, code: json.error?.code ?? "ERROR", message: json.error?.message ?? "Something went wrong. Please try again.", fields: json.error?.fields ?? {} };
  } catch {
    return { ok: false, code: "NETWORK", message: "Could not reach the server. Check your connection and try again.", fields: {} };
  }
}

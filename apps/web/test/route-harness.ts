import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Test harness for calling the app's route handlers and server actions in-process, as a chosen user.

export const APP_DIR = fileURLToPath(new URL("../app", import.meta.url));
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts, actions.ts or page.tsx under app/, as paths relative to app/ (e.g. "api/orgs/[orgSlug]/route.ts"). */
export function listAppFiles(name: "route.ts" | "actions.ts" | "page.tsx", dir = APP_DIR): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return listAppFiles(name, full);
    return entry === name ? [path.relative(APP_DIR, full)] : [];
  });
}

/** Every module of server actions, whatever its name: a file whose first statement is "use server". */
export function listServerActionFiles(dir = APP_DIR): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return listServerActionFiles(full);
    if (!/\.tsx?$/.test(entry)) return [];
    return /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(full, "utf8")) ? [path.relative(APP_DIR, full)] : [];
  });
}

export async function importApp(relative: string): Promise<Record<string, unknown>> {
  return (await import(path.join(APP_DIR, relative))) as Record<string, unknown>;
}

type Handler = (request: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(
  relative: string,
  method: string,
  params: Record<string, string>,
  init: { body?: BodyInit; query?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const mod = await importApp(relative);
  const handler = mod[method] as Handler | undefined;
  if (typeof handler !== "function") throw new Error(`${relative} has no ${method}`);
  const url = `http://localhost/${relative.replace(/\/route\.ts$/, "")}${init.query ?? ""}`;
  const request = new Request(url, { method, body: init.body, headers: { "content-type": "application/json", ...init.headers } });
  return handler(request, { params: Promise.resolve(params) });
}

export function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
}

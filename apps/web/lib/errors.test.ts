import { AppError } from "@vetted/domain";
import { describe, expect, it, vi } from "vitest";
import { actionErrorBody, errorResponse } from "./errors";

// The process's logger, swapped for one whose lines this test reads.
const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("@vetted/log", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@vetted/log")>();
  const log = actual.createLogger({ level: "debug", destination: { write: (line: string) => void captured.lines.push(line) } });
  return { ...actual, logger: () => log };
});

const ID = "req-7f3a9c21-test";
const request = (headers: Record<string, string> = { "x-request-id": ID }) => new Request("http://localhost:3000/api/orgs/acme/posts", { headers });
const entries = () => captured.lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("errorResponse: a 5xx names the request id, and nothing else", () => {
  it("answers an unexpected error with the request id in the body, the message and X-Request-Id", async () => {
    captured.lines.length = 0;
    const response = errorResponse(new Error("insert failed for patient Rosalind Quenby, MRN 0042917"), request());
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe(ID);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: `Something went wrong on our side (reference ${ID})`, requestId: ID } });
    expect(text).not.toMatch(/Rosalind|0042917|insert failed/);
    // Logged under that id, by class only.
    expect(entries()).toEqual([expect.objectContaining({ event: "http.unhandled_error", requestId: ID, level: "error", err: { type: "Error" } })]);
    expect(captured.lines.join("")).not.toMatch(/Rosalind|0042917|insert failed/);
  });

  it("gives a request that came without a usable id a new one, the same in body and header", async () => {
    const response = errorResponse(new TypeError("boom"), request({ "x-request-id": "not an id!" }));
    const body = (await response.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-request-id")).toBe(body.error.requestId);
  });

  it("names the id a route settled itself (a webhook, which the proxy skips), in body, header and log", async () => {
    captured.lines.length = 0;
    const settled = "5b1e7c3a-2f4d-4e6b-9a8c-0d1e2f3a4b5c";
    // No header at all: without the settled id a new one would be made, unlike the one on the request's jobs.
    const response = errorResponse(new Error("boom"), request({}), settled);
    expect(response.headers.get("x-request-id")).toBe(settled);
    expect(((await response.json()) as { error: { requestId: string } }).error.requestId).toBe(settled);
    expect(entries()).toEqual([expect.objectContaining({ event: "http.unhandled_error", requestId: settled })]);
  });

  it("keeps 4xx answers as they were, with the id in the header only", async () => {
    const response = errorResponse(new AppError("VALIDATION", "Title is required", { title: ["Required"] }), request());
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe(ID);
    expect(await response.json()).toEqual({ error: { code: "VALIDATION", message: "Title is required", fields: { title: ["Required"] } } });
  });

  it("a server action's INTERNAL error carries an id too (a new one outside a request)", async () => {
    const body = await actionErrorBody(new Error("x"));
    expect(body.code).toBe("INTERNAL");
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.message).toContain(body.requestId);
  });
});

// Shaped as the two clients throw them: Prisma's known request error (the pg adapter's SQLSTATE in
// meta) and the pg client's DatabaseError (pgDirect), each with the database's own message, which may
// quote a stored value.
const prismaError = (code: string, sqlState?: string) =>
  Object.assign(new Error("Raw query failed. Message: `value 'Rosalind Quenby' …`"), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: sqlState ? { driverAdapterError: { cause: { originalCode: sqlState, kind: "postgres" } } } : {},
  });
const pgError = (sqlState: string) => Object.assign(new Error("duplicate key value (Rosalind Quenby)"), { name: "error", severity: "ERROR", code: sqlState });

describe("errorResponse: database errors", () => {
  it("answers a refusal that passes with 503, Retry-After and no database message, from either client", async () => {
    for (const error of [prismaError("P2010", "57014"), pgError("57014"), pgError("55P03"), pgError("25P03"), prismaError("P2024"), pgError("53300")]) {
      captured.lines.length = 0;
      const response = errorResponse(error, request());
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "UNAVAILABLE", message: "The database is busy right now; try again in a moment", retryAfterSeconds: 5 } });
      expect(text + captured.lines.join("")).not.toMatch(/Rosalind/);
      expect(entries()).toEqual([expect.objectContaining({ event: "http.database_unavailable", status: 503 })]);
    }
  });

  it("maps the pg client's constraint and data errors as Prisma's (a pgDirect write)", async () => {
    expect(errorResponse(pgError("23505"), request()).status).toBe(409);
    expect(errorResponse(pgError("23503"), request()).status).toBe(400);
    expect(errorResponse(pgError("22P02"), request()).status).toBe(400);
    expect(errorResponse(prismaError("P2002"), request()).status).toBe(409);
  });

  it("leaves anything else a 500: another SQLSTATE, or an error that merely has a code", async () => {
    expect(errorResponse(pgError("XX000"), request()).status).toBe(500);
    expect(errorResponse(Object.assign(new Error("x"), { code: "57014" }), request()).status).toBe(500);
  });
});

import { describe, expect, it } from "vitest";
import { downloadResponse } from "./download";

describe("downloadResponse", () => {
  it("sends the bytes as an attachment that is never cached, sniffed or run", async () => {
    const res = downloadResponse({ body: Buffer.from("a,b\n1,2\n"), mime: "text/csv; charset=utf-8", filename: "report-2026-11.csv", sha256: "ab".repeat(32) });
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "content-length": "8",
      "content-disposition": 'attachment; filename="report-2026-11.csv"',
      "x-content-sha256": "ab".repeat(32),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });
    expect(await res.text()).toBe("a,b\n1,2\n");
  });

  it("counts a text body in bytes and sends no digest header without a digest", async () => {
    const res = downloadResponse({ body: "é\n", mime: "text/csv", filename: "x.csv" });
    expect(res.headers.get("content-length")).toBe("3");
    expect(res.headers.has("x-content-sha256")).toBe(false);
    expect(await res.text()).toBe("é\n");
  });
});

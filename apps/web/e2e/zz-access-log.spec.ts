import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { ACCESS_LOG_PATH } from "../playwright.config";

// Runs last (files run in name order): every request the web server saw during this e2e run, as
// its access log recorded it. No URL may carry a field that holds PHI or a secret, whatever page
// or form sent it (a form that fell back to GET would put them in the query string).
const PHI_FIELDS = /^(name|subjectname|patientname|signername|typedname|dob|dateofbirth|birthdate|mrn|email|phone|password|text|title|label|informationdescription|representativeauthority|signature)$/i;

test("no URL in the server's access log carries a PHI field", async () => {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ACCESS_LOG_PATH);
  const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l.startsWith("{") && l.includes('"event":"request"'));
  const requests = lines.map((l) => JSON.parse(l) as { method: string; path: string; query: string[] });
  // The earlier specs drove every screen: an empty log would mean the check checked nothing.
  expect(requests.length).toBeGreaterThan(200);
  const offending = requests.filter((r) => r.query.some((q) => PHI_FIELDS.test(q))).map((r) => `${r.method} ${r.path}?${r.query.join("&")}`);
  expect(offending).toEqual([]);
});

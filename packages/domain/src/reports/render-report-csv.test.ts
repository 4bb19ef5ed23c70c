import { describe, expect, it } from "vitest";
import { defuseFormula, renderReportCsv, reportCsvCell, REPORT_CSV_COLUMNS } from "./render-report-csv";
import { sampleReport } from "./report-test-helpers";

/** A small RFC 4180 reader: enough to prove the file parses back into the cells written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(reportCsvCell("plain")).toBe("plain");
    expect(reportCsvCell("a, b")).toBe('"a, b"');
    expect(reportCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(reportCsvCell("two\nlines")).toBe('"two\nlines"');
    expect(reportCsvCell("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(reportCsvCell(null)).toBe("");
    expect(reportCsvCell(12.5)).toBe("12.5");
    expect(reportCsvCell(Number.NaN)).toBe("");
  });

  it("defuses every cell a spreadsheet would run as a formula", () => {
    for (const attack of ["=1+1", "+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "  =cmd", "＝1+1", "＋1", "－1", "＠SUM(1)"]) {
      expect(defuseFormula(attack), JSON.stringify(attack)).toBe(`'${attack}`);
    }
    expect(reportCsvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    // Text that merely contains the characters is left as written; numbers are numbers.
    for (const fine of ["a=b", "e-mail", "x@y", "Consent on file"]) expect(defuseFormula(fine)).toBe(fine);
    expect(reportCsvCell(-3)).toBe("-3");
  });
});

describe("the report as CSV", () => {
  const report = sampleReport();
  const rows = parseCsv(renderReportCsv(report));

  it("has one header and the same number of cells on every row", () => {
    expect(rows[0]).toEqual([...REPORT_CSV_COLUMNS]);
    for (const row of rows) expect(row).toHaveLength(REPORT_CSV_COLUMNS.length);
  });

  it("writes one row per figure with this period's value and the previous one", () => {
    const find = (section: string, measure: string) => rows.find((r) => r[0] === section && r[1] === measure);
    expect(find("Posts", "Posts submitted for review")?.slice(2, 4)).toEqual(["17", "11"]);
    expect(find("Scans", "Blocked rate")?.slice(2, 4)).toEqual(["25", "8.3"]);
    expect(find("Turnaround", "Submit to final decision, 90th percentile")?.slice(2, 4)).toEqual(["38.4", "30"]);
    expect(find("Findings by type", "PERSON_NAME")?.slice(2, 4)).toEqual(["14", "4"]);
    expect(find("Report", "Period")?.slice(2, 4)).toEqual(["2026-11", "2026-10"]);
    expect(find("Audit trail", "Chain verified intact")?.[2]).toBe("yes");
  });

  it("adds one row per override with officer, finding type, reason code and the justification, defused", () => {
    const overrides = rows.filter((r) => r[0] === "Overrides" && r[1]!.startsWith("Override"));
    expect(overrides.map((r) => r.slice(4))).toEqual([
      ["2026-11-12T21:00:00.000Z", "Olivia Officer", "PERSON_NAME", "CONSENT_ON_FILE", 'Signed authorization on file, verified 11/10; "OK to post"'],
      ["2026-11-20T16:00:00.000Z", "Omar Officer", "HEALTH_CONDITION", "OTHER", '\'=HYPERLINK("http://x") staff wellness campaign, no patient'],
    ]);
    expect(overrides[1]![1]).toBe("Override (approval later voided)");
  });

  it("says from when the audit trail is on record, and leaves the cell empty when it covers both periods", () => {
    const cell = (r: typeof report) => parseCsv(renderReportCsv(r)).find((row) => row[1] === "Audit trail on record from")![2];
    expect(cell(report)).toBe("");
    expect(cell(sampleReport({ trail: { from: "2026-11-09T14:00:00.000Z" } }))).toBe("2026-11-09T14:00:00.000Z");
    expect(cell(sampleReport({ trail: { from: null } }))).toBe("no event yet");
  });

  it("defuses an officer's name or an org name that looks like a formula", () => {
    const hostile = sampleReport({ org: { ...report.org, name: "+Evil Clinic" } });
    const name = parseCsv(renderReportCsv(hostile)).find((r) => r[1] === "Organization")![2];
    expect(name).toBe("'+Evil Clinic");
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseRosterCsv, ROSTER_MAX_BYTES, ROSTER_MAX_ROWS, rowErrorFields, splitCsv } from "./roster-csv";

const thrown = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
};

describe("splitCsv (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, numbering rows as a spreadsheet does", () => {
    const records = splitCsv('a,b\r\n"Doe, Jane","say ""hi"""\n"two\nlines",x\nlast,row');
    expect(records.map((r) => [r.row, r.fields])).toEqual([
      [1, ["a", "b"]],
      [2, ["Doe, Jane", 'say "hi"']],
      [3, ["two\nlines", "x"]],
      [4, ["last", "row"]],
    ]);
  });

  it("reports a quote that never closes, text after a closing quote and a bare quote", () => {
    expect(splitCsv('a,"open\nstill')[0]?.problem).toMatch(/never closed/);
    expect(splitCsv('"a"b,c')[0]).toMatchObject({ fields: ["a", "c"], problem: expect.stringMatching(/closing quote/) });
    expect(splitCsv('ab"c,d')[0]?.problem).toMatch(/unquoted field/);
  });

  it("keeps empty fields and ignores a final line break", () => {
    expect(splitCsv("a,,c\n,\n").map((r) => r.fields)).toEqual([["a", "", "c"], ["", ""]]);
  });
});

describe("parseRosterCsv", () => {
  const header = "name,email,department,role";

  it("parses valid rows in any column order and case, trimming and lowercasing the email", () => {
    const csv = '\uFEFFEmail , Name,ROLE,Department\r\n Ana.Diaz@Example.org ,"Diaz,  Ana",Hygienist,Clinical\r\n\r\nbo@example.org,Bo Li,,\r\n';
    const parsed = parseRosterCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.dataRows).toBe(2);
    expect(parsed.rows).toEqual([
      { row: 2, name: "Diaz, Ana", email: "ana.diaz@example.org", department: "Clinical", jobRole: "Hygienist" },
      { row: 4, name: "Bo Li", email: "bo@example.org", department: "", jobRole: "" },
    ]);
  });

  it("names the row and the field of every problem, and each duplicate email after the first", () => {
    const csv = [
      header,
      "Ana Diaz,ana@example.org,Front desk,Reception",
      ",no-name@example.org,Front desk,Reception",
      "Bad Mail,not-an-email,Front desk,Reception",
      "Again,ANA@example.org,Clinical,Nurse",
      "Too,few@example.org,fields",
      `Long,long@example.org,${"d".repeat(101)},Nurse`,
      'Quote "in" field,q@example.org,x,y',
      "Ctl\u0007,ctl@example.org,x,y",
    ].join("\n");
    const { rows, errors } = parseRosterCsv(csv);
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(errors).toEqual([
      { row: 3, field: "name", message: "Name is missing" },
      { row: 4, field: "email", message: "Not a valid email address" },
      { row: 5, field: "email", message: "The same email as row 2: each person once" },
      { row: 6, field: "row", message: "This row has 3 fields; the header has 4" },
      { row: 7, field: "department", message: "Department is longer than 100 characters" },
      { row: 8, field: "row", message: expect.stringMatching(/quote/) },
      { row: 9, field: "name", message: "Contains a control character" },
    ]);
    expect(rowErrorFields(errors)).toMatchObject({ "rows.3.name": ["Name is missing"], "rows.6.row": [expect.any(String)] });
    // Messages never echo the cell: no names or addresses in what may be logged.
    expect(JSON.stringify(errors)).not.toMatch(/example\.org|Ana|Bad Mail/);
  });

  it("requires the header with the four columns, once each, and no others", () => {
    expect(thrown(() => parseRosterCsv("")).fields).toEqual({ file: [expect.stringMatching(/empty/)] });
    expect(thrown(() => parseRosterCsv("Ana Diaz,ana@example.org,Front desk,Reception\n")).fields?.file?.[0]).toMatch(/missing: name, email, department, role/);
    expect(thrown(() => parseRosterCsv("name,email,department\nA,a@example.org,x")).fields?.file?.[0]).toMatch(/missing: role/);
    const extra = thrown(() => parseRosterCsv(`${header},phone\nA,a@example.org,x,y,555`));
    expect(extra.fields?.file?.[0]).toMatch(/Unknown column/);
    expect(extra.message).not.toMatch(/phone/);
    expect(thrown(() => parseRosterCsv(`${header},Email\n`)).fields?.file?.[0]).toMatch(/email more than once/);
    expect(thrown(() => parseRosterCsv(`${header}\n\n`)).fields?.file?.[0]).toMatch(/no people/);
  });

  it(`refuses more than ${ROSTER_MAX_ROWS} rows (400) and a file over the byte cap (413), naming the field`, () => {
    const many = [header, ...Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => `P ${i},p${i}@example.org,x,y`)].join("\n");
    const rows = thrown(() => parseRosterCsv(many));
    expect(rows.code).toBe("VALIDATION");
    expect(rows.fields?.file?.[0]).toMatch(/5,001 rows/);
    const exactly = [header, ...Array.from({ length: ROSTER_MAX_ROWS }, (_, i) => `P ${i},p${i}@example.org,x,y`)].join("\n");
    expect(parseRosterCsv(exactly).rows).toHaveLength(ROSTER_MAX_ROWS);

    const tenMb = `${header}\n${"x".repeat(10 * 1024 * 1024)}`;
    const big = thrown(() => parseRosterCsv(tenMb, "csv"));
    expect(big.code).toBe("PAYLOAD_TOO_LARGE");
    expect(big.status).toBe(413);
    expect(Object.keys(big.fields ?? {})).toEqual(["csv"]);
    // The cap counts bytes, not characters.
    expect(thrown(() => parseRosterCsv(`${header}\n${"é".repeat(ROSTER_MAX_BYTES / 2 + 1)}`)).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

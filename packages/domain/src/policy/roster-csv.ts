import { z } from "zod";
import { AppError, type FieldErrors } from "../errors";

// The workforce roster CSV (issue 13): a header row naming the four columns (any order, any case),
// then one person per row. RFC 4180: comma-separated, fields optionally in double quotes, a quote
// inside a quoted field written twice, line breaks inside quotes kept; CRLF or LF between records.
// Nothing here touches the database: preview and import both parse with this, then import stores.

export const ROSTER_COLUMNS = ["name", "email", "department", "role"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
/** Data rows (the header not counted). */
export const ROSTER_MAX_ROWS = 5_000;
/** 5,000 rows of generous width fit in well under this; a 10 MB file is refused before parsing. */
export const ROSTER_MAX_BYTES = 2 * 1024 * 1024;

export interface RosterRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  name: string;
  email: string;
  department: string;
  jobRole: string;
}

export interface RosterRowError {
  row: number;
  /** A column name, or "row" for a problem with the row as a whole. */
  field: RosterColumn | "row";
  message: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  errors: RosterRowError[];
  /** Data rows read, valid or not (blank lines not counted). */
  dataRows: number;
}

// Control characters other than tab, CR and LF have no place in a name or an address (lib/input.ts
// refuses them in every form; the CSV is read here, so it says so per row).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const text = (max: number, label: string, required: boolean) =>
  z
    .string()
    .transform((s) => s.trim().replace(/\s+/g, " "))
    .pipe(required ? z.string().min(1, `${label} is missing`).max(max, `${label} is longer than ${max} characters`) : z.string().max(max, `${label} is longer than ${max} characters`));

const rowSchema = z.object({
  name: text(200, "Name", true),
  email: z.string().trim().toLowerCase().pipe(z.string().min(1, "Email is missing").max(254, "Email is longer than 254 characters").pipe(z.email("Not a valid email address"))),
  department: text(100, "Department", false),
  role: text(100, "Role", false),
});

/** The file's size against the cap, in bytes as stored: a 413 naming the field that carried it. */
export function assertRosterSize(bytes: number, field = "file"): void {
  if (bytes > ROSTER_MAX_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The roster file is larger than ${ROSTER_MAX_BYTES / 1024 / 1024} MB`, {
      [field]: [`The file is larger than ${ROSTER_MAX_BYTES / 1024 / 1024} MB: split it (at most ${ROSTER_MAX_ROWS.toLocaleString("en-US")} people per file)`],
    });
  }
}

interface Record_ {
  row: number;
  fields: string[];
  problem?: string;
}

/**
 * Splits RFC 4180 text into records, numbered as a spreadsheet would (a line break inside quotes
 * does not start a new row). A malformed record (a quote that never closes, text after a closing
 * quote, a bare quote inside an unquoted field) is returned with its problem, not thrown.
 */
export function splitCsv(input: string): Record_[] {
  const records: Record_[] = [];
  let fields: string[] = [];
  let field = "";
  let problem: string | undefined;
  let row = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push({ row, fields, ...(problem ? { problem } : {}) });
    fields = [];
    problem = undefined;
    row += 1;
  };
  while (i < input.length) {
    const c = input[i]!;
    if (c === '"' && field === "") {
      // A quoted field: up to the closing quote not followed by another quote.
      let j = i + 1;
      let closed = false;
      while (j < input.length) {
        if (input[j] === '"') {
          if (input[j + 1] === '"') {
            field += '"';
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        field += input[j];
        j += 1;
      }
      if (!closed) {
        // The rest of the file is this field: the record ends here.
        problem ??= "A quoted field is never closed: check the quotes in this row";
        break;
      }
      i = j;
      const next = input[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        problem ??= "Text follows a closing quote: a quote inside a field must be written twice (\"\")";
        // Skip to the end of this field so the rest of the row still lines up.
        while (i < input.length && input[i] !== "," && input[i] !== "\n" && input[i] !== "\r") i += 1;
      }
      continue;
    }
    if (c === ",") {
      endField();
      i += 1;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (c === '"') problem ??= "A quote inside an unquoted field: put the whole field in quotes and write the quote twice (\"\")";
    field += c;
    i += 1;
  }
  // The last record, unless the file ended with a line break.
  if (field !== "" || fields.length > 0 || problem) endRecord();
  return records;
}

const isBlank = (r: Record_) => !r.problem && r.fields.every((f) => f.trim() === "");

/**
 * Parses and validates a roster. Throws (4xx, naming `file`) when the file as a whole cannot be read:
 * too large, no header, a header without the four columns, too many rows. Everything wrong with a
 * single row is returned in `errors` with its row number and column, so the preview can show them all.
 */
export function parseRosterCsv(input: string, field = "file"): ParsedRoster {
  assertRosterSize(Buffer.byteLength(input, "utf8"), field);
  const fail = (message: string): never => {
    throw new AppError("VALIDATION", message, { [field]: [message] });
  };
  const records = splitCsv(input.replace(/^\uFEFF/, "")).filter((r) => !isBlank(r));
  const [header, ...data] = records;
  if (!header) fail("The file is empty: the first row must name the columns name, email, department, role");
  const columns = header!.fields.map((h) => h.trim().toLowerCase());
  const index = headerIndex(columns, fail);
  if (data.length === 0) fail("The file has a header but no people");
  if (data.length > ROSTER_MAX_ROWS) fail(`The file has ${data.length.toLocaleString("en-US")} rows; at most ${ROSTER_MAX_ROWS.toLocaleString("en-US")} people per import`);

  const rows: RosterRow[] = [];
  const errors: RosterRowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of data) {
    if (r.problem) {
      errors.push({ row: r.row, field: "row", message: r.problem });
      continue;
    }
    if (r.fields.length !== columns.length) {
      errors.push({ row: r.row, field: "row", message: `This row has ${r.fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, r.fields[index[c]]!])) as Record<RosterColumn, string>;
    const controls = ROSTER_COLUMNS.filter((c) => CONTROL.test(raw[c]));
    if (controls.length) {
      for (const c of controls) errors.push({ row: r.row, field: c, message: "Contains a control character" });
      continue;
    }
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row: r.row, field: issue.path[0] as RosterColumn, message: issue.message });
      continue;
    }
    const p = parsed.data;
    const first = firstRowOf.get(p.email);
    if (first !== undefined) {
      errors.push({ row: r.row, field: "email", message: `The same email as row ${first}: each person once` });
      continue;
    }
    firstRowOf.set(p.email, r.row);
    rows.push({ row: r.row, name: p.name, email: p.email, department: p.department, jobRole: p.role });
  }
  return { rows, errors, dataRows: data.length };
}

function headerIndex(columns: string[], fail: (m: string) => never): Record<RosterColumn, number> {
  const missing = ROSTER_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    fail(`The first row must name the columns ${ROSTER_COLUMNS.join(", ")}; missing: ${missing.join(", ")}`);
  }
  const unknown = columns.filter((c) => !(ROSTER_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) fail(`Unknown column${unknown.length > 1 ? "s" : ""} in the first row (${unknown.length}): the roster has only ${ROSTER_COLUMNS.join(", ")}`);
  const twice = ROSTER_COLUMNS.filter((c) => columns.indexOf(c) !== columns.lastIndexOf(c));
  if (twice.length) fail(`The first row names ${twice.join(", ")} more than once`);
  return Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, columns.indexOf(c)])) as Record<RosterColumn, number>;
}

/** Row errors in the AppError shape: `rows.<n>.<field>` → messages. */
export function rowErrorFields(errors: RosterRowError[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) (out[`rows.${e.row}.${e.field}`] ??= []).push(e.message);
  return out;
}

/** The uploaded file's bytes as text: the size first, then strict UTF-8 (a spreadsheet's "CSV UTF-8"). */
export function decodeRosterFile(bytes: Uint8Array, field = "file"): string {
  assertRosterSize(bytes.byteLength, field);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const message = "The file is not UTF-8 text: save it from your spreadsheet as \"CSV UTF-8\"";
    throw new AppError("VALIDATION", message, { [field]: [message] });
  }
}

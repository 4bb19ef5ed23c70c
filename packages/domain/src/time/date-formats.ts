// Shared Intl.DateTimeFormat instances. Constructing one costs far more than formatting with it (the
// locale and zone data are resolved each time): on the agency overview, a formatter made per week
// label was a quarter of the page's server CPU (bench:pages profile). Client-safe: no imports
// (exported as @vetted/domain/date-formats).

const formats = new Map<string, Intl.DateTimeFormat>();
// A bound for the cache: the options come from code, the zones from org settings (validated IANA names).
const MAX_FORMATS = 1_000;

/** The Intl.DateTimeFormat for these options, made once per process and reused. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

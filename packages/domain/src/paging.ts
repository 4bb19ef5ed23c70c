/**
 * One page of a list already in order: the page asked for (1-based; a missing, malformed or
 * out-of-range one clamped to the pages there are), where it starts and ends, and the page's items.
 */
export function pageOf<T>(items: readonly T[], asked: string | number | string[] | undefined, size: number) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(pages, Math.max(1, Number.parseInt(typeof asked === "string" || typeof asked === "number" ? String(asked) : "", 10) || 1));
  const first = (page - 1) * size;
  return { page, pages, items: items.slice(first, first + size), from: items.length === 0 ? 0 : first + 1, to: first + Math.min(size, items.length - first) };
}

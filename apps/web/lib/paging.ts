/** One page of a list already in order: the page asked for (clamped to the pages there are), 1-based. */
export function pageOf<T>(items: readonly T[], asked: string | string[] | undefined, size: number) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(pages, Math.max(1, Number.parseInt(typeof asked === "string" ? asked : "", 10) || 1));
  const first = (page - 1) * size;
  return { page, pages, items: items.slice(first, first + size), from: items.length === 0 ? 0 : first + 1, to: first + Math.min(size, items.length - first) };
}

/** A list page's URL for another page, its filters kept (page 1 is the plain URL). */
export function pageHref(path: string, filter: Record<string, string>, page: number): string {
  const query = new URLSearchParams({ ...filter, ...(page > 1 ? { page: String(page) } : {}) }).toString();
  return query ? `${path}?${query}` : path;
}

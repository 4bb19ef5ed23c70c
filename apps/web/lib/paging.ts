/** A list page's URL for another page, its filters kept (page 1 is the plain URL). */
export function pageHref(path: string, filter: Record<string, string>, page: number): string {
  const query = new URLSearchParams({ ...filter, ...(page > 1 ? { page: String(page) } : {}) }).toString();
  return query ? `${path}?${query}` : path;
}

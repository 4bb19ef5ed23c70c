/** Only same-site paths may be a post-sign-in destination; anything else goes to the org list. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/orgs";
  return value.length > 500 ? "/orgs" : value;
}

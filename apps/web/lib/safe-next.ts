/** Only same-site paths may be a post-sign-in destination; anything else goes to the home page (which picks the review queue or the agency overview). */
export function safeNextPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  return value.length > 500 ? "/" : value;
}

import { scanText, type Channel as ScannerChannel } from "@vetted/scanner";
import { z } from "zod";
import type { TenantContext } from "../context";
import { assertCan } from "../access/permissions";
import { channelSchema, MAX_TEXT } from "../posts/post-schemas";
import { parseInput } from "../validate";
import { loadOrgScanConfig } from "./load-org-scan-config";

export const previewTextScanSchema = z.object({
  text: z.string({ message: "Send the text to check" }).max(MAX_TEXT, `Keep the text under ${MAX_TEXT} characters`),
  channel: channelSchema.optional(),
});

export type TextScanPreview = {
  verdict: "block" | "review" | "allow";
  /** Offsets into the text that was sent; the text itself is never sent back. */
  findings: { type: string; start: number; end: number; explanation: string }[];
};

/**
 * The composer's hint while someone types: the same text scanner and the org's own lists (staff
 * names, allow terms) as the scan of a submitted revision, but nothing is stored or audited — the
 * text is a draft the author is still writing, and it stays out of every log. Runs on the server so
 * the scanner's vocabularies (and their licences) never ship to the browser.
 */
export async function previewTextScan(ctx: TenantContext, input: unknown): Promise<TextScanPreview> {
  assertCan(ctx, "posts.create");
  const { text, channel } = parseInput(previewTextScanSchema, input);
  if (!text.trim()) return { verdict: "allow", findings: [] };
  const config = await loadOrgScanConfig(ctx.db, ctx.org.id);
  const result = scanText(text, { kind: "post", config, ...(channel ? { channel: channel.toLowerCase() as ScannerChannel } : {}) });
  return { verdict: result.verdict, findings: result.findings.map((f) => ({ type: f.type, start: f.start, end: f.end, explanation: f.explanation })) };
}

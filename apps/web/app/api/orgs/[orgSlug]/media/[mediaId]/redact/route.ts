import { redactMedia } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

type Params = { orgSlug: string; mediaId: string };

// POST { findingIds?: [id, …], boxes?: [[x, y, w, h], …] (drawn, image pixels), mode?: "blur" | "pixelate" | "fill" }
// → 201 { media }: ONE new version with every area obscured, or 409 naming the fields left readable.
export const POST = orgRoute<Params>(async (ctx, request, { mediaId }) => {
  const body = await readJson(request);
  const media = await redactMedia(ctx, { ...(typeof body === "object" && body ? body : {}), mediaId });
  return Response.json({ media }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

import { redactMedia } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

type Params = { orgSlug: string; mediaId: string };

// POST { boxes: [[x, y, w, h], …], mode?: "blur" | "pixelate" | "fill" } → 201 { media } (the new version).
export const POST = orgRoute<Params>(async (ctx, request, { mediaId }) => {
  const body = await readJson(request);
  const media = await redactMedia(ctx, { ...(typeof body === "object" && body ? body : {}), mediaId });
  return Response.json({ media }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

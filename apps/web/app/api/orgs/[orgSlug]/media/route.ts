import { mediaTooLarge, mediaUploadLimit, uploadMedia } from "@vetted/domain";
import { orgRoute } from "@/lib/http";
import { readUploadedFile } from "@/lib/multipart";

// POST multipart/form-data with the image in the "file" field → 201 { media }.
export const POST = orgRoute(async (ctx, request) => {
  const { bytes, filename } = await readUploadedFile(ctx, request, "file", mediaUploadLimit(), mediaTooLarge);
  const media = await uploadMedia(ctx, { bytes, filename });
  return Response.json({ media }, { status: 201, headers: { "Cache-Control": "no-store" } });
});

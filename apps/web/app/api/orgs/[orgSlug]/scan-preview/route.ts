import { previewTextScan } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

/** The composer's as-you-type hint. POST so the draft text never appears in a URL or an access log. */
export const POST = orgRoute(async (ctx, request) => previewTextScan(ctx, await readJson(request)));

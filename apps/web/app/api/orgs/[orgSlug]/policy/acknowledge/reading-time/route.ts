import { recordMyReadingTime } from "@vetted/domain";
import { orgRoute, readJson } from "@/lib/http";

/** Seconds the signed-in member spent on their acknowledgement page (posted by the page's timer). */
export const POST = orgRoute(async (ctx, request) => recordMyReadingTime(ctx, await readJson(request)));

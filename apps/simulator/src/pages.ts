import { authenticate, requirePage, withFault, type Ctx } from "./context";
import { errors, sendJson, str } from "./http";

// Publishing to a Page feed and the app's webhook subscription on a Page (subscribed_apps).

/** POST /{page-id}/feed with message → {id:"{page-id}_{n}"}. */
export async function publish(ctx: Ctx, pageId: string): Promise<void> {
  const { state } = ctx.sim;
  const principal = authenticate(ctx);
  if (!state.pages.has(pageId)) throw errors.notFound(pageId);
  requirePage(ctx.sim, principal, pageId, "pages_manage_posts");
  const message = str(ctx.params.message);
  if (!message?.trim()) throw errors.param("Missing message or attachment");
  const id = await withFault(ctx, "publish", () => {
    const post = { id: `${pageId}_${state.nextSeq()}`, platform: "facebook" as const, accountId: pageId, message, createdTime: state.clock.nowSeconds() };
    state.posts.set(post.id, post);
    state.recordCall({ type: "publish", platform: "facebook", objectId: pageId, ok: true, text: message });
    return post.id;
  });
  sendJson(ctx.res, 200, { id });
}

const FIELD = /^[a-z_]{1,64}$/;

/** GET | POST | DELETE /{page-id}/subscribed_apps */
export function subscribedApps(ctx: Ctx, pageId: string): void {
  const { sim } = ctx;
  const principal = authenticate(ctx);
  if (!sim.state.pages.has(pageId)) throw errors.notFound(pageId);
  const page = requirePage(sim, principal, pageId, "pages_manage_metadata");
  if (ctx.method === "GET") {
    const data = page.subscribedFields.length ? [{ id: sim.appId, name: "Vetted (simulated)", subscribed_fields: page.subscribedFields }] : [];
    return sendJson(ctx.res, 200, { data });
  }
  if (ctx.method === "DELETE") {
    page.subscribedFields = [];
    return sendJson(ctx.res, 200, { success: true });
  }
  const raw = ctx.params.subscribed_fields;
  const fields = (Array.isArray(raw) ? raw.map(String) : (str(raw) ?? "").replace(/[[\]"]/g, "").split(",")).map((f) => f.trim()).filter(Boolean);
  if (!fields.length || !fields.every((f) => FIELD.test(f))) throw errors.param("Param subscribed_fields must be a list of field names");
  page.subscribedFields = [...new Set([...page.subscribedFields, ...fields])];
  sendJson(ctx.res, 200, { success: true });
}

// The media engineer's routes, in one place (client-safe): upload, display and redaction.
// Responses are read leniently ({ media: {...} } or the media object itself) so either shape works.

export interface MediaRef {
  id: string;
  width: number;
  height: number;
}

export const mediaSrc = (orgSlug: string, mediaId: string) => `/api/orgs/${orgSlug}/media/${mediaId}`;

function readMedia(body: unknown): MediaRef {
  const obj = (body && typeof body === "object" && "media" in body ? (body as { media: unknown }).media : body) as Partial<MediaRef> | null;
  if (!obj || typeof obj.id !== "string") throw new Error("The server did not return the stored image");
  return { id: obj.id, width: Number(obj.width) || 0, height: Number(obj.height) || 0 };
}

async function errorOf(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (response.status === 404 && !body?.error) return new Error("Image upload is not available yet on this server");
  return new Error(body?.error?.message ?? `The server answered ${response.status}`);
}

export async function uploadMedia(orgSlug: string, file: File): Promise<MediaRef> {
  const data = new FormData();
  data.append("file", file);
  const response = await fetch(`/api/orgs/${orgSlug}/media`, { method: "POST", body: data });
  if (!response.ok) throw await errorOf(response);
  return readMedia(await response.json());
}

/** Blurs the given boxes into a new media version; the post keeps the old one until it is swapped. */
export async function redactMedia(orgSlug: string, mediaId: string, boxes: number[][]): Promise<MediaRef> {
  const response = await fetch(`/api/orgs/${orgSlug}/media/${mediaId}/redact`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ boxes, mode: "blur" }),
  });
  if (!response.ok) throw await errorOf(response);
  return readMedia(await response.json());
}

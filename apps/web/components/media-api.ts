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

function errorFrom(status: number, body: unknown): Error {
  const message = (body as { error?: { message?: string } } | null)?.error?.message;
  if (status === 404 && !message) return new Error("Image upload is not available yet on this server");
  return new Error(message ?? `The server answered ${status}`);
}

async function errorOf(response: Response): Promise<Error> {
  return errorFrom(response.status, await response.json().catch(() => null));
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/**
 * Uploads one image. XMLHttpRequest rather than fetch: only it reports upload progress, and a
 * large photo on a slow line takes long enough that the author must see it is still going.
 */
export function uploadMedia(orgSlug: string, file: File, onProgress?: (fraction: number) => void): Promise<MediaRef> {
  const data = new FormData();
  data.append("file", file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/orgs/${orgSlug}/media`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.total ? e.loaded / e.total : 0);
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server; check the connection and try again"));
    xhr.onabort = () => reject(new Error("The upload was cancelled"));
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status < 200 || xhr.status >= 300) return reject(errorFrom(xhr.status, body));
      try {
        resolve(readMedia(body));
      } catch (error) {
        reject(error);
      }
    };
    xhr.send(data);
  });
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

/** A refused redaction: `fields` names the request items (`findingIds.<i>`, `boxes.<i>`) that failed. */
export class RedactionRefused extends Error {
  constructor(message: string, readonly fields: Record<string, string[]>) {
    super(message);
  }
}

/**
 * Obscures several areas of one image in ONE new version: findings' boxes by id (the server takes
 * each box from the finding) and boxes the user drew, in image pixels.
 */
export async function redactAreas(orgSlug: string, mediaId: string, areas: { findingIds: string[]; boxes: number[][] }): Promise<MediaRef> {
  const response = await fetch(`/api/orgs/${orgSlug}/media/${mediaId}/redact`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...areas, mode: "blur" }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string[]> } } | null;
    if (body?.error?.fields) throw new RedactionRefused(body.error.message ?? `The server answered ${response.status}`, body.error.fields);
    throw errorFrom(response.status, body);
  }
  return readMedia(await response.json());
}

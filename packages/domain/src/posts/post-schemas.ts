import { Channel } from "@vetted/db";
import { z } from "zod";
import { isUuid } from "../validate";

export const MAX_TEXT = 5000;
export const channelSchema = z.enum(Channel, { message: `Channel must be one of ${Object.values(Channel).join(", ")}` });

const text = z.string().max(MAX_TEXT, `Keep the text under ${MAX_TEXT} characters`);
const futureTime = z
  .string()
  .datetime({ offset: true, message: "Use an ISO date and time, e.g. 2026-12-01T15:00:00Z" })
  .refine((s) => Date.parse(s) > Date.now(), "The scheduled time must be in the future");

/**
 * The composer's images in order: a stored image's id, or "uploading" / "failed" for one whose upload
 * has not finished. A client that sends its placeholders gets the image named in the refusal, so a
 * post is never saved (or scanned and approved) without an image its author attached.
 */
const mediaSlots = z
  .array(z.string().max(64))
  .max(10, "At most 10 images per post")
  .superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      const n = i + 1;
      if (id === "uploading") ctx.addIssue({ code: "custom", message: `Image ${n} is still uploading` });
      else if (id === "failed") ctx.addIssue({ code: "custom", message: `Image ${n} failed to upload; remove it or try again` });
      else if (!isUuid(id)) ctx.addIssue({ code: "custom", message: `Image ${n} is not a valid image reference` });
    });
  });

export const postContentSchema = z.object({
  title: z.string().trim().min(1, "Give the post a working title").max(120, "Keep the title under 120 characters"),
  text: text.refine((t) => t.trim().length > 0, "Write the post's text"),
  channels: z.array(channelSchema).min(1, "Pick at least one channel").max(6).transform((c) => [...new Set(c)]),
  /** Per-channel variants; a channel without one uses `text`. */
  channelTexts: z.partialRecord(channelSchema, text).default({}),
  scheduledAt: futureTime.nullish(),
  mediaIds: mediaSlots.default([]),
});
export type PostContent = z.infer<typeof postContentSchema>;

export const postRefSchema = z.object({
  postId: z.string().uuid("Not a valid post id"),
  /** The revision the caller is looking at: a stale one is refused, so nobody acts on text they did not see. */
  revision: z.coerce.number().int().min(1, "Not a valid revision number"),
});

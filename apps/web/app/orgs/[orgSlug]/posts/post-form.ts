// FormData → the posts use cases' input. Not a server-action file: only plain helpers live here.

import { refuseControlCharsInForm } from "@/lib/input";

export { CHANNELS, channelLabel } from "./channels";

const str = (fd: FormData, key: string) => {
  const v = fd.get(key);
  return typeof v === "string" ? v : undefined;
};

/**
 * Lists and variants are only part of the input when the form says it sent them ("<key>:sent"),
 * because an empty checkbox group sends nothing at all: "none ticked" must not read as "unchanged".
 */
function list(fd: FormData, key: string): string[] | undefined {
  if (!fd.has(key) && !fd.has(`${key}:sent`)) return undefined;
  return fd.getAll(key).filter((v): v is string => typeof v === "string" && v !== "");
}

/** Throws VALIDATION for a field with a control character (lib/input.ts): call it inside orgAction's run. */
export function postInput(fd: FormData) {
  refuseControlCharsInForm(fd);
  const channels = list(fd, "channels");
  let channelTexts: Record<string, string> | undefined;
  if (fd.has("channelTexts:sent")) {
    channelTexts = {};
    for (const c of channels ?? []) {
      const text = str(fd, `channelTexts.${c}`);
      if (text?.trim()) channelTexts[c] = text;
    }
  }
  const scheduledAt = str(fd, "scheduledAt");
  const input = {
    postId: str(fd, "postId") || undefined,
    revision: str(fd, "revision"),
    title: str(fd, "title"),
    text: str(fd, "text"),
    channels,
    channelTexts,
    // An empty field clears the schedule; an absent one leaves it alone.
    scheduledAt: scheduledAt === undefined ? undefined : scheduledAt || null,
    mediaIds: list(fd, "mediaIds"),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

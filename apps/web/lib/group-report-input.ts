import type { ReportGroupPostInput } from "@vetted/domain";
import { zonedLocalToIso } from "./dates";

// The "Report a group post" multipart form → reportGroupPost's input. The form sends a mode (paste
// or screenshot), the text or the file, and a datetime-local in the org's zone; an empty file input
// (no file chosen) is "no screenshot". Anything else is passed on for the domain schema to judge.

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/** A datetime-local is read in the org's zone; an ISO instant (an API client) is passed as is. */
const instant = (value: string | undefined, timeZone: string) => (value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? zonedLocalToIso(value, timeZone) : value);

export async function groupReportInput(form: FormData, timeZone: string): Promise<ReportGroupPostInput> {
  const file = form.get("screenshot");
  const chosen = file instanceof Blob && file.size > 0 ? file : null;
  const mode = text(form, "mode") ?? (chosen ? "screenshot" : "paste");
  return {
    groupName: text(form, "groupName") ?? "",
    channel: text(form, "channel") as ReportGroupPostInput["channel"],
    authorUserId: text(form, "authorUserId"),
    authorName: text(form, "authorName"),
    postedAt: instant(text(form, "postedAt"), timeZone),
    ...(mode === "screenshot"
      ? { bytes: chosen ? new Uint8Array(await chosen.arrayBuffer()) : undefined, filename: chosen instanceof File ? chosen.name.slice(0, 1000) : undefined }
      : { text: text(form, "text") }),
  };
}

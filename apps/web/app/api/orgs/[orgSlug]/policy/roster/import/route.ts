import { AppError, decodeRosterFile, importRoster, previewRosterImport, ROSTER_MAX_BYTES } from "@vetted/domain";
import { orgRoute } from "@/lib/http";
import { readUploadedFile } from "@/lib/multipart";

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The roster file is larger than ${ROSTER_MAX_BYTES / 1024 / 1024} MB`, { file: ["The file is too large: split it"] });

/**
 * The roster CSV, multipart field "file": `?preview=1` parses and validates it and stores nothing;
 * without it the file is imported, all or nothing (any row error → 400 naming each row and column).
 */
export const POST = orgRoute(async (ctx, request) => {
  const { bytes } = await readUploadedFile(ctx, request, "file", ROSTER_MAX_BYTES, tooLarge, "the roster CSV");
  const input = { csv: decodeRosterFile(bytes) };
  return new URL(request.url).searchParams.get("preview") === "1" ? previewRosterImport(ctx, input) : importRoster(ctx, input);
});

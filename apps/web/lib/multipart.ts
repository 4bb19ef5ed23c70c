import { admitUpload, AppError, type TenantContext } from "@vetted/domain";
import { refuseControlCharsInForm } from "./input";

// Room for the multipart envelope (boundaries, part headers) on top of the file size limit.
const ENVELOPE_BYTES = 64 * 1024;

const fieldError = (message: string, field: string) => new AppError("VALIDATION", message, { [field]: [message] });

/**
 * Reads one file field of a multipart/form-data upload without ever holding more than the limit:
 * Content-Length is checked before the body is touched, and the bytes actually received are counted
 * while reading (the header can lie or be absent with chunked uploads). Oversized → 413; a body that
 * is not multipart, is malformed, or lacks the field → 400 naming the field. The other fields of the
 * form come back as `form` (their size counts towards the envelope allowance).
 */
export async function readUploadedFile(
  ctx: TenantContext,
  request: Request,
  field: string,
  maxFileBytes: number,
  tooLarge: () => AppError,
  /** What the file is, for the messages ("an image", "the signed form"). */
  what = "an image",
): Promise<{ bytes: Uint8Array; filename: string; form: FormData }> {
  const form = await readMultipartForm(ctx, request, field, maxFileBytes, tooLarge, what);
  const file = form.get(field);
  if (!(file instanceof Blob)) throw fieldError(`Attach ${what} in the "${field}" field`, field);
  if (file.size > maxFileBytes) throw tooLarge();
  return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file instanceof File ? file.name : "", form };
}

/**
 * The whole multipart/form-data body under the same limits as readUploadedFile, for a form whose
 * file is optional (the caller checks the file field's size). `field` and `what` name the file in
 * the messages.
 *
 * Every upload counts against the uploader's and the org's hourly budget (admitUpload, limits in
 * packages/domain/src/limits/limit-table.ts) before a byte of the body is read: over it, 429.
 */
export async function readMultipartForm(ctx: TenantContext, request: Request, field: string, maxFileBytes: number, tooLarge: () => AppError, what = "an image"): Promise<FormData> {
  await admitUpload(ctx);
  const cap = maxFileBytes + ENVELOPE_BYTES;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;\s*boundary=/i.test(contentType)) {
    throw fieldError(`Send ${what} as multipart/form-data in the "${field}" field`, field);
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > cap) throw tooLarge();
  if (!request.body) throw fieldError(`Attach ${what} in the "${field}" field`, field);

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > cap) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }

  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw fieldError(`The upload is not valid multipart/form-data; attach ${what} in the "${field}" field`, field);
  }
  // The other fields and the file name go through the same control-character rule as JSON (lib/input.ts).
  refuseControlCharsInForm(form);
  return form;
}

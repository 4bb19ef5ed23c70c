import type { UploadConsentInput } from "@vetted/domain";

// The multipart consent upload → uploadConsent's input. Lists come as repeated fields (a textarea
// with one recipient per line works too); checkboxes as "true"/"on". Whatever does not fit is
// passed on unchanged, so the domain schema rejects it naming the field.

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/** Optional fields: an empty input means "not given", not an invalid value. */
const optional = (form: FormData, key: string) => text(form, key)?.trim() || undefined;

/** Required text: absent reads as empty, so the message is the schema's ("Enter …"), not a type error. */
const required = (form: FormData, key: string) => text(form, key) ?? "";

function list(form: FormData, key: string, splitLines = false): string[] {
  const values = form.getAll(key).filter((v): v is string => typeof v === "string");
  return (splitLines ? values.flatMap((v) => v.split(/\r?\n/)) : values).map((v) => v.trim()).filter(Boolean);
}

function flag(form: FormData, key: string): unknown {
  const v = text(form, key);
  if (v === undefined || v === "" || v === "false" || v === "off") return false;
  return v === "true" || v === "on" ? true : v;
}

export function consentUploadInput(form: FormData, file: { bytes: Uint8Array; filename: string }): UploadConsentInput {
  return {
    bytes: file.bytes,
    filename: file.filename,
    subjectName: required(form, "subjectName"),
    dateOfBirth: optional(form, "dateOfBirth"),
    mrn: optional(form, "mrn"),
    informationDescription: required(form, "informationDescription"),
    discloser: required(form, "discloser"),
    recipients: list(form, "recipients", true),
    channels: list(form, "channels") as UploadConsentInput["channels"],
    purposes: list(form, "purposes") as UploadConsentInput["purposes"],
    expiresAt: optional(form, "expiresAt"),
    expirationEvent: optional(form, "expirationEvent"),
    signerName: required(form, "signerName"),
    isRepresentative: flag(form, "isRepresentative") as boolean,
    representativeAuthority: optional(form, "representativeAuthority"),
    signedAt: required(form, "signedAt"),
    ackRightToRevoke: flag(form, "ackRightToRevoke") as true,
    ackNoConditioning: flag(form, "ackNoConditioning") as true,
    ackRedisclosure: flag(form, "ackRedisclosure") as true,
  };
}

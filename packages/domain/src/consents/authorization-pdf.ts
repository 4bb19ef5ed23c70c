import { PDFDocument } from "pdf-lib";
import { sha256 } from "../media/media-files";
import { CHANNEL_TEXT, PURPOSE_TEXT, type RequestElements } from "./consent-request-records";
import { appendIncrementally } from "./pdf-incremental";
import { embedFonts, PAGE, PdfWriter } from "./pdf-layout";

// The signed authorization as a PDF: the form in plain language with every element of
// 45 CFR 164.508(c), the typed name and the drawn signature, then a signature certificate page.
//
// How the document hash works: the authorization pages are built and saved as a complete PDF first,
// and that file is hashed (SHA-256). The certificate page, which prints the hash, is then appended as
// a PDF incremental update, so the first `documentBytes` bytes of the final file are exactly the
// hashed document: `head -c <documentBytes> file.pdf | sha256sum` reproduces the printed value.

export interface SignedAuthorization {
  requestId: string;
  orgName: string;
  elements: RequestElements;
  signerName: string;
  isRepresentative: boolean;
  representativeAuthority: string | null;
  signedAt: Date;
  /** A plain PNG (see checkSignature). */
  signaturePng: Buffer;
}

export interface CertificateFacts {
  requestCreatedAt: Date;
  linkOpenedAt: Date | null;
  signedAt: Date;
  signerIp: string | null;
  signerUserAgent: string | null;
}

const iso = (d: Date) => d.toISOString();
const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** The authorization pages alone, as a finished PDF. */
export async function buildAuthorizationPdf(a: SignedAuthorization): Promise<{ bytes: Uint8Array; replacedCharacters: boolean }> {
  const doc = await PDFDocument.create();
  // Fixed metadata: the file says nothing the pages do not (no patient name in the title).
  doc.setTitle("Authorization to use and share health information");
  doc.setProducer("Vetted");
  doc.setCreator("Vetted");
  doc.setCreationDate(a.signedAt);
  doc.setModificationDate(a.signedAt);
  const w = new PdfWriter(doc, await embedFonts(doc));
  const e = a.elements;
  const patient = e.subjectName;

  w.text("Authorization to use and share your health information", { size: 17, font: w.fonts.bold, gap: 2 });
  w.text(`${a.orgName} · HIPAA authorization (45 CFR 164.508) · Request ${a.requestId}`, { size: 9, muted: true, gap: 10 });
  w.text(
    `Please read this form carefully. By signing it, you allow ${e.discloser} to use and share the information described below, ` +
      `for the purposes listed, until the date or event in section 5. Signing is your choice.`,
  );
  w.heading("Who this form is about");
  w.text(`Patient: ${patient}`);

  w.heading("1. What will be used and shared");
  w.text(e.informationDescription);
  w.heading("2. Who will share it");
  w.text(e.discloser);
  w.heading("3. Who will receive it");
  w.text(`${list(e.recipients)}.`);
  w.text(`It may be posted or shown on: ${list(e.channels.map((c) => CHANNEL_TEXT[c] ?? c))}.`);
  w.heading("4. Why it will be used");
  for (const p of e.purposes) w.bullet(PURPOSE_TEXT[p] ?? p);
  w.heading("5. When this permission ends");
  const end = [e.expiresAt ? `on ${iso(e.expiresAt).slice(0, 10)}` : null, e.expirationEvent ? `when this happens: ${e.expirationEvent}` : null].filter(Boolean);
  w.text(`This authorization ends ${end.join(", or ")}${end.length > 1 ? ", whichever comes first" : ""}.`);

  w.heading("Your rights");
  w.bullet(
    `You can take back (revoke) this permission at any time by writing to ${e.revocationContact}. A letter or an email is enough. ` +
      `Taking it back stops future use and sharing, but it cannot undo what was already used or shared while you allowed it. ` +
      `Our Notice of Privacy Practices explains how to do this.`,
  );
  w.bullet(`Your treatment, payment, enrollment in a health plan and eligibility for benefits do not depend on whether you sign this form. You may say no.`);
  w.bullet(
    `Once your information is shared, the people who receive it (including anyone who sees a public post) may share it again, ` +
      `and it may no longer be protected by the federal health privacy rules (HIPAA).`,
  );
  w.bullet(`You will get a copy of this signed form.`);

  const img = await doc.embedPng(a.signaturePng);
  const scale = Math.min(240 / img.width, 80 / img.height, 1);
  const [iw, ih] = [img.width * scale, img.height * scale];
  // The heading, the signature and the lines under it stay together on one page.
  w.ensure(ih + 150);
  w.heading("Signature");
  w.y -= ih + 4;
  w.page.drawImage(img, { x: PAGE.margin, y: w.y, width: iw, height: ih });
  w.page.drawLine({ start: { x: PAGE.margin, y: w.y - 2 }, end: { x: PAGE.margin + 260, y: w.y - 2 }, thickness: 0.5 });
  w.y -= 8;
  w.text(`Signed by: ${a.signerName} (typed name)`, { font: w.fonts.bold });
  if (a.isRepresentative) {
    w.text(`Signed for the patient, ${patient}, by their personal representative, ${a.signerName}.`);
    w.text(`Representative's authority to act for the patient: ${a.representativeAuthority ?? ""}`);
  } else {
    w.text("Signed by the patient.");
  }
  w.text(`Date signed: ${iso(a.signedAt).slice(0, 10)} (${iso(a.signedAt)} UTC)`);
  w.text(
    "The signer read this form, acknowledged each statement under \"Your rights\", and confirmed that the typed name and the drawn signature are their electronic signature.",
    { size: 9, muted: true },
  );
  w.footers("Authorization");
  return { bytes: await doc.save({ useObjectStreams: false }), replacedCharacters: w.replacedCharacters };
}

/** The certificate page appended to the saved authorization (see the note at the top). */
export async function appendCertificate(authorization: Uint8Array, a: SignedAuthorization, facts: CertificateFacts, replacedCharacters: boolean) {
  const documentSha256 = sha256(authorization);
  const documentBytes = authorization.length;
  const pdf = await appendIncrementally(authorization, async (doc) => {
    const authorizationPages = doc.getPageCount();
    const w = new PdfWriter(doc, await embedFonts(doc));
    w.text("Signature certificate", { size: 17, font: w.fonts.bold, gap: 2 });
    w.text(`Added by Vetted after signing. It records how and when the authorization on pages 1 to ${authorizationPages} was signed.`, { size: 9, muted: true, gap: 10 });
    w.row("Request id", a.requestId, true);
    w.row("Organization", a.orgName);
    w.row("Request created (UTC)", iso(facts.requestCreatedAt), true);
    w.row("Link first opened (UTC)", facts.linkOpenedAt ? iso(facts.linkOpenedAt) : "not recorded", true);
    w.row("Signed (UTC)", iso(facts.signedAt), true);
    w.row("Signer's IP address", facts.signerIp ?? "not available", true);
    w.row("Signer's browser (user agent)", facts.signerUserAgent ?? "not available", true);
    w.row("Signed by", `${a.signerName}${a.isRepresentative ? " (personal representative)" : " (the patient)"}`);
    w.row("How it was signed", "Typed full name and a signature drawn on the signer's screen, through a single-use link the organization sent to the patient.");
    w.rule();
    w.row("Authorization document", `Pages 1 to ${authorizationPages}: the first ${documentBytes} bytes of this file.`);
    w.row("SHA-256 of the authorization document", documentSha256, true);
    w.text(
      `To check it: the authorization was saved as a complete PDF before this page was added as an incremental update, so the first ${documentBytes} bytes ` +
        `of this file are that document, unchanged. Their SHA-256 must equal the value above, for example: head -c ${documentBytes} file.pdf | sha256sum`,
      { size: 9, muted: true },
    );
    if (replacedCharacters) {
      w.text("Some characters could not be shown in the PDF's font and appear without accents or as \"?\"; the register keeps the exact text.", { size: 9, muted: true });
    }
    w.footers("Signature certificate", authorizationPages);
  });
  return { pdf, documentSha256, documentBytes };
}

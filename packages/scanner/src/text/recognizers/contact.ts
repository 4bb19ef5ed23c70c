// CONTACT: phone, fax, email, personal URL, IP address. The org's own numbers and sites are not PHI,
// so each hit is judged by who it belongs to.
import { makeCandidate, windowAfter, windowBefore, type Candidate, type ScanContext } from "../candidate.js";
import { digitFacts } from "../digits.js";

const PHONE_RE = /(?<![\d-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])?\d{3}[ .-]\d{4}(?![\d-])/g;
const EMAIL_RE = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,6}/gu;
const IP_RE = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g;
const PERSONAL_URL_RE =
  /(?:https?:\/\/)?(?:www\.)?(?:gofundme\.com|gf\.me|caringbridge\.org|mealtrain\.com|venmo\.com|cash\.app|paypal\.me|linktr\.ee|facebook\.com|instagram\.com|tiktok\.com|x\.com|twitter\.com|spotfund\.com|givesendgo\.com)\/[^\s<>"')]{1,200}/gi;

const PERSONAL_PHONE_CUES = /(my|his|her|their|your) (cell|number|phone|#)|call me|text me|reach me|call (him|her|you)|reach (him|her|you)|call you at|contact me|my # is|(cell|number) is/;
const ORG_PHONE_CUES = /call (us|our)|our (office|line|team|nurse line|main line|front desk|clinic)|line|hotline|office|clinic|pharmacy|schedule|book|appointment|scheduled|lifeline|call ahead|front desk|team at|info|información|llame/;

export function recognizeContacts(context: ScanContext): Candidate[] {
  const found: Candidate[] = [];
  const { text, kind } = context;
  // Text in a photo (a chart, a label) is not the org's own copy: its numbers belong to someone.
  const fromPublic = kind === "comment" || kind === "group_post" || context.source === "image";

  const digits = digitFacts(context).count;
  // A phone number has at least 7 digits, an IP address at least 4.
  for (const match of digits >= 7 ? text.matchAll(PHONE_RE) : []) {
    const start = match.index;
    const end = start + match[0].length;
    const before = windowBefore(context, start, 60);
    const personalCue = PERSONAL_PHONE_CUES.test(before);
    const orgCue = ORG_PHONE_CUES.test(before) || /^\s*(to|para) /.test(windowAfter(context, end, 8));
    const personal = personalCue || (fromPublic && !orgCue);
    if (!personal) continue;
    found.push(makeCandidate(context, "CONTACT", start, end, {
      score: personalCue ? 0.95 : 0.8,
      recognizer: "contact.phone",
      explanation: "a personal phone number",
      personal: true,
      subtype: "phone",
    }));
  }

  for (const match of text.includes("@") ? text.matchAll(EMAIL_RE) : []) {
    const start = match.index;
    const local = match[0].split("@")[0]?.toLowerCase() ?? "";
    const roleMailbox = /^(info|contact|hello|help|support|careers|jobs|recruiting|hr|billing|office|admin|media|press|frontdesk|appointments|records|privacy|team|marketing|donate|giving|volunteer)/.test(local);
    if (roleMailbox || (!fromPublic && !/(my|his|her|their|your|to) /.test(windowBefore(context, start, 30)))) continue;
    found.push(makeCandidate(context, "CONTACT", start, start + match[0].length, {
      score: 0.9, recognizer: "contact.email", explanation: "a personal email address", personal: true, subtype: "email",
    }));
  }

  for (const match of digits >= 4 && text.includes(".") ? text.matchAll(IP_RE) : []) {
    found.push(makeCandidate(context, "CONTACT", match.index, match.index + match[0].length, {
      score: 0.9, recognizer: "contact.ip", explanation: "an IP address tied to an individual", personal: true, subtype: "ip",
    }));
  }

  for (const match of text.includes("/") ? text.matchAll(PERSONAL_URL_RE) : []) {
    const url = match[0].toLowerCase();
    const fundraiser = /gofundme|gf\.me|caringbridge|mealtrain|venmo|cash\.app|paypal|spotfund|givesendgo/.test(url);
    if (!fundraiser && !fromPublic) continue;
    found.push(makeCandidate(context, "CONTACT", match.index, match.index + match[0].length, {
      score: fundraiser ? 0.9 : 0.6,
      recognizer: "contact.url",
      explanation: fundraiser ? "a personal fundraiser link" : "a personal profile link",
      personal: true,
      subtype: "url",
    }));
  }
  return found;
}

// NAME inside @mentions and hashtags: "@mama_kahale", "#PrayersForJake", "#JakeStrong".
import { makeCandidate, type Candidate, type ScanContext } from "../candidate.js";
import { nameBase } from "./name-tokens.js";

const ORG_HANDLE = /hosp|clinic|health|medic|mc$|pharm|dental|rehab|care|center|official|news|county|city|team|hq|smiles|hospice|_er$/;
const STAFF_HANDLE = /nurse|(^|[._])rn($|[._])|(^|[._])dr|doc|(^|[._])md($|[._])|np$/;
const SUPPORT_HASHTAG = /(?:prayers?|praying|pray)(?:for|4)|team|strong|warrior|tough|fight|journey|army|nation|miracle|brave|justice|love|healing|heal|recovery/i;
// Campaign words that are never the person in a support hashtag.
const HASHTAG_STOPWORDS = new Set(["prayers", "prayer", "pray", "praying", "for", "team", "strong", "warrior", "tough", "fight", "journey", "army", "nation", "miracle", "brave", "justice", "love", "healing", "heal", "recovery", "baby", "little", "the", "our", "nicu", "grad", "cancer", "awareness", "month", "life", "family", "proud", "cares", "stands", "we"]);

export function recognizeHandles(context: ScanContext, knownNames: Set<string>): Candidate[] {
  const found: Candidate[] = [];
  for (const token of context.tokens) {
    if (token.kind === "mention") {
      const handle = token.lower.slice(1);
      if (ORG_HANDLE.test(handle) || STAFF_HANDLE.test(handle)) continue;
      found.push(makeCandidate(context, "NAME", token.start, token.end, {
        score: 0.6, recognizer: "name.mention", explanation: "a person's @handle", role: "unknown", subtype: "handle",
      }));
    } else if (token.kind === "hashtag" && SUPPORT_HASHTAG.test(token.text)) {
      const tag = token.text.slice(1);
      for (const part of tag.matchAll(/\p{Lu}[\p{Ll}'’]+|\p{Ll}+/gu)) {
        const base = nameBase(part[0].toLowerCase());
        if (HASHTAG_STOPWORDS.has(base) || base.length < 3) continue;
        const lexiconName = context.lexicons.nameKind(base) !== 0 && !context.lexicons.isWordyName(base);
        if (!lexiconName && !knownNames.has(base)) continue;
        const start = token.start + 1 + part.index;
        found.push(makeCandidate(context, "NAME", start, start + part[0].length, {
          score: 0.8, recognizer: "name.hashtag", explanation: "a person's name inside a support hashtag", role: "patient", subtype: "first", personal: true,
        }));
      }
    }
  }
  return found;
}

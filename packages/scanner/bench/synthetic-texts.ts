// The texts bench:scanner times when the labelled dev corpus (../shared/eval, outside the repository)
// is absent, as on a fresh clone or in CI: 400 of our own sentences, built from templates, deterministic.
// Roughly the corpus's mix of kinds and lengths (a third naming a person with a health detail, the rest
// plain announcements and questions), so the figures are of the same order, but they are a different
// corpus: the bench names which one it timed and the two are never compared.
import type { TextKind } from "../src/types.js";

const FIRST = ["Halvard", "Ottilie", "Benedek", "Marisol", "Caspian", "Winnifred", "Teodora", "Anselm", "Rosalind", "Evander"];
const LAST = ["Brightwater", "Quennell", "Ostrowski", "Villanueva", "Achterberg", "Lindqvist", "Mahmoud", "Fairweather"];
const CONDITIONS = ["knee replacement", "pneumonia", "a broken wrist", "gallbladder surgery", "a mild stroke", "chemotherapy", "a heart valve repair"];
const PLACES = ["the north lobby", "the cafeteria", "the east parking garage", "the community room", "the main entrance"];

const WITH_PERSON: ((name: string, i: number) => string)[] = [
  (n, i) => `Sending love to ${n} who is recovering from ${CONDITIONS[i % CONDITIONS.length]} on the third floor, room ${200 + (i % 70)}.`,
  (n, i) => `so glad my grandma ${n} is home after ${CONDITIONS[(i + 2) % CONDITIONS.length]}, the nurses were amazing`,
  (n) => `Does anyone know if ${n} is still in the ICU? We were told she came in Tuesday night.`,
  (n, i) => `Congratulations to ${n} on finishing ${CONDITIONS[(i + 4) % CONDITIONS.length]} treatment! Born ${1 + (i % 12)}/${1 + (i % 27)}/19${50 + (i % 40)}, still going strong.`,
  (n) => `${n} asked me to say thank you to everyone in cardiology, call him at 555-01${String(10 + (n.length % 80)).padStart(2, "0")} if you want to visit`,
];
const PLAIN: ((i: number) => string)[] = [
  (i) => `Flu shots are available in ${PLACES[i % PLACES.length]} every weekday from 8 to 4. No appointment needed.`,
  (i) => `Our volunteers packed ${100 + i} care kits for the winter drive this weekend. Thank you all!`,
  () => "Is the pharmacy open on public holidays?",
  (i) => `Join our free diabetes prevention class, session ${1 + (i % 6)} starts Monday at 6 pm in ${PLACES[(i + 1) % PLACES.length]}.`,
  () => "We are hiring night-shift nurses and respiratory therapists. Apply on our careers page.",
  (i) => `Parking in ${PLACES[(i + 2) % PLACES.length]} is closed for repaving until Friday; please use the visitor lot.`,
  () => "What a beautiful sunrise over the new wing this morning.",
  (i) => `Happy Nurses Week to our ${300 + i} nurses across every unit!`,
];
const KINDS: TextKind[] = ["post", "comment", "comment", "reply", "group_post", "caption"];

export function syntheticTexts(count = 400): { text: string; kind: TextKind }[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const text = i % 3 === 0 ? WITH_PERSON[(i / 3) % WITH_PERSON.length]!(name, i) : PLAIN[i % PLAIN.length]!(i);
    return { text, kind: KINDS[i % KINDS.length]! };
  });
}

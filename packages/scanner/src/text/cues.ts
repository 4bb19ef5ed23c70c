// Context vocabularies that tell who a text is about. Lowercase, matched on whole tokens.

const set = (words: string): Set<string> => new Set(words.trim().split(/\s+/));

/** Relatives and close people: "my son", "her granddaughter", "the councilman's son". */
export const KIN = set(`
son sons daughter daughters mom mommy mother mama mamá mum dad daddy father papa pops pop brother bro sister sis
nephew nefew neice niece aunt auntie tia tía uncle tio tío cousin grandma grandmother granny nana abuela abuelita grandpa
grandfather abuelo gramps grandson granddaughter grandbaby grandkid grandchild husband hubby wife partner boyfriend
girlfriend fiance fiancé fiancée kid kiddo child baby babies toddler twins neighbor neighbour bestie stepson stepdaughter
stepmom stepdad mil fil in-law father-in-law mother-in-law family boy girl
hijo hija hijos hijas esposo esposa hermano hermana sobrino sobrina nieto nieta primo prima papá madre padre suegro suegra
`);

/** Determiners that make a kin word point at one real person. */
export const KIN_OWNERS = set(`my our his her their your mi su ur me`);

/** Courtesy and community titles that precede a patient's or relative's name in posts. */
export const PERSON_TITLES = set(`
mr. mr mrs. mrs ms. ms miss mx. deacon pastor officer sgt. sgt sergeant coach judge abuela abuelo nonna nonno papa mama
doña don señora señor sra. sr. baby lil little grandma grandpa granny nana auntie uncle aunt brother sister capt. captain
chief mayor councilman councilwoman reverend rev. father
`);

/** Titles and credentials of clinicians and staff: a name next to them is staff, not PHI. */
export const STAFF_TITLES = set(`
dr. dr doctor nurse np pa dentist hygienist counselor counsellor chaplain therapist pharmacist prof. professor surgeon
midwife doula tech technician paramedic emt volunteer artist
`);
export const STAFF_CREDENTIALS = set(`md m.d. rn np pa-c dds dmd do lcsw lpn cna pharmd phd dpt ot pt crna aprn fnp mft lmft`);

/** Role nouns that, next to a name, mark staff ("our hygienist Brittany", "Kayla is the night nurse"). */
export const STAFF_ROLES = set(`
nurse nurses doctor doc physician surgeon hygienist dentist counselor counsellor therapist pharmacist tech technician
chaplain volunteer volunteers resident residents intern interns fellow provider receptionist staff team crew colleague
coworker manager director ceo cno cmo coordinator assistant aide artist ambassador educator instructor midwife
`);

/** Sentence cues that the people named are staff being celebrated, hired or thanked for work. */
export const STAFF_SENTENCE_CUES = set(`
welcome welcoming joins joined joining hiring hired retire retires retiring retirement anniversary promoted
award honoree daisy nominated graduates graduated residency fellowship mvp mvps crew staff employee colleagues coworkers
`);

/** People whose health is public record: a name next to these is not a patient of the org. */
export const PUBLIC_TITLES = set(`president senator governor congressman congresswoman prince princess queen king pope olympian singer actor actress rapper celebrity`);

/** Phrases (as token sequences) that introduce a patient or someone being prayed for. */
export const PATIENT_INTRO_PHRASES: string[][] = [
  ["prayers", "for"], ["praying", "for"], ["pray", "for"], ["prayers", "to"], ["lifting", "up"], ["keep"],
  ["rest", "easy"], ["rip"], ["r.i.p"], ["welcome", "home"], ["our", "patient"], ["patient"], ["pt"], ["pt", "is"], ["my", "pt"],
  ["our", "buddy"], ["our", "pal"], ["our", "guy"], ["our", "girl"], ["our", "friend"], ["our", "sweetheart"], ["warrior"],
  ["our", "favorite", "patient"], ["whoever", "had"], ["who", "had"], ["i", "had"], ["care", "of"], ["caring", "for"],
  ["cared", "for"], ["visit", "from"], ["speedy", "recovery", "to"], ["get", "well"], ["thoughts", "with"], ["go"],
];

/** Words that say someone is or was a patient, even without a diagnosis. */
export const PATIENT_STATUS = set(`
patient patients pt pts intake admitted admission discharged discharge passed died rip stay stayed visit visits appointment appt
appointments follow-up followup recovering recovery treated treating brave bravely regulars regular customer resident
residents client member hospitalized inpatient outpatient bedside bell feeling better healing diagnosed dx care cared caring
`);

/** Organisation words: a capitalized run that ends in one of these is an organisation or place, not a person. */
export const ORG_WORDS = set(`
hospital hospitals clinic clinics health healthcare medical center centre pharmacy pharmacies dental dentistry rehab
rehabilitation hospice foundation pavilion wing elementary high school college university church county city street st
st. ave ave. avenue rd rd. road way blvd boulevard lane dr. drive park plaza mall hall institute care urgent behavioral
community women's children's memorial regional family smiles group associates partners pediatrics orthopedics
cardiology oncology imaging labs lab unit floor garden chapel lounge costco walmart channel news
`);

/** Common capitalized words that are never names in this domain even though a name list has them. */
export const NEVER_NAMES = set(`
i i'm i've i'll im ive the a an and or but so if we you he she they it this that my our your his her their
dr. mr. mrs. ms. miss nurse doctor happy congrats congratulations thanks thank welcome shoutout shout hi hey hello dear
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter thanksgiving god lord jesus
er ed icu nicu picu or rm room bed bay unit floor suite north south east west
pt pts rn md np pa dds tbi dka covid hipaa mri ct ekg cpr ama npo mrsa adhd copd pgy1
baby lil little big sweet our newest new cinco mayo
`);

/** Pet cues: "Meet Biscuit 🐶", "therapy dog". */
export const PET_WORDS = set(`dog dogs pup puppy pupper cat kitty golden retriever lab doodle pet pets paw paws goodest 🐶 🐕 🐾 🐱 🐈`);

/** Cues that the person agreed to be featured: a named testimonial is then review, not block. */
export const CONSENT_PHRASES: string[][] = [
  ["with", "her", "permission"], ["with", "his", "permission"], ["with", "their", "permission"], ["with", "permission"],
  ["asked", "us", "to", "share"], ["agreed", "to", "share"], ["wanted", "to", "share"], ["letting", "us", "share"],
  ["for", "sharing"], ["family's", "blessing"], ["in", "his", "own", "words"], ["in", "her", "own", "words"],
  ["patient", "story"], ["patient", "spotlight"], ["consent"], ["shared", "with"],
];

/** Words marking aggregate or educational talk rather than one person. */
export const GENERIC_PERSON_WORDS = set(`anyone everyone everybody someone somebody people folks families kids children patients parents adults women men`);

/** Third-person singular pronouns: tie a health term to a person mentioned nearby. */
export const SINGULAR_PRONOUNS = set(`he she him his her he's she's hes shes himself herself`);

export const SELF_WORDS = set(`i i'm im i've ive i'd i'll me my mine myself`);

/** Nouns that refer to one unnamed person in staff chatter or posts ("the guy in 7B", "a young mom"). */
export const PERSON_NOUNS = set(`
guy lady man woman boy girl kid baby pt patient gentleman gent dude teen teenager toddler infant newborn veteran grandfather
grandmother mom dad mother father wife husband son daughter sir ma'am resident client customer
`);

/**
 * Membership of a lowercase word in the vocabularies above, as bits, so that the per-token loops
 * ask one map instead of five sets. Tokens carry the bits of their `lower` as `token.cue`.
 */
export const CUE = {
  KIN: 1, KIN_OWNER: 2, PERSON_TITLE: 4, STAFF_TITLE: 8, NEVER_NAME: 16, PATIENT_STATUS: 32, PET: 64, STAFF_SENTENCE: 128,
  GENERIC_PERSON: 256, SINGULAR_PRONOUN: 512, SELF: 1024, PERSON_NOUN: 2048, STAFF_CREDENTIAL: 4096,
} as const;

const CUE_FLAGS = new Map<string, number>();
for (const [bit, words] of [
  [CUE.KIN, KIN], [CUE.KIN_OWNER, KIN_OWNERS], [CUE.PERSON_TITLE, PERSON_TITLES], [CUE.STAFF_TITLE, STAFF_TITLES],
  [CUE.NEVER_NAME, NEVER_NAMES], [CUE.PATIENT_STATUS, PATIENT_STATUS], [CUE.PET, PET_WORDS], [CUE.STAFF_SENTENCE, STAFF_SENTENCE_CUES],
  [CUE.GENERIC_PERSON, GENERIC_PERSON_WORDS], [CUE.SINGULAR_PRONOUN, SINGULAR_PRONOUNS], [CUE.SELF, SELF_WORDS], [CUE.PERSON_NOUN, PERSON_NOUNS],
  [CUE.STAFF_CREDENTIAL, STAFF_CREDENTIALS],
] as const) {
  for (const word of words) CUE_FLAGS.set(word, (CUE_FLAGS.get(word) ?? 0) | bit);
}

export function cueFlags(lower: string): number {
  return CUE_FLAGS.get(lower) ?? 0;
}

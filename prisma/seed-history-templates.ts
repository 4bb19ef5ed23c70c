// Texts of the demo history (seed-history.ts): generic healthcare-marketing posts written for the
// demo, filled from small vocabularies per kind of organization. About one template in five names a
// (fictional) patient next to a condition, a room, a date or a record number, so the real scanner
// blocks it; each of those has a `fixed` text, the revision a consultant sends after the officer asks
// for changes. Every text stays under 250 characters, so X's limit never refuses a seeded post.

export type OrgKind = "HOSPITAL" | "DENTAL" | "SENIOR_LIVING";

export interface Vocabulary {
  dept: string[];
  service: string[];
  condition: string[];
  procedure: string[];
  tip: string[];
}

export const VOCABULARY: Record<OrgKind, Vocabulary> = {
  HOSPITAL: {
    dept: ["cardiology", "maternity", "orthopedic", "emergency", "oncology", "pediatric", "imaging", "rehabilitation"],
    service: ["3D mammography", "walk-in flu shots", "evening imaging appointments", "a heart health screening", "virtual visits", "a diabetes education class"],
    condition: ["a stroke", "breast cancer", "heart failure", "pneumonia", "a hip fracture", "sepsis"],
    procedure: ["a hip replacement", "bypass surgery", "a knee replacement", "spinal surgery", "a C-section"],
    tip: ["Know the signs of a stroke: face drooping, arm weakness, speech difficulty. Call 911 right away.", "Washing your hands for 20 seconds is still one of the best ways to stay healthy this season.", "Walking 30 minutes a day can lower your blood pressure. Start with ten and build up."],
  },
  DENTAL: {
    dept: ["hygiene", "orthodontics", "pediatric dentistry", "front desk"],
    service: ["Saturday cleanings", "clear aligner consults", "teeth whitening", "sealants for kids", "same-day crowns"],
    condition: ["gum disease", "a cracked molar", "an abscess", "severe dental anxiety"],
    procedure: ["a root canal", "a dental implant", "two extractions", "a full-mouth restoration"],
    tip: ["Replace your toothbrush every three months, or sooner if the bristles fray.", "Floss once a day: it reaches the spots your brush cannot.", "Sugary drinks between meals are tough on enamel. Water is your smile's best friend."],
  },
  SENIOR_LIVING: {
    dept: ["memory care", "assisted living", "activities", "dining", "wellness"],
    service: ["chair yoga", "a music and memory program", "a garden club", "tech help hour", "a Sunday brunch"],
    condition: ["dementia", "a hip fracture", "Parkinson's disease", "a stroke"],
    procedure: ["a hip replacement", "cataract surgery", "a pacemaker implant"],
    tip: ["Staying hydrated matters more as we age. Keep a water glass within reach all day.", "Balance exercises twice a week help prevent falls. Ask our wellness team for a routine.", "A short walk after meals helps digestion and sleep."],
  },
};

export const EVENTS = ["open house", "health fair", "blood drive", "community 5K", "free screening day", "lunch and learn", "family picnic"];
export const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const TIMES = ["9 to noon", "10 to 2", "1 to 4", "4 to 7"];
export const AWARENESS = ["Heart Health", "Breast Cancer", "Diabetes", "Mental Health", "Healthy Aging", "Oral Health"];
export const FIRST_NAMES = ["Rosalind", "Theo", "Marguerite", "Desmond", "Ingrid", "Bartholomew", "Lucinda", "Ambrose", "Henrietta", "Cornelius", "Philippa", "Leopold"];
export const LAST_NAMES = ["Vandersloot", "Okonkwo-Reyes", "Pemberton", "Castellanos", "Abernathy", "Lindgren", "Whitcombe", "Fairbanks", "Delacroix", "Haverford"];

/** The words a template may use; each post draws its own. */
export type Slots = Record<"dept" | "service" | "condition" | "procedure" | "tip" | "event" | "day" | "time" | "awareness" | "first" | "last" | "room" | "date" | "mrn" | "dob", string>;

export interface Template {
  title: string;
  text: string;
  /** The text once the patient details are taken out; only templates that name a patient have one. */
  fixed?: string;
  /** The officer may approve over what this template's scan blocks (no MRN or date of birth). */
  overridable?: boolean;
}

export const CLEAN_TEMPLATES: Template[] = [
  { title: "{Event} this {day}", text: "Join us this {day} from {time} for our {event}. Meet the {dept} team, tour the space and bring your questions. Free parking and light refreshments!" },
  { title: "Now offering {service}", text: "We're excited to share that we now offer {service}. Ask at the front desk or call our main line to learn more." },
  { title: "Health tip of the week", text: "Health tip of the week: {tip}" },
  { title: "Welcome to our {dept} team", text: "Please welcome the newest members of our {dept} team! Say hello next time you stop by." },
  { title: "Thank you, volunteers", text: "A huge thank-you to the volunteers who gave their time to our {dept} program this season. You make a difference every day." },
  { title: "Holiday hours", text: "Our hours change for the holiday: we close at 2 pm on {day} and reopen at 8 am the next morning. Questions? Call our main line." },
  { title: "{Awareness} Awareness Month", text: "This month is {awareness} Awareness Month. Talk with your care team about the screenings that are right for you." },
  { title: "We're hiring", text: "We're hiring! Stop by our career fair on {day} from {time} to meet the hiring managers of our {dept} team." },
  { title: "Behind the scenes: {dept}", text: "Ever wondered what a day in {dept} looks like? Follow our stories this week for a behind-the-scenes look at the people and the equipment." },
  { title: "Food drive", text: "We're proud to partner with the local food bank: drop off canned goods at our main entrance through {day}." },
  { title: "Thanks for your feedback", text: "Thank you to everyone who answered our experience survey. Your feedback is shaping our new evening hours." },
  { title: "Recognized for quality", text: "Our {dept} team was recognized for quality and safety this year. Thank you to every member of staff and every volunteer who made it possible." },
  { title: "{Service}: book now", text: "Spots are open for {service} next week. Book online or call us; same-week appointments are often available." },
  { title: "{Event} recap", text: "What a turnout at our {event}! Thank you to our neighbors for coming out, and to the {dept} team for a wonderful day." },
];

export const PHI_TEMPLATES: Template[] = [
  {
    title: "Recovery story", overridable: true,
    text: "So proud of {first} {last}, who walked out of our {dept} unit this week after treatment for {condition}!",
    fixed: "So proud of every patient who walked out of our {dept} unit on their own this week. Recovery takes courage!",
  },
  {
    title: "Birthday on the {dept} floor", overridable: true,
    text: "Happy 90th birthday to {first} {last} in room {room}, back on their feet after {procedure}! The {dept} team brought cake.",
    fixed: "Happy birthday to everyone celebrating this month! The {dept} team brought cake and balloons.",
  },
  {
    title: "Discharge day", overridable: true,
    text: "Discharge day! {first} {last} went home on {date} after {procedure}. Wishing you a smooth recovery.",
    fixed: "Discharge days are our favorite days. Wishing everyone heading home this week a smooth recovery.",
  },
  {
    title: "Patient spotlight", overridable: true,
    text: "Meet {first}, who beat {condition} and rang the bell after a last treatment at our {dept} center on {date}.",
    fixed: "Ringing the bell after a last treatment is a moment we never get tired of. Congratulations to all of our graduates!",
  },
  {
    title: "Shout-out to the {dept} floor",
    text: "Great teamwork on the {dept} floor today, and a special shout-out to the team caring for MRN {mrn}!",
    fixed: "Great teamwork on the {dept} floor today, and a shout-out to the whole team!",
  },
  {
    title: "100 years young",
    text: "{first} {last} (DOB {dob}) celebrates 100 years with us today! Join us in wishing a very happy birthday.",
    fixed: "One of our community members celebrates 100 years with us today! Join us in wishing a very happy birthday.",
  },
];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Fills `{slot}` (and `{Slot}`, capitalized) from `slots`. */
export function fill(template: string, slots: Slots): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    const value = slots[key as keyof Slots];
    if (value === undefined) throw new Error(`template slot {${name}} has no value`);
    return name === key ? value : capitalize(value);
  });
}

/** Comments an officer leaves with a request for changes or a rejection (never patient details). */
export const CHANGE_COMMENTS = [
  "Please take out the patient's name and anything that identifies them, then resubmit.",
  "We can't post details of someone's care without a signed authorization. Please make it general.",
  "Lovely story, but the room number and the date point at one person. Please remove them.",
  "Please rephrase so nobody can tell who the patient is.",
];
export const REJECT_COMMENTS = [
  "This one identifies a patient and we have no authorization on file. Rejected; please start from a general message.",
  "Not something we can post: the medical record number must never appear on social media.",
  "The client decided not to run this one.",
];
export const OVERRIDE_JUSTIFICATIONS: [code: "NOT_PHI_IN_CONTEXT" | "PUBLIC_BY_PATIENT" | "OTHER", text: string][] = [
  ["PUBLIC_BY_PATIENT", "The patient shared this story publicly on the clinic's page and asked us to repost it."],
  ["NOT_PHI_IN_CONTEXT", "The name is the patient's chosen nickname used in a public community newsletter, not care information."],
  ["OTHER", "Marketing confirmed with the client's privacy office that the family approved this wording in writing."],
];
/** What consultants and officers write to each other on a post (the client's wishes, scheduling). */
export const POST_COMMENTS = [
  "The client asked whether we can move this to next week.",
  "Client's marketing lead would like a warmer tone in the first sentence.",
  "Can we add the link to the registration page before it goes out?",
  "The client approved the wording on our call this morning.",
  "Please double-check the hours with the front desk before scheduling.",
];

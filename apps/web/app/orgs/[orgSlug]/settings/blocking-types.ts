// Finding types an approval policy can name as blocking. Its own file: the policy form (a client
// component) needs the list without pulling in the server-side input parsing.
export const BLOCKING_TYPES = ["NAME", "DATE", "AGE", "CONTACT", "ID", "LOCATION", "HEALTH", "PHOTO_REF", "FACE"] as const;

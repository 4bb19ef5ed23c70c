// The channels a post can go to, with their labels. Its own file so client components can use it
// without pulling in the server-side form parsing of post-form.ts.
export const CHANNELS = ["FACEBOOK", "INSTAGRAM", "X", "LINKEDIN", "TIKTOK", "PRIVATE_GROUP"] as const;
export const channelLabel = (c: string) => ({ FACEBOOK: "Facebook", INSTAGRAM: "Instagram", X: "X", LINKEDIN: "LinkedIn", TIKTOK: "TikTok", PRIVATE_GROUP: "Private group" })[c] ?? c;

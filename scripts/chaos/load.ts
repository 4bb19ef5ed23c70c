// The work the faults hit, sent through the web app as its users would: a consultant's posts, each
// with its text and an uploaded image (submit writes the ScanJob outbox row and tries the queue at
// once), and admins' burst of invitations (each one writes an outbox mail in its transaction).
import pg from "pg";
import sharp from "sharp";
import { HttpError, pool, type WebSession } from "../harness/web-session";

export interface SubmittedPost {
  postId: string;
  scanJobId: string;
  /** false when the web could not hand the scan to the queue itself (Redis down): the worker's dispatcher sends it. */
  dispatched: boolean;
}

const NAMES = ["Maren Oyelaran", "Tobiah Kestrel", "Ilse Vantongeren", "Rasmus Achterberg", "Noor Halloway"];

/** Every fourth post names a patient and a procedure (findings), the others are plain announcements. */
export function chaosPostText(i: number): string {
  if (i % 4 === 0) return `Wishing ${NAMES[(i / 4) % NAMES.length]} a smooth recovery after the knee replacement on 4 West (chaos #${i}).`;
  return `Our open house is on Saturday from 10 to 2: tours of the new wing, free parking (chaos #${i}).`;
}

/** A small photo-like PNG with a printed label, so every scan runs OCR and the face check. */
export async function chaosImage(i: number): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="240"><rect width="100%" height="100%" fill="#f4f1ea"/>` +
    `<rect x="20" y="20" width="600" height="200" fill="#ffffff" stroke="#555" stroke-width="3"/>` +
    `<text x="40" y="110" font-family="DejaVu Sans" font-size="34" fill="#222">Open house, table ${i}</text>` +
    `<text x="40" y="170" font-family="DejaVu Sans" font-size="24" fill="#444">Tours every hour</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

/** Upload → create → submit, as the composer does. */
export async function submitPostWithImage(consultant: WebSession, orgSlug: string, i: number): Promise<SubmittedPost> {
  const api = `/api/orgs/${orgSlug}`;
  const { media } = await consultant.upload<{ media: { id: string } }>(`${api}/media`, "file", await chaosImage(i), `chaos-${i}.png`, "image/png");
  const { post } = await consultant.json<{ post: { id: string; currentRevision: number } }>("POST", `${api}/posts`, {
    title: `Chaos ${i}`, text: chaosPostText(i), channels: ["FACEBOOK"], mediaIds: [media.id],
  });
  const submitted = await consultant.json<{ scanJobId: string; dispatched: boolean }>("POST", `${api}/posts/${post.id}/submit`, { revision: post.currentRevision });
  return { postId: post.id, scanJobId: submitted.scanJobId, dispatched: submitted.dispatched };
}

export async function submitPosts(consultant: WebSession, orgSlug: string, indexes: number[], concurrency: number): Promise<SubmittedPost[]> {
  const out: SubmittedPost[] = [];
  await pool(indexes, concurrency, async (i) => void out.push(await submitPostWithImage(consultant, orgSlug, i)));
  return out;
}

/**
 * `count` invitations spread over the admins and their orgs, each to a new address; a refused one counts
 * as failed (the rest go on), so a fault during the burst shows up as a number, not an abort. The abuse
 * limits allow 20 invitations per person and 50 per org an hour (limit-table.ts): the burst needs enough
 * admins and orgs for its size (adminsFor).
 */
export async function inviteBurst(admins: WebSession[], orgSlugs: string[], count: number, concurrency: number): Promise<{ created: number; failed: number }> {
  const result = { created: 0, failed: 0 };
  const runId = Date.now().toString(36);
  await pool([...Array(count).keys()], concurrency, async (i) => {
    const orgSlug = orgSlugs[i % orgSlugs.length]!;
    const admin = admins[i % admins.length]!;
    try {
      await admin.json("POST", `/api/orgs/${orgSlug}/invitations`, { email: `chaos-${runId}-${i}@invitee.example`, role: "STAFF" });
      result.created++;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      result.failed++;
    }
  });
  return result;
}

/** Admins needed so that no one sends more than the per-person hourly budget of invitations (20). */
export const adminsFor = (invitations: number) => Math.max(1, Math.ceil(invitations / 20));

/**
 * `count` more admins of `orgSlugs`, made in the database like the demo admin (same agency, role and
 * password), so the invitation burst stays within each person's hourly budget. Returns their emails.
 */
export async function addAdmins(ownerUrl: string, orgSlugs: string[], count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const emails = Array.from({ length: count }, (_, i) => `chaos-admin-${i + 2}@vetted.test`);
    for (const [i, email] of emails.entries()) {
      await client.query(`
        WITH u AS (
          INSERT INTO "User" (id, email, name, "passwordHash", "agencyId", "agencyRole")
          SELECT gen_random_uuid(), $1, $2, "passwordHash", "agencyId", "agencyRole" FROM "User" WHERE email = 'admin@vetted.test'
          RETURNING id
        )
        INSERT INTO "Membership" (id, "orgId", "userId", role)
        SELECT gen_random_uuid(), o.id, u.id, 'ADMIN'::"Role" FROM u, "Organization" o WHERE o.slug = ANY($3::text[])`, [email, `Chaos Admin ${i + 2}`, orgSlugs]);
    }
    return emails;
  } finally {
    await client.end();
  }
}

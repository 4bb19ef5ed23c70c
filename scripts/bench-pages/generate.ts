// The data of bench:pages, made inside PostgreSQL with set-based SQL (generate_series), so a million
// posts and five million findings take minutes, not hours. Deterministic: every attribute is a hash of
// the row's number (hashint8), and every id an md5 of a label and that number, so two runs of one size
// give the same rows and related rows find each other's ids without a join.
// Shape: orgs get posts unevenly (org 1 about eight times the average, as an agency's biggest client);
// posts spread over two years, most of them published, a few in review; every submitted revision has a
// SUCCEEDED scan; findings land on current revisions of submitted posts; decisions are the org's
// officer's. One consultant and one compliance officer per org, each of them in `orgsPerUser` orgs.
// Run as the owner on a throwaway database only: triggers and foreign-key checks are off during the
// load (session_replication_role = replica) because the rows are generated consistent.
import type pg from "pg";

export interface ScaleSizes {
  orgs: number;
  posts: number;
  findings: number;
  /** How many orgs each bench consultant and officer belongs to. */
  orgsPerUser: number;
}

export const FULL_SIZES: ScaleSizes = { orgs: 500, posts: 1_000_000, findings: 5_000_000, orgsPerUser: 10 };
export const SMOKE_SIZES: ScaleSizes = { orgs: 20, posts: 4_000, findings: 20_000, orgsPerUser: 10 };

/** The users the bench signs in as: members of orgs 1..orgsPerUser, the biggest ones. */
export const BENCH_CONSULTANT = "bench-consultant-1@vetted.test";
export const BENCH_OFFICER = "bench-officer-1@vetted.test";
/** Org 1's slug: the client whose post list is measured (the biggest). */
export const orgSlug = (n: number) => `bench-client-${String(n).padStart(3, "0")}`;

/**
 * Helper functions of the generation (dropped at the end). u(i, salt) is a uniform number in [0, 1)
 * from a hash; the post's org, state and current revision are functions of its number, so the
 * revisions, scans, findings and decisions inserted later agree with the posts.
 */
const FUNCTIONS = (s: ScaleSizes) => `
CREATE FUNCTION bench_u(i bigint, salt int) RETURNS double precision IMMUTABLE LANGUAGE sql
  AS $$ SELECT (hashint8(i * 131 + salt)::bigint & 2147483647)::double precision / 2147483648 $$;
CREATE FUNCTION bench_org(i bigint) RETURNS int IMMUTABLE LANGUAGE sql
  AS $$ SELECT LEAST(${s.orgs}, 1 + floor(${s.orgs} * power(bench_u(i, 1), 1.5))::int) $$;
-- u used once (width_bucket over the cumulative shares), so PostgreSQL inlines the function: 0.15% in
-- review, 2% drafts, 1% changes requested, 2% scheduled, 1% approved, 5% rejected, 5% expired, the rest published.
CREATE FUNCTION bench_state_of(u double precision) RETURNS "PostState" IMMUTABLE LANGUAGE sql AS $$
  SELECT (ARRAY['IN_REVIEW', 'DRAFT', 'CHANGES_REQUESTED', 'SCHEDULED', 'APPROVED', 'REJECTED', 'EXPIRED', 'PUBLISHED']::"PostState"[])
    [1 + width_bucket(u, ARRAY[0.0015, 0.0215, 0.0315, 0.0515, 0.0615, 0.1115, 0.1615]::double precision[])] $$;
CREATE FUNCTION bench_state(i bigint) RETURNS "PostState" IMMUTABLE LANGUAGE sql AS $$ SELECT bench_state_of(bench_u(i, 2)) $$;
CREATE FUNCTION bench_cur(i bigint) RETURNS int IMMUTABLE LANGUAGE sql
  AS $$ SELECT CASE WHEN bench_state(i) <> 'DRAFT' AND bench_u(i, 3) < 0.15 THEN 2 ELSE 1 END $$;
CREATE FUNCTION bench_created(i bigint, now timestamptz) RETURNS timestamptz IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN bench_state(i) IN ('IN_REVIEW', 'DRAFT', 'CHANGES_REQUESTED', 'SCHEDULED', 'APPROVED')
    THEN now - bench_u(i, 4) * interval '14 days' ELSE now - interval '7 days' - bench_u(i, 4) * interval '723 days' END $$;
CREATE FUNCTION bench_id(label text, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$ SELECT md5(label || i)::uuid $$;
CREATE FUNCTION bench_rev_id(i bigint, n int) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$ SELECT md5('r' || i || '-' || n)::uuid $$;
CREATE FUNCTION bench_member(i bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS $$ SELECT (bench_org(i) - 1) / ${s.orgsPerUser} + 1 $$;
`;

const DROP_FUNCTIONS = `DROP FUNCTION bench_u, bench_org, bench_state, bench_state_of, bench_cur, bench_created, bench_id, bench_rev_id, bench_member`;

/** One statement per step, named for the progress lines. $1 is the bench's "now" (the users' step: the password hash). */
const STEPS = (s: ScaleSizes): [string, string][] => {
  const users = Math.ceil(s.orgs / s.orgsPerUser);
  return [
    ["agency", `INSERT INTO "Agency" (id, name, slug) VALUES (bench_id('a', 1), 'Bench Agency', 'bench-agency')`],
    ["orgs", `INSERT INTO "Organization" (id, "agencyId", name, slug, kind, "requireMfaForAdmins")
      SELECT bench_id('o', n), bench_id('a', 1), 'Bench Client ' || n, 'bench-client-' || lpad(n::text, 3, '0'),
        (ARRAY['HOSPITAL', 'CLINIC', 'DENTAL', 'SENIOR_LIVING', 'BEHAVIORAL_HEALTH'])[1 + n % 5]::"OrgKind", false
      FROM generate_series(1, ${s.orgs}) n`],
    ["users", `INSERT INTO "User" (id, email, name, "passwordHash", "agencyId", "agencyRole")
      SELECT bench_id(r.label, n), 'bench-' || r.role || '-' || n || '@vetted.test', 'Bench ' || r.role || ' ' || n, $1, bench_id('a', 1), 'AGENCY_MEMBER'
      FROM generate_series(1, ${users}) n, (VALUES ('c', 'consultant'), ('f', 'officer')) r(label, role)`],
    ["memberships", `INSERT INTO "Membership" (id, "orgId", "userId", role)
      SELECT gen_random_uuid(), bench_id('o', n), bench_id(r.label, (n - 1) / ${s.orgsPerUser} + 1), r.role::"Role"
      FROM generate_series(1, ${s.orgs}) n, (VALUES ('c', 'CONSULTANT'), ('f', 'COMPLIANCE_OFFICER')) r(label, role)`],
    ["posts", `INSERT INTO "Post" (id, "orgId", "authorId", title, state, channels, "scheduledAt", "currentRevision", "createdAt", "updatedAt")
      SELECT bench_id('p', i), bench_id('o', bench_org(i)), bench_id('c', bench_member(i)), 'Bench post ' || i, st,
        (ARRAY['{FACEBOOK}', '{FACEBOOK,LINKEDIN}', '{X}', '{LINKEDIN}'])[1 + i % 4]::"Channel"[],
        CASE WHEN st = 'SCHEDULED' THEN $1::timestamptz + bench_u(i, 6) * interval '28 days'
             WHEN st IN ('PUBLISHED', 'EXPIRED') THEN created + interval '2 days' END,
        bench_cur(i), created,
        CASE WHEN st = 'IN_REVIEW' THEN GREATEST(created, $1::timestamptz - bench_u(i, 5) * interval '6 days')
             WHEN st IN ('PUBLISHED', 'EXPIRED') THEN created + interval '2 days' ELSE created + bench_u(i, 5) * interval '1 day' END
      FROM (SELECT i, bench_state(i) AS st, bench_created(i, $1) AS created FROM generate_series(1, ${s.posts}) i) x`],
    ["revisions", `INSERT INTO "PostRevision" (id, "orgId", "postId", number, text, "createdById", "createdAt")
      SELECT bench_rev_id(i, n), bench_id('o', bench_org(i)), bench_id('p', i), n, 'Bench text of post ' || i || ', revision ' || n,
        bench_id('c', bench_member(i)), bench_created(i, $1) + (n - 1) * interval '1 day'
      FROM generate_series(1, ${s.posts}) i, generate_series(1, 2) n WHERE n <= bench_cur(i)`],
    ["scan jobs", `INSERT INTO "ScanJob" (id, "orgId", "postId", "revisionId", status, attempts, verdict, reasons, faces, "createdAt", "startedAt", "finishedAt")
      SELECT md5('s' || i || '-' || n)::uuid, bench_id('o', bench_org(i)), bench_id('p', i), bench_rev_id(i, n), 'SUCCEEDED', 1,
        CASE WHEN v < 0.15 THEN 'block' WHEN v < 0.4 THEN 'review' ELSE 'allow' END, '{}', 0, at, at + interval '1 second', at + interval '4 seconds'
      FROM (SELECT i, n, bench_u(i * 2 + n, 7) AS v, bench_created(i, $1) + (n - 1) * interval '1 day' + interval '10 minutes' AS at
            FROM generate_series(1, ${s.posts}) i, generate_series(1, 2) n WHERE n <= bench_cur(i) AND bench_state(i) <> 'DRAFT') x`],
    ["findings", `INSERT INTO "Finding" (id, "orgId", "postId", "revisionId", source, type, start, "end", box, text, score, recognizer, explanation, blocking, "dismissedAt")
      SELECT gen_random_uuid(), bench_id('o', bench_org(p)), bench_id('p', p), bench_rev_id(p, bench_cur(p)), 'TEXT', t, k % 200, k % 200 + 8, '{}',
        'bench', 0.5 + bench_u(k, 9) / 2, 'bench', 'a generated finding', t IN ('NAME', 'ID') AND bench_u(k, 10) < 0.5,
        CASE WHEN bench_u(k, 11) < 0.05 THEN $1::timestamptz END
      FROM (SELECT k, p, (ARRAY['NAME', 'DATE', 'HEALTH', 'LOCATION', 'CONTACT', 'ID'])[1 + k % 6] AS t
            FROM (SELECT k, 1 + (hashint8(k * 7 + 11)::bigint & 2147483647) % ${s.posts} AS p FROM generate_series(1, ${Math.ceil(s.findings * 1.06)}) k) y
            WHERE bench_state(p) <> 'DRAFT' LIMIT ${s.findings}) x`],
    ["decisions", `INSERT INTO "Approval" (id, "orgId", "postId", "revisionId", step, "approverId", decision, comment, "createdAt")
      SELECT md5('d' || i || '-' || n)::uuid, bench_id('o', bench_org(i)), bench_id('p', i), bench_rev_id(i, n), 0, bench_id('f', bench_member(i)),
        (CASE WHEN n < bench_cur(i) OR st = 'CHANGES_REQUESTED' THEN 'REQUEST_CHANGES' WHEN st = 'REJECTED' THEN 'REJECT' ELSE 'APPROVE' END)::"Decision",
        NULL, bench_created(i, $1) + (n - 1) * interval '1 day' + interval '5 hours'
      FROM (SELECT i, bench_state(i) AS st FROM generate_series(1, ${s.posts}) i) x, generate_series(1, 2) n
      WHERE n <= bench_cur(i) AND (n < bench_cur(i) OR st IN ('APPROVED', 'SCHEDULED', 'PUBLISHED', 'REJECTED', 'CHANGES_REQUESTED'))`],
  ];
};

/** Fills the (migrated, empty) database; logs each step with its rows and seconds. */
export async function generateScale(client: pg.Client, sizes: ScaleSizes, now: Date, passwordHash: string, log: (line: string) => void): Promise<void> {
  await client.query(`SET synchronous_commit = off; SET session_replication_role = replica; SET work_mem = '64MB'; SET maintenance_work_mem = '512MB'`);
  await client.query(FUNCTIONS(sizes));
  try {
    for (const [name, sql] of STEPS(sizes)) {
      const started = performance.now();
      const params: unknown[] = name === "users" ? [passwordHash] : sql.includes("$1") ? [now] : [];
      const result = await client.query(sql, params);
      log(`${name}: ${result.rowCount} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await client.query(DROP_FUNCTIONS);
    await client.query(`SET session_replication_role = DEFAULT`);
  }
  const started = performance.now();
  // Fresh statistics and visibility maps: the planner then sees the tables as a live database would
  // (counts as index-only scans). An autovacuum ANALYZE started during the inserts holds a snapshot
  // older than the last rows, and a VACUUM meanwhile leaves their pages not all-visible (seen: Post at 0 of
  // 20,216 pages, its count 13 ms instead of 1): vacuum again once no autovacuum runs here.
  for (let attempt = 1; ; attempt++) {
    await client.query(`VACUUM (ANALYZE) ${VACUUMED.map((t) => `"${t}"`).join(", ")}`);
    const { rows } = await client.query<{ name: string; visible: number }>(
      `SELECT relname AS name, CASE WHEN relpages = 0 THEN 1 ELSE relallvisible::float / relpages END AS visible FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
      [VACUUMED],
    );
    const behind = rows.filter((r) => r.visible < 0.99);
    if (behind.length === 0 || attempt === 5) {
      for (const r of behind) log(`warning: ${r.name} only ${(100 * r.visible).toFixed(0)}% all-visible after ${attempt} vacuums`);
      break;
    }
    await waitForNoAutovacuum(client);
  }
  log(`vacuum analyze in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const VACUUMED = ["Post", "PostRevision", "ScanJob", "Finding", "Approval", "Membership", "Organization", "User"];

async function waitForNoAutovacuum(client: pg.Client): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const { rows } = await client.query(`SELECT 1 FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()`);
    if (rows.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

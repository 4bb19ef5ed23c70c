-- Tenant relations held to one org (issue 15). The tenant guard lets a query scoped to an org read and
-- filter Post.revisions / PostRevision.post and Consent.people / MediaPerson.consent without naming the
-- org again (packages/db/src/tenant-relations.ts, SAME_ORG_RELATIONS). That is sound only if a row and
-- the row its foreign key names always share the org: these triggers make it so. No Prisma syntax for
-- it (a composite foreign key cannot express an optional relation with a required orgId), and
-- triggers do not show up as schema drift.

-- Rows written before this migration must already agree, or the guarantee would be void.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "PostRevision" r JOIN "Post" p ON p.id = r."postId" WHERE p."orgId" <> r."orgId") THEN
    RAISE EXCEPTION 'PostRevision rows in another org than their Post: fix them before this migration';
  END IF;
  IF EXISTS (SELECT 1 FROM "MediaPerson" m JOIN "Consent" c ON c.id = m."consentId" WHERE c."orgId" <> m."orgId") THEN
    RAISE EXCEPTION 'MediaPerson rows linked to another org''s Consent: fix them before this migration';
  END IF;
END $$;

-- TG_ARGV[0]: the parent table; TG_ARGV[1]: the child's foreign key column (a uuid, may be null).
CREATE OR REPLACE FUNCTION vetted_assert_same_org() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_id uuid := (to_jsonb(NEW) ->> TG_ARGV[1])::uuid;
  parent_org uuid;
BEGIN
  IF parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT "orgId" FROM %I WHERE id = $1', TG_ARGV[0]) INTO parent_org USING parent_id;
  -- Parents' orgId is NOT NULL, so null means no parent: the foreign key's to report.
  IF parent_org IS NOT NULL AND parent_org IS DISTINCT FROM NEW."orgId" THEN
    RAISE EXCEPTION '% row must belong to the org of its %', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

-- A parent never changes org (its children would be left in the old one).
CREATE OR REPLACE FUNCTION vetted_org_id_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.orgId cannot change', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER post_revision_same_org BEFORE INSERT OR UPDATE OF "postId", "orgId" ON "PostRevision"
  FOR EACH ROW EXECUTE FUNCTION vetted_assert_same_org('Post', 'postId');
CREATE TRIGGER media_person_same_org BEFORE INSERT OR UPDATE OF "consentId", "orgId" ON "MediaPerson"
  FOR EACH ROW EXECUTE FUNCTION vetted_assert_same_org('Consent', 'consentId');
CREATE TRIGGER post_org_fixed BEFORE UPDATE OF "orgId" ON "Post"
  FOR EACH ROW WHEN (OLD."orgId" IS DISTINCT FROM NEW."orgId") EXECUTE FUNCTION vetted_org_id_fixed();
CREATE TRIGGER consent_org_fixed BEFORE UPDATE OF "orgId" ON "Consent"
  FOR EACH ROW WHEN (OLD."orgId" IS DISTINCT FROM NEW."orgId") EXECUTE FUNCTION vetted_org_id_fixed();

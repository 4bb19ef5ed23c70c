-- Org settings: the time zone for dates shown, and the revocation contact printed on authorizations.
ALTER TABLE "Organization" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'America/New_York';
ALTER TABLE "Organization" ADD COLUMN "privacyOfficer" TEXT;
ALTER TABLE "Organization" ADD COLUMN "privacyAddress" TEXT;
ALTER TABLE "Organization" ADD COLUMN "privacyEmail" TEXT;
-- The revocation contact as printed on a signing request (a snapshot: later settings changes do not alter a sent form).
ALTER TABLE "ConsentRequest" ADD COLUMN "revocationContact" TEXT;

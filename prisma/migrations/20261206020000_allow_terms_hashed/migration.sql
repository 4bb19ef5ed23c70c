-- Security issue 14, finding 2: identifier terms on the scanner's allow list (NAME, ID, DATE,
-- CONTACT) were stored in plaintext, and authors could put a patient's name, MRN or date of birth
-- there themselves. From now on those types are stored only as a keyed hash (`hashed` = true).
--
-- Existing plaintext rows of those types are dropped rather than re-hashed: they may have been put
-- there by an author to silence the scanner (the attack this fixes), so carrying them over would
-- keep the bypass alive, and the hash key lives in the application, not the database. The effect is
-- that those terms are flagged again on the next scan; a compliance officer can allow-list the ones
-- that are truly not PHI from the review screen. Terms of other types stay as they are.
DELETE FROM "ScanAllowTerm" WHERE "type" IN ('NAME', 'ID', 'DATE', 'CONTACT');

ALTER TABLE "ScanAllowTerm" ADD COLUMN "hashed" BOOLEAN NOT NULL DEFAULT false;

-- The database itself refuses plaintext identifier terms, whatever code path writes the row.
ALTER TABLE "ScanAllowTerm" ADD CONSTRAINT "ScanAllowTerm_identifier_terms_hashed"
  CHECK ("type" NOT IN ('NAME', 'ID', 'DATE', 'CONTACT') OR ("hashed" AND "term" ~ '^[0-9a-f]{64}$'));

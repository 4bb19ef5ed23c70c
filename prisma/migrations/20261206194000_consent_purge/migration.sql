-- Consent purge (issue 15). The retention trigger measured "last in effect" with COALESCE(revokedAt,
-- expiredAt, expiresAt, createdAt), which for an ACTIVE consent without an expiry date (one that ends on
-- an event) is its creation: six years on it could have been deleted while still in force. Only a
-- consent that has ended (REVOKED or EXPIRED) may go, six years after it ended.
CREATE OR REPLACE FUNCTION consent_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" <> 'ACTIVE'
     AND GREATEST(OLD."createdAt", COALESCE(OLD."revokedAt", OLD."expiredAt", OLD."expiresAt", OLD."createdAt")) < now() - interval '6 years' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'Consent is kept six years after it was last in effect: DELETE is not allowed' USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Issue 12, connecting LinkedIn Company Pages and X accounts through their OAuth flows.

-- X access tokens last 2 hours and come with a refresh token that X rotates on every use; LinkedIn may
-- grant one too (60-day access tokens, refresh tokens for a year). The refresh token is stored only as
-- a consent-key envelope, AAD "connected-account:<orgId>:<id>:refresh", and cleared with the access
-- token on disconnect.
ALTER TABLE "ConnectedAccount" ADD COLUMN "refreshTokenCipher" TEXT;
ALTER TABLE "ConnectedAccount" ADD COLUMN "refreshTokenExpiresAt" TIMESTAMPTZ(3);
ALTER TABLE "ConnectedAccount" ADD CONSTRAINT "ConnectedAccount_refresh_envelope" CHECK ("refreshTokenCipher" IS NULL OR "refreshTokenCipher" LIKE 'v1:%');
ALTER TABLE "ConnectedAccount" ADD CONSTRAINT "ConnectedAccount_refresh_needs_token" CHECK ("refreshTokenCipher" IS NULL OR "tokenCipher" IS NOT NULL);

-- X's flow is PKCE: the code_verifier waits here, encrypted (AAD "account-connect:<orgId>:<id>:verifier"),
-- from the start until the callback reads it; only its S256 challenge travels in the URL. Cleared once read.
ALTER TABLE "AccountConnectState" ADD COLUMN "codeVerifierCipher" TEXT;
ALTER TABLE "AccountConnectState" ADD CONSTRAINT "AccountConnectState_verifier_envelope" CHECK ("codeVerifierCipher" IS NULL OR "codeVerifierCipher" LIKE 'v1:%');

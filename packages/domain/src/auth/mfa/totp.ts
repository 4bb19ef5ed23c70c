import { createHash, randomBytes } from "node:crypto";
import { generate, generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";

// TOTP per RFC 6238 (SHA-1, 6 digits, 30 s: what every authenticator app reads from a QR code),
// through otplib. The window accepts the previous step too: a code typed as its 30 s ran out
// still works; a future step is not accepted (RFC 6238 §5.2 allows for transmission delay only).
export const TOTP_PERIOD_SECONDS = 30;
const PAST_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const ISSUER = "Vetted";

export const newTotpSecret = () => generateSecret({ length: 20 });

export type TotpCheck = { valid: true; step: number } | { valid: false };

/**
 * Checks a 6-digit code against the secret at `now`. A step at or before `afterStep` (the last one
 * accepted for this user) is refused, so one code signs in once.
 */
export async function checkTotp(secret: string, code: string, now: Date = new Date(), afterStep?: number | null): Promise<TotpCheck> {
  if (!/^\d{6}$/.test(code)) return { valid: false };
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: [PAST_TOLERANCE_SECONDS, 0],
    ...(afterStep !== null && afterStep !== undefined ? { afterTimeStep: afterStep } : {}),
  });
  // otplib's result type covers HOTP too; a TOTP check always carries its time step.
  return result.valid && "timeStep" in result ? { valid: true, step: result.timeStep } : { valid: false };
}

/** The code an authenticator shows at `now` (tests, and nothing else in the app). */
export const totpAt = (secret: string, now: Date) => generate({ secret, epoch: Math.floor(now.getTime() / 1000) });

/** The otpauth:// URI and its QR code as an SVG data URL, drawn here on the server (no third-party QR service sees the secret). */
export async function enrolmentQr(secret: string, email: string): Promise<{ uri: string; qrDataUrl: string }> {
  const uri = generateURI({ issuer: ISSUER, label: email, secret });
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}` };
}

// Recovery codes: 10 × 50 random bits in Crockford-like base32 groups (xxxxx-xxxxx). With that much
// entropy a plain SHA-256 is enough to store them (no dictionary to guess from), and lets a code be
// looked up by its hash.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz0123456789".replace("1", ""); // 32 symbols: no modulo bias
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5, 10)}`;
  });
}

/** Spaces, dashes and case do not matter when a code is typed back. */
export const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
export const hashRecoveryCode = (code: string) => createHash("sha256").update(normalizeRecoveryCode(code)).digest("hex");
export const looksLikeRecoveryCode = (code: string) => normalizeRecoveryCode(code).length === 10;

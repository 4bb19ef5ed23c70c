import { z } from "zod";
import { baseEnvSchema, loadEnv } from "./env";

// The group-post intake (issue 12): staff forward a post from a private or employee group to
// groups+<org token>@INTAKE_DOMAIN; the mail provider's inbound webhook (or a relay in front of it)
// posts {to, from, subject, text} to /api/intake/groups with INTAKE_SECRET in a header.

/**
 * Development/test only, and labelled as such: it is in the repository, so a request carrying it
 * proves nothing. Production refuses it.
 */
export const DEV_INTAKE_SECRET = "vetted-dev-intake-secret-NOT-SECRET";
export const DEV_INTAKE_DOMAIN = "intake.vetted.local";

export type IntakeEnv =
  | {
      enabled: true;
      /** The domain of the forwarding addresses, e.g. "intake.example-agency.com". */
      INTAKE_DOMAIN: string;
      /** Shared secret the inbound relay sends in X-Intake-Secret. */
      INTAKE_SECRET: string;
      insecureDevSecret: boolean;
    }
  /** Production without either variable: no forwarding address is shown and the endpoint answers 404. */
  | { enabled: false };

const optionalString = z.string().optional().transform((v) => (v && v.trim() ? v.trim() : undefined));

/**
 * INTAKE_DOMAIN and INTAKE_SECRET. Outside production both default to labelled development values.
 * In production both or neither (neither turns the email intake off); the development secret is
 * refused. Messages name the variable, never its value.
 */
export const intakeEnvSchema = z
  .object({
    NODE_ENV: baseEnvSchema.shape.NODE_ENV,
    INTAKE_DOMAIN: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() ? v.trim().toLowerCase() : undefined))
      .refine((v) => v === undefined || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v), "must be a domain name such as intake.example.com"),
    INTAKE_SECRET: optionalString,
  })
  .transform((env, ctx): IntakeEnv => {
    const prod = env.NODE_ENV === "production";
    if (env.INTAKE_SECRET && env.INTAKE_SECRET.length < 24) ctx.addIssue({ code: "custom", path: ["INTAKE_SECRET"], message: "must be at least 24 characters" });
    if (prod) {
      if (env.INTAKE_SECRET === DEV_INTAKE_SECRET) ctx.addIssue({ code: "custom", path: ["INTAKE_SECRET"], message: "is the public development secret; refused in production" });
      if (!env.INTAKE_SECRET && !env.INTAKE_DOMAIN) return { enabled: false };
      if (!env.INTAKE_SECRET) ctx.addIssue({ code: "custom", path: ["INTAKE_SECRET"], message: "required in production when INTAKE_DOMAIN is set (group-post intake)" });
      if (!env.INTAKE_DOMAIN) ctx.addIssue({ code: "custom", path: ["INTAKE_DOMAIN"], message: "required in production when INTAKE_SECRET is set (group-post intake)" });
    }
    const secret = env.INTAKE_SECRET ?? DEV_INTAKE_SECRET;
    return { enabled: true, INTAKE_DOMAIN: env.INTAKE_DOMAIN ?? DEV_INTAKE_DOMAIN, INTAKE_SECRET: secret, insecureDevSecret: secret === DEV_INTAKE_SECRET };
  });

export const intakeEnv = () => loadEnv(intakeEnvSchema);

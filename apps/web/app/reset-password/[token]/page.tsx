import type { Metadata } from "next";
import { currentRequestMeta } from "@vetted/auth";
import { checkResetToken, RateLimitedError } from "@vetted/domain";
import { notFound } from "next/navigation";
import { resetPasswordAction } from "./actions";
import { TooManyTries } from "@/components/too-many-tries";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await checkResetToken(token, await currentRequestMeta()).catch((error: unknown) => {
    if (error instanceof RateLimitedError) return error;
    throw error;
  });
  if (state instanceof RateLimitedError) {
    return (
      <main id="main" className="mx-auto w-full max-w-sm px-4 py-12">
        <TooManyTries error={state} />
      </main>
    );
  }
  // Unknown, used or expired: the same 404 (not-found.tsx offers a new link).
  if (state !== "open") notFound();
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-2xl font-bold text-brand-700">Vetted</p>
          <h1 className="mt-2 text-lg font-semibold">Choose a new password</h1>
        </div>
        <ResetPasswordForm action={resetPasswordAction.bind(null, token)} />
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-2xl font-bold text-brand-700">Vetted</p>
          <h1 className="mt-2 text-lg font-semibold">Reset your password</h1>
        </div>
        <ForgotPasswordForm />
        <p className="text-center text-sm">
          <Link href="/signin" className="text-brand-700 underline">Back to sign in</Link>
        </p>
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

const REASONS: Record<string, string> = {
  idle: "You were signed out after a period of inactivity. Sign in again to continue.",
  ended: "Your session has ended. Sign in again to continue.",
  expired: "Your session reached its 12-hour limit. Sign in again to continue.",
  unknown: "Your session has ended. Sign in again to continue.",
  signedout: "You have signed out.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? REASONS[params.reason] : undefined;
  const next = typeof params.next === "string" ? params.next : "/";
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-2xl font-bold text-brand-700">Vetted</p>
          <h1 className="mt-2 text-lg font-semibold">Sign in to your account</h1>
        </div>
        {reason ? <Alert tone="info">{reason}</Alert> : null}
        <SignInForm next={next} />
        <p className="text-center text-sm">
          <Link href="/forgot-password" className="text-brand-700 underline">Forgot password?</Link>
        </p>
      </div>
    </main>
  );
}

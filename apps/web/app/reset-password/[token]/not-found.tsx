import Link from "next/link";

// The 404 of a reset link that is unknown, used or past its 30 minutes: the person is signed out and
// only needs a new link, so this says so rather than showing the app's own "Page not found".
export default function ResetLinkNotFound() {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm space-y-4">
        <p className="text-center text-2xl font-bold text-brand-700">Vetted</p>
        <h1 className="text-lg font-semibold">This link does not work</h1>
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          This password reset link has expired or was already used.
        </p>
        <Link href="/forgot-password" className="text-sm text-brand-700 underline">Ask for a new link</Link>
      </div>
    </main>
  );
}

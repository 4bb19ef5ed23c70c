// The 404 of the public approval page (an unknown or mistyped link): the reader has no Vetted
// account, so this speaks to them rather than showing the app's own "Page not found".
export default function ApproveLinkNotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-xl px-4 py-6 text-base leading-relaxed">
      <p className="mb-4 text-lg font-bold text-brand-700">Vetted</p>
      <h1 className="mb-3 text-xl font-semibold">This link does not work</h1>
      <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">
        This approval link is not valid. Check that you opened the whole link from the newest message: a new message replaces the link in the one before.
      </p>
    </main>
  );
}

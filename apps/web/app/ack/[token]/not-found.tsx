// The 404 of the public acknowledgement page (an unknown, mistyped or replaced link): the reader is
// usually signed out, so this speaks to them rather than showing the app's own "Page not found".
export default function AckLinkNotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-xl px-4 py-6 text-base leading-relaxed">
      <p className="mb-4 text-lg font-bold text-brand-700">Vetted</p>
      <h1 className="mb-3 text-xl font-semibold">This link does not work</h1>
      <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">
        This acknowledgement link is not valid. Check that you opened the whole link from the newest message: each new message replaces the
        link in the one before.
      </p>
    </main>
  );
}

import type { ReactNode } from "react";

// The frame of the pages a public link opens (signing, acknowledgement, client approval): the reader
// has no Vetted account and is often on a phone, so no app header, a plain wordmark and large text.

export function PublicLinkShell({ children, width = "2xl" }: { children: ReactNode; width?: "xl" | "2xl" }) {
  return (
    <main id="main" className={`mx-auto w-full ${width === "xl" ? "max-w-xl" : "max-w-2xl"} px-4 py-6 text-base leading-relaxed`}>
      <p className="mb-4 text-lg font-bold text-brand-700">Vetted</p>
      {children}
    </main>
  );
}

/** A page that can only say one thing (the link expired, was used, is not valid): a title and a status line. */
export function PublicLinkNotice({ title, children, width }: { title: string; children: ReactNode; width?: "xl" | "2xl" }) {
  return (
    <PublicLinkShell width={width}>
      <h1 className="mb-3 text-xl font-semibold">{title}</h1>
      <p role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3">{children}</p>
    </PublicLinkShell>
  );
}

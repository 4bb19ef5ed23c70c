export function NoAccess() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-1 text-sm text-slate-600">Your role in this organization does not include it. Ask an admin if you need it.</p>
    </div>
  );
}

import Link from "next/link";
import { channelLabel } from "../posts/channels";
import { ConsentStatusBadge, VerifiedBadge, day, purposeLabel } from "./consent-labels";

export interface ConsentRow {
  id: string;
  displayName: string | null;
  status: string;
  verified: boolean;
  channels: string[];
  purposes: string[];
  signedAt: Date | string;
  expiresAt: Date | string | null;
  expirationEvent: string | null;
}

const SOON_MS = 30 * 86_400_000;

/** An active consent whose end date is within 30 days: flagged so it is renewed before posts lose it. */
export function expiresSoon(c: Pick<ConsentRow, "status" | "expiresAt">, now = Date.now()): boolean {
  if (c.status !== "ACTIVE" || !c.expiresAt) return false;
  const left = new Date(c.expiresAt).getTime() - now;
  return left > 0 && left <= SOON_MS;
}

/** The register's table; used by the page (server) and the name search results (client). */
export function ConsentTable({ rows, base, empty }: { rows: ConsentRow[]; base: string; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr>
            {["Patient", "Status", "Verified", "Channels", "Purposes", "Signed", "Expires", ""].map((h, i) => (
              <th key={i} scope="col" className="py-2 pr-3 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((c) => (
            <tr key={c.id} data-testid="consent-row">
              <td className="py-2 pr-3 font-medium">{c.displayName ?? <span className="text-slate-500">hidden</span>}</td>
              <td className="py-2 pr-3"><ConsentStatusBadge status={c.status} /></td>
              <td className="py-2 pr-3"><VerifiedBadge verified={c.verified} /></td>
              <td className="py-2 pr-3 text-xs">{c.channels.map(channelLabel).join(", ")}</td>
              <td className="py-2 pr-3 text-xs">{c.purposes.map(purposeLabel).join(", ")}</td>
              <td className="whitespace-nowrap py-2 pr-3 text-xs">{day(c.signedAt)}</td>
              <td className="py-2 pr-3 text-xs">
                {c.expiresAt ? day(c.expiresAt) : <span title={c.expirationEvent ?? ""}>on an event</span>}
                {expiresSoon(c) ? <span data-testid="expires-soon" className="ml-1 whitespace-nowrap rounded bg-amber-100 px-1 py-0.5 font-medium text-amber-900">within 30 days</span> : null}
              </td>
              <td className="py-2 pr-3">
                <Link href={`${base}/${c.id}`} className="text-brand-700 underline">Open<span className="sr-only"> consent {c.displayName ?? ""}</span></Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

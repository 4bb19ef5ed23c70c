"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

type Bound = (p: ActionState, f: FormData) => Promise<ActionState>;

export type ConnectPlatform = "FACEBOOK" | "LINKEDIN" | "X" | "TIKTOK";
const CONNECT_LABEL: Record<ConnectPlatform, string> = { FACEBOOK: "Connect Facebook Page", LINKEDIN: "Connect LinkedIn Page", X: "Connect X account", TIKTOK: "Connect TikTok account" };
const OPENING: Record<ConnectPlatform, string> = { FACEBOOK: "Opening Facebook…", LINKEDIN: "Opening LinkedIn…", X: "Opening X…", TIKTOK: "Opening TikTok…" };

export function ConnectButton({ action, platform = "FACEBOOK", label, secondary = false }: { action: Bound; platform?: ConnectPlatform; label?: string; secondary?: boolean }) {
  const text = label ?? CONNECT_LABEL[platform];
  return (
    <ActionForm action={action} label={text}>
      {({ pending }) => (
        <>
          <input type="hidden" name="platform" value={platform} />
          <Button type="submit" variant={secondary || label === "Reconnect" ? "secondary" : "primary"} disabled={pending}>{pending ? OPENING[platform] : text}</Button>
        </>
      )}
    </ActionForm>
  );
}

export function DisconnectButton({ action, accountId, name }: { action: Bound; accountId: string; name: string }) {
  return (
    <ActionForm action={action} label={`Disconnect ${name}`} confirm={`Disconnect ${name}? Comments on it will no longer be checked or hidden.`}>
      {({ pending }) => (
        <>
          <input type="hidden" name="accountId" value={accountId} />
          <Button type="submit" variant="danger" disabled={pending}>{pending ? "Disconnecting…" : "Disconnect"}</Button>
        </>
      )}
    </ActionForm>
  );
}

export interface PickablePage {
  id: string;
  name: string;
  instagram: boolean;
  connectedHere: boolean;
  connectedElsewhere: boolean;
}

export function PagePicker({ action, connectId, pages, platform = "FACEBOOK" }: { action: Bound; connectId: string; pages: PickablePage[]; platform?: "FACEBOOK" | "LINKEDIN" }) {
  return (
    <ActionForm action={action} label="Choose Pages to connect" className="space-y-3">
      {({ pending, fields }) => (
        <>
          <input type="hidden" name="connectId" value={connectId} />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">{platform === "LINKEDIN" ? "Company Pages you administer on LinkedIn" : "Pages you manage on Facebook"}</legend>
            {pages.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="pageIds" value={p.id} disabled={p.connectedElsewhere} defaultChecked={p.connectedHere} />
                <span>{p.name}</span>
                {p.instagram ? <span className="text-xs text-slate-500">+ its Instagram account</span> : null}
                {p.connectedHere ? <span className="text-xs text-emerald-700">connected (picking it again refreshes its token)</span> : null}
                {p.connectedElsewhere ? <span className="text-xs text-amber-700">connected to another organization</span> : null}
              </label>
            ))}
          </fieldset>
          {fields?.pageIds ? <p className="text-sm text-red-700">{fields.pageIds.join(" ")}</p> : null}
          <Button type="submit" disabled={pending}>{pending ? "Connecting…" : "Connect selected Pages"}</Button>
        </>
      )}
    </ActionForm>
  );
}

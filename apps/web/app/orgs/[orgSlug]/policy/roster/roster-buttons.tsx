"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import { sendAckLinkAction, setPersonActiveAction } from "./actions";

export function SendLinkButton({ orgSlug, personId, again }: { orgSlug: string; personId: string; again: boolean }) {
  return (
    <ActionForm action={sendAckLinkAction.bind(null, orgSlug)} label="Send acknowledgement link" confirm={again ? "Send a new link? The one sent before stops working." : undefined}>
      {({ pending }) => (
        <>
          <input type="hidden" name="personId" value={personId} />
          <Button type="submit" variant="secondary" disabled={pending} className="px-2 py-1 text-xs">{again ? "Send a new link" : "Send link"}</Button>
        </>
      )}
    </ActionForm>
  );
}

export function ActiveToggle({ orgSlug, personId, active }: { orgSlug: string; personId: string; active: boolean }) {
  return (
    <ActionForm action={setPersonActiveAction.bind(null, orgSlug)} label={active ? "Take off the roster" : "Put back on the roster"} confirm={active ? "Take this person off the roster? Their acknowledgements are kept." : undefined}>
      {({ pending }) => (
        <>
          <input type="hidden" name="personId" value={personId} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
          <Button type="submit" variant="ghost" disabled={pending} className="px-2 py-1 text-xs">{active ? "Deactivate" : "Reactivate"}</Button>
        </>
      )}
    </ActionForm>
  );
}

"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import type { ActionState } from "@/lib/actions";

export function CancelRequestButton({ action, requestId }: { action: (p: ActionState, f: FormData) => Promise<ActionState>; requestId: string }) {
  return (
    <ActionForm action={action} confirm="Cancel this signing request? The link will stop working." label="Cancel signing request">
      {({ pending }) => (
        <>
          <input type="hidden" name="requestId" value={requestId} />
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? "Cancelling…" : "Cancel"}
          </Button>
        </>
      )}
    </ActionForm>
  );
}

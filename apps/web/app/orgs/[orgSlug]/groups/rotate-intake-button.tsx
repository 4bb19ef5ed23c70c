"use client";

import { ActionForm } from "@/components/action-form";
import { Button } from "@/components/ui";
import { rotateIntakeAddressAction } from "./actions";

/** For a leaked address: a new one, and the old one stops filing reports. */
export function RotateIntakeButton({ orgSlug }: { orgSlug: string }) {
  return (
    <ActionForm action={rotateIntakeAddressAction.bind(null, orgSlug)} label="Replace the intake address" confirm="Make a new address? Forwards to the current one will no longer be filed; tell the staff the new one.">
      {({ pending }) => (
        <Button type="submit" variant="secondary" disabled={pending} className="mt-3 px-2 py-1 text-xs" data-testid="rotate-intake">Replace the address</Button>
      )}
    </ActionForm>
  );
}

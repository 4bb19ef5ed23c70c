// FormData of the approval policy form → updateApprovalPolicy's input. Plain helper, not an action.

import { refuseControlChars, refuseControlCharsInForm } from "@/lib/input";

export { BLOCKING_TYPES } from "./blocking-types";

const strings = (fd: FormData, key: string) => fd.getAll(key).filter((v): v is string => typeof v === "string" && v !== "");

/**
 * With JavaScript the form sends the whole policy as one JSON field built from its state, so what
 * is saved is exactly what is shown. Without JavaScript steps come as steps.<i>.mode / .userIds /
 * .roles / .clientApproverIds, for i below the "stepCount" the form sends.
 */
export function policyInput(fd: FormData): unknown {
  refuseControlCharsInForm(fd);
  const json = fd.get("policy");
  if (typeof json === "string" && json !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json) as unknown;
    } catch {
      return { steps: "malformed" };
    }
    // "\u0000" escapes pass the raw field check: the decoded policy gets the same rule.
    return refuseControlChars(parsed, "policy");
  }
  const count = Math.min(Math.max(Number(fd.get("stepCount")) || 0, 0), 10);
  // A client approver step (issue 16) shows only its client approvers, the others only members and roles.
  const steps = Array.from({ length: count }, (_, i) => {
    const mode = fd.get(`steps.${i}.mode`);
    return mode === "CLIENT"
      ? { mode, userIds: [], roles: [], clientApproverIds: strings(fd, `steps.${i}.clientApproverIds`) }
      : { mode, userIds: strings(fd, `steps.${i}.userIds`), roles: strings(fd, `steps.${i}.roles`), clientApproverIds: [] };
  });
  return { steps, blockingTypes: strings(fd, "blockingTypes"), overridableDirectIdentifiers: fd.get("overridableDirectIdentifiers") === "on" };
}

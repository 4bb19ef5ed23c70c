// FormData of the approval policy form → updateApprovalPolicy's input. Plain helper, not an action.

export const BLOCKING_TYPES = ["NAME", "DATE", "AGE", "CONTACT", "ID", "LOCATION", "HEALTH", "PHOTO_REF", "FACE"] as const;

const strings = (fd: FormData, key: string) => fd.getAll(key).filter((v): v is string => typeof v === "string" && v !== "");

/** Steps come as steps.<i>.mode / .userIds / .roles, for i below the "stepCount" the form sends. */
export function policyInput(fd: FormData) {
  const count = Math.min(Math.max(Number(fd.get("stepCount")) || 0, 0), 10);
  const steps = Array.from({ length: count }, (_, i) => ({
    mode: fd.get(`steps.${i}.mode`),
    userIds: strings(fd, `steps.${i}.userIds`),
    roles: strings(fd, `steps.${i}.roles`),
  }));
  return { steps, blockingTypes: strings(fd, "blockingTypes") };
}

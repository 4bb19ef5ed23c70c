import { z } from "zod";
import { postRefSchema } from "../posts/post-schemas";
import { formFlag } from "../validate";

// Inputs of the client approver use cases (issue 16): the team's side (approvers, sending a link)
// and the approver's side through the link (the code, the decision).

export const createClientApproverSchema = z.object({
  name: z.string({ message: "Enter the approver's name" }).trim().min(1, "Enter the approver's name").max(200, "At most 200 characters"),
  email: z.string({ message: "Enter an email address" }).trim().toLowerCase().max(254, "At most 254 characters").email("Enter a valid email address"),
});
export type CreateClientApproverInput = z.infer<typeof createClientApproverSchema>;

export const setClientApproverActiveSchema = z.object({
  approverId: z.string().uuid("Not a valid client approver id"),
  active: formFlag,
});

export const sendToClientApproverSchema = postRefSchema.extend({
  approverId: z.string({ message: "Pick a client approver" }).uuid("Pick a client approver"),
});

export const clientCodeSchema = z.object({
  code: z.string({ message: "Enter the 6-digit code from the email" }).trim().regex(/^\d{6}$/, "Enter the 6-digit code from the email"),
});

export const clientDecisionSchema = z
  .object({
    decision: z.enum(["APPROVE", "REQUEST_CHANGES"], { message: "Decision must be APPROVE or REQUEST_CHANGES" }),
    comment: z.string().trim().max(2000, "Keep the comment under 2000 characters").optional(),
  })
  .refine((d) => d.decision === "APPROVE" || (d.comment?.length ?? 0) > 0, { message: "Say what needs to change", path: ["comment"] });

export const clientMediaSchema = z.object({ mediaId: z.string().uuid("Not a valid image id") });

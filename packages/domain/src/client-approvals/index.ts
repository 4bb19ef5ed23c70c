// Client approver links (issue 16), the feature's public surface: the team's side (approvers, links
// sent from the post page) and the approver's side through the emailed link.
export { createClientApprover } from "./create-client-approver";
export { setClientApproverActive } from "./set-client-approver-active";
export { listClientApprovers, listClientApproverNames, type ClientApproverView } from "./list-client-approvers";
export { sendToClientApprover } from "./send-to-client-approver";
export { getClientApprovalStatus, type ClientLinkState } from "./get-client-approval-status";
export { openClientApproval, type ClientApprovalView, type ClientReviewView } from "./open-client-approval";
export type { ClientCodeView } from "./client-link-session";
export { sendClientApprovalCode } from "./send-client-approval-code";
export { verifyClientApprovalCode } from "./verify-client-approval-code";
export { decideClientApproval } from "./decide-client-approval";
export { getClientApprovalMedia } from "./get-client-approval-media";
export { ClientLinkError, WrongCodeError, type ClientLinkReason } from "./client-link-records";
export { CLIENT_LINK_HOURS, CODE_MINUTES, MAX_CODE_ATTEMPTS, SESSION_HOURS } from "./client-link-rules";
export { approverEmailIndex } from "./client-approver-crypto";

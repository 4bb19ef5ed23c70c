export * from "./errors";
export * from "./context";
export { parseInput } from "./validate";
export * from "./access/permissions";
export { loadTenantContext } from "./access/load-tenant-context";
export * from "./access/record-access-denied";
export { listMyOrgs } from "./access/list-my-orgs";
export { loadShell } from "./access/load-shell";
export * from "./audit/hash";
export * from "./audit/record-audit-event";
export * from "./audit/verify-audit-chain";
export * from "./audit/verify-org-audit-chain";
export * from "./audit/list-audit-events";
export * from "./audit/export-audit-csv";
export * from "./audit/checkpoint-signature";
export * from "./audit/verify-audit-checkpoint";
export * from "./audit/write-audit-checkpoint";
export * from "./audit/org-audit-checkpoints";
export * from "./audit/purge-audit-events";
export * from "./auth/password";
export * from "./auth/authenticate-user";
export * from "./auth/sessions";
export * from "./auth/signin-limiter";
export * from "./auth/common-passwords";
export * from "./auth/password-reset";
export * from "./auth/reauth";
export * from "./auth/user-sessions";
export * from "./auth/mfa/mfa-policy";
export * from "./auth/mfa/enrol-mfa";
export { useSecondFactorNow, mfaSecretAad } from "./auth/mfa/second-factor";
export * from "./mail/send-mail";
export * from "./mail/message-id";
export * from "./mail/mails-to";
export * from "./mail/dead-mails";
export * from "./mail/backfill-outbox";
export { maskAddress, mailIndex } from "./mail/mail-crypto";
export * from "./members/list-members";
export * from "./members/change-member-role";
export * from "./members/remove-member";
export * from "./invitations/invite-member";
export * from "./invitations/list-invitations";
export * from "./invitations/revoke-invitation";
export * from "./invitations/accept-invitation";
export * from "./orgs/agency-context";
export * from "./orgs/create-org";
export * from "./orgs/list-agency-orgs";
export * from "./orgs/assign-member";
export * from "./orgs/update-org-settings";
export * from "./orgs/get-org-settings";
export * from "./orgs/get-org-overview";

// Posts, approvals and findings (issue 5)
export * from "./posts/post-state-machine";
export * from "./posts/post-schemas";
export * from "./posts/create-post";
export * from "./posts/update-post";
export * from "./posts/submit-post";
export * from "./posts/network-limits";
export * from "./posts/assert-fits-networks";
export * from "./posts/get-post";
export * from "./posts/list-posts";
export * from "./posts/add-post-comment";
export * from "./posts/schedule-post";
export * from "./approvals/approval-policy";
export * from "./approvals/decide-post";
export * from "./approvals/update-approval-policy";
export * from "./approvals/list-review-queue";
export * from "./findings/dismiss-finding";
export * from "./findings/request-override";
export * from "./findings/finding-reasons";
export * from "./findings/direct-identifiers";
export { MIN_FINDING_JUSTIFICATION, approvalUsesOverride } from "./approvals/finding-overrides";
export * from "./notifications/notify";
export * from "./notifications/list-notifications";
export * from "./posts/count-waiting-posts";
export * from "./notifications/mark-post-notifications-read";


// Media: storage, validated uploads, audited downloads, redaction (issue 5)
export { mediaStorage, mediaKey, LocalDiskStorage, S3Storage, MediaFileMissingError, type MediaStorage, type MediaVariant } from "./media/storage";
export { toMediaView, type MediaView } from "./media/media-files";
export * from "./media/upload-media";
export * from "./media/get-media-file";
export * from "./media/redact-media";
export * from "./media/purge-post-originals";

// --- Scan pipeline and schedule tick (issue 5, scans/ and publishing/) ---
export * from "./audit/system-actor";
export * from "./scans/scan-producer";
export * from "./scans/scan-error";
export * from "./scans/dispatch-scan-job-now";
export * from "./scans/dispatch-pending-scan-jobs";
export * from "./scans/run-scan-job";
export * from "./scans/record-scan-failure";
export type { ScanDeps } from "./scans/scan-revision";
export * from "./scans/preview-text-scan";
export * from "./publishing/publisher";
export * from "./publishing/run-schedule-tick";
export * from "./publishing/expire-due-posts";
export * from "./publishing/publish-due-posts";
export * from "./publishing/send-review-reminders";
// --- end scan pipeline ---

// --- Consent register (issue 6) ---
export * from "./consents/consent-vocabulary";
export { CONSENT_MAX_BYTES, consentFileTooLarge, checkConsentFile } from "./consents/consent-file";
export { ConsentCryptoError, normalizeName, nameIndex } from "./consents/crypto";
export type { ConsentSummary, ConsentDetail } from "./consents/consent-records";
export * from "./consents/upload-consent";
export * from "./consents/verify-consent";
export * from "./consents/revoke-consent";
export * from "./consents/search-consents";
export * from "./consents/get-consent";
export * from "./consents/get-consent-file";
export * from "./consents/list-consent-usage";
export * from "./consents/list-consent-history";
export * from "./consents/link-media-person";
export * from "./consents/unlink-media-person";
export * from "./consents/get-post-people";
export * from "./consents/list-removal-tasks";
export * from "./consents/find-consents-for-post";
export { consentCoverage, consentCoverageProblem, type ImageCoverage } from "./consents/assert-consent-coverage";
export * from "./consents/complete-removal-task";
export * from "./consents/run-consent-sweep";
export * from "./consents/purge-expired-consents";
export { expireConsents } from "./consents/expire-consents";
export { remindRemovalTasks } from "./consents/remind-removal-tasks";
export { warnExpiringConsents } from "./consents/warn-expiring-consents";
export { applyConsentWithdrawal } from "./consents/apply-consent-withdrawal";
export { reencryptConsentData } from "./consents/reencrypt-consent-data";
export { reencryptStoredFields, type ReencryptResult } from "./consents/reencrypt-stored-fields";
export { ENCRYPTED_COLUMNS, ENCRYPTED_JSON_COLUMNS } from "./consents/encrypted-columns";
export { checkConsentKeys, isConsentKeyProblem } from "./consents/check-consent-keys";
// Sign in-app: a single-use link the patient signs on their phone (issue 6)
export { SigningLinkError, COPY_WINDOW_DAYS, SIGNING_LINK_DAYS, PURPOSE_TEXT, CHANNEL_TEXT, type ConsentRequestSummary, type LinkReason } from "./consents/consent-request-records";
export { SIGNATURE_MAX_BYTES, SIGNATURE_MAX_DATA_URL } from "./consents/signature-image";
export * from "./consents/create-consent-request";
export * from "./consents/revocation-contact";
export * from "./consents/cancel-consent-request";
export * from "./consents/list-consent-requests";
export * from "./consents/get-signing-request";
export * from "./consents/sign-consent-request";
export * from "./consents/download-signed-copy";
// --- end consent register ---

// --- Scanner feedback: officers' labels as training data (issue 11, item 7) ---
export { FEEDBACK_TYPES } from "./scanner-feedback/feedback-text";
export { deriveVerdict, evalRecordSchema, type EvalRecord } from "./scanner-feedback/feedback-jsonl";
export * from "./scanner-feedback/record-scanner-feedback";
export * from "./scanner-feedback/withdraw-scanner-feedback";
export * from "./scanner-feedback/list-scanner-feedback";
export * from "./scanner-feedback/summarize-scanner-feedback";
export * from "./scanner-feedback/export-scanner-feedback";

// --- Social platform connectors: Meta Graph client, webhook signature and parsing (issue 12) ---
export * from "./platforms";

// --- Comment moderation: webhook ingest, comment events, the moderation outbox (issue 12) ---
export * from "./moderation/platform-client";
export * from "./moderation/comment-dedupe";
export * from "./moderation/ingest-meta-webhook";
export * from "./moderation/dispatch-comment-events";
export * from "./moderation/process-comment-event";
export * from "./moderation/send-moderation-action";
export * from "./moderation/dispatch-pending-moderation-actions";
export * from "./moderation/mark-account-token-invalid";
export * from "./moderation/request-private-reply";
export * from "./moderation/inbox-common";
export * from "./moderation/list-inbox";
export * from "./moderation/list-agency-inbox";
export * from "./moderation/get-comment";
export * from "./moderation/decide-comment";
export * from "./moderation/draft-public-reply";
// First-response SLA and its sweep, the purge of expired comment snapshots (issue 12).
export * from "./moderation/comment-sla";
export * from "./moderation/sweep-comment-sla";
export * from "./moderation/purge-comment-snapshots";
export * from "./moderation/list-reply-templates";
export * from "./moderation/save-reply-template";
export * from "./moderation/delete-reply-template";
export * from "./moderation/meta-platform-client";
export * from "./moderation/platform-clients-from-env";
export * from "./moderation/linkedin-platform-client";
export * from "./moderation/x-platform-client";
export * from "./moderation/platform-capabilities";
export * from "./moderation/ingest-linkedin-webhook";
export * from "./moderation/poll-x-replies";
export * from "./moderation/tiktok-platform-client";
export * from "./moderation/discover-tiktok-videos";
export { sealField as sealModerationField, openField as openModerationField, sha256Hex } from "./moderation/moderation-crypto";

// --- Connected accounts: the OAuth connect flows (Meta, LinkedIn, X, TikTok), disconnect, the periodic check (issue 12) ---
export { META_CONNECT_SCOPES, LINKEDIN_CONNECT_SCOPES, X_CONNECT_SCOPES, TIKTOK_CONNECT_SCOPES, CONNECT_PLATFORMS, CONNECT_STATE_TTL_MS, hashConnectState, sealConnectToken, type ConnectPlatform } from "./moderation/account-connect";
export { withXAccountToken, refreshXAccountToken, type XTokenOptions } from "./moderation/x-account-token";
export { withTikTokAccountToken, type TikTokTokenOptions } from "./moderation/tiktok-account-token";
export * from "./moderation/account-status-words";
export * from "./moderation/start-account-connect";
export * from "./moderation/locate-account-connect";
export * from "./moderation/complete-account-connect";
export * from "./moderation/list-connectable-pages";
export * from "./moderation/connect-selected-pages";
export * from "./moderation/disconnect-account";
export * from "./moderation/list-connected-accounts";
export * from "./moderation/check-connected-accounts";
export * from "./moderation/reconcile-post-comments";

// --- Private and employee groups, incidents (issue 12) ---
export * from "./groups/report-group-post";
export * from "./groups/receive-group-intake";
export * from "./groups/group-intake-address";
export * from "./groups/load-group-report-form";
export * from "./groups/dispatch-group-ocr";
export * from "./groups/process-group-ocr";
export * from "./groups/list-group-reports";
export * from "./groups/get-group-report";
export * from "./groups/get-group-screenshot";
export * from "./groups/resolve-group-report";
export * from "./groups/send-coaching-note";
export * from "./groups/list-my-coaching-notes";
export { GROUP_SCAN_KIND } from "./groups/group-report-scan";
export * from "./incidents/incident-rules";
export * from "./incidents/open-incident";
export * from "./incidents/list-incidents";
export * from "./incidents/get-incident";
export * from "./incidents/save-incident-assessment";
export * from "./incidents/close-incident";
export * from "./incidents/list-incident-employees";
export * from "./incidents/remind-incident-deadlines";
// Policy & procedures manual (issue 13): the manual, its versions and its quiz (helper A).
export * from "./policy/manual-sections";
export * from "./policy/manual-text";
export * from "./policy/policy-content-hash";
export * from "./policy/generate-manual-sections";
export { SAFE_HARBOR_IDENTIFIERS, SECTION_TITLES } from "./policy/default-manual-text";
export { effectivePolicyVersion } from "./policy/policy-records";
export type { PolicyVersionSummary, PolicyVersionDetail } from "./policy/policy-views";
export * from "./policy/get-policy-manual";
export * from "./policy/get-policy-version";
export * from "./policy/list-policy-versions";
export * from "./policy/update-policy-draft";
export * from "./policy/submit-policy-version";
export * from "./policy/return-policy-version";
export * from "./policy/discard-policy-draft";
export * from "./policy/start-policy-draft";
export * from "./policy/approve-policy-version";
export * from "./policy/propose-policy-version-from-settings";
export * from "./policy/update-policy-manual-settings";
export * from "./policy/save-quiz-question";
export * from "./policy/list-quiz-questions";
export * from "./policy/download-policy-pdf";
// Workforce roster and acknowledgements (issue 13, helper B).
export { ROSTER_COLUMNS, ROSTER_MAX_ROWS, ROSTER_MAX_BYTES, decodeRosterFile, type RosterRow, type RosterRowError } from "./policy/roster-csv";
export { ACK_CADENCE_DAYS, ACK_DUE_DAYS, ACK_DUE_DAYS_MAX, ACK_DUE_DAYS_MIN, ACK_LINK_DAYS, ackState, inAckScope, type AckScope, type AckState } from "./policy/ack-rules";
export { AckLinkError, type AckLinkReason } from "./policy/ack-records";
export { READING_REPORT_MAX_SECONDS, type AckView } from "./policy/ack-flow";
export * from "./policy/assign-policy-acknowledgements";
export * from "./policy/preview-roster-import";
export * from "./policy/import-roster";
export * from "./policy/sync-roster-members";
export * from "./policy/list-roster";
export * from "./policy/set-workforce-person-active";
export * from "./policy/send-acknowledgement-link";
export * from "./policy/open-acknowledgement";
export * from "./policy/record-reading-time";
export * from "./policy/submit-quiz-attempt";
export * from "./policy/sign-acknowledgement";
export * from "./policy/get-policy-coverage";
export * from "./policy/export-policy-coverage-csv";
export * from "./policy/remind-policy-acknowledgements";
export { listMyCoaching, openMyCoaching, answerMyCoaching, type CoachingView } from "./policy/my-coaching";
export { getTrainingHistory, getQuizResults, type TrainingHistory, type QuizResults } from "./policy/training-reports";
export { exportTrainingReport, TRAINING_REPORTS } from "./policy/export-training-report";
export { buildEvidencePack } from "./policy/build-evidence-pack";
export { EVIDENCE_MAX_DAYS } from "./policy/evidence-period";
export * from "./policy/open-ack-renewals";

// --- Abuse limits (issue 15) ---
export * from "./limits";

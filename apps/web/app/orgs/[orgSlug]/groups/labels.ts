// Words for the group reports' enums, shared by the groups pages and the incidents pages.

export const REPORT_STATUS_LABELS: Record<string, string> = { SCANNING: "Reading the screenshot", OPEN: "Waiting for review", RESOLVED: "Resolved", SCAN_FAILED: "Could not be read" };
export const REPORT_STATUS_KEYS = ["OPEN", "SCANNING", "SCAN_FAILED", "RESOLVED"] as const;
export const SOURCE_LABELS: Record<string, string> = { PASTE: "Pasted", SCREENSHOT: "Screenshot", EMAIL: "Forwarded by email" };

/** Why the worker could not read a screenshot, in words (codes from the OCR step). */
export const OCR_ERROR_WORDS: Record<string, string> = {
  NO_TEXT: "no text could be read in it",
  FILE_MISSING: "the stored file is missing",
  IMAGE_CORRUPT: "the image is damaged",
  IMAGE_TOO_LARGE: "the image has too many pixels",
  IMAGE_UNSUPPORTED_FORMAT: "the file is not a supported image",
};

export const INCIDENT_STATUS_LABELS: Record<string, string> = { OPEN: "Open: assessment in progress", ASSESSED: "Assessed", CLOSED: "Closed" };
export const OUTCOME_LABELS: Record<string, string> = { NOTIFIED: "Individuals notified", NOT_REQUIRED: "Notification not required" };

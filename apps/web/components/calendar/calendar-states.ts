// How each state looks on the calendar. Colour is never the only cue: each state also has its own
// symbol, its label in words and its own border (dashed while in review, solid once approved).

export interface CalendarStateStyle {
  label: string;
  /** A text symbol beside the label (hidden from screen readers, which read the label). */
  symbol: string;
  className: string;
  /** What the legend says the state means on the calendar. */
  meaning: string;
}

export const CALENDAR_STATE_STYLES: Record<string, CalendarStateStyle> = {
  IN_REVIEW: { label: "In review", symbol: "◌", className: "border-dashed border-indigo-400 bg-indigo-50 text-indigo-900", meaning: "waiting for approval; its time changes in the post's editor" },
  APPROVED: { label: "Approved", symbol: "✓", className: "border-solid border-emerald-500 bg-emerald-50 text-emerald-900", meaning: "approved; drag it to another day to move it" },
  SCHEDULED: { label: "Scheduled", symbol: "◷", className: "border-solid border-teal-600 bg-teal-50 text-teal-900", meaning: "approved and due to publish; drag it to another day to move it" },
  PUBLISHED: { label: "Published", symbol: "●", className: "border-dotted border-slate-500 bg-slate-100 text-slate-800", meaning: "out; it cannot be moved" },
};

export const CALENDAR_STATE_ORDER = ["IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHED"] as const;

export const calendarStateStyle = (state: string): CalendarStateStyle => CALENDAR_STATE_STYLES[state] ?? { label: state, symbol: "•", className: "border-slate-300 bg-white text-slate-800", meaning: "" };

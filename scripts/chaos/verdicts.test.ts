import { describe, expect, it } from "vitest";
import { chaosChecks, inCrashWindow, markdownTable, passed, tallyMails, tallyScans, type Observed, type PostOutcome } from "./verdicts";

const post = (state: string, scanStatus: string | null): PostOutcome => ({ postId: `${state}-${scanStatus}`, state, scanStatus });

describe("tallyScans", () => {
  it("counts a post final once it left SCANNING and its newest scan job finished", () => {
    const t = tallyScans([post("IN_REVIEW", "SUCCEEDED"), post("SCAN_FAILED", "FAILED"), post("SCANNING", "RUNNING"), post("SCANNING", "SUCCEEDED"), post("IN_REVIEW", null)]);
    expect(t).toEqual({ posts: 5, final: 2, failed: 1, byState: { IN_REVIEW: 2, SCAN_FAILED: 1, SCANNING: 2 } });
  });
});

describe("tallyMails", () => {
  const row = (id: string, sentAtMs: number | null, extra: Partial<{ dead: boolean; attempts: number }> = {}) => ({ id, sentAtMs, dead: false, attempts: 1, ...extra });

  it("counts rows sent, unsent and dead, and receipts once, missing, duplicated and unknown", () => {
    const t = tallyMails(
      [row("a", 100), row("b", 200), row("c", null), row("d", null, { dead: true }), row("e", 300)],
      [{ mailId: "a", acceptedAt: 90 }, { mailId: "b", acceptedAt: 150 }, { mailId: "b", acceptedAt: 190 }, { mailId: null, acceptedAt: 5 }, { mailId: "zzz", acceptedAt: 6 }],
      [],
    );
    expect(t).toMatchObject({ rows: 5, sent: 3, unsent: 1, dead: 1, once: 1, missing: 1, duplicatedOtherwise: ["b"], duplicatedInCrashWindow: [], unknownReceipts: 2 });
  });

  it("puts a duplicate in the crash window only when the first copy came before a SIGKILL and the row was marked sent after it", () => {
    const rows = [row("killed", 400_000, { attempts: 2 }), row("later", 9_000, { attempts: 2 }), row("early", 1_500)];
    const receipts = [
      { mailId: "killed", acceptedAt: 1_000 }, { mailId: "killed", acceptedAt: 399_000 },
      // Both copies after the kill: two live senders, not the window.
      { mailId: "later", acceptedAt: 3_000 }, { mailId: "later", acceptedAt: 8_000 },
      // Marked sent before the kill: the killed worker had finished with it.
      { mailId: "early", acceptedAt: 1_000 }, { mailId: "early", acceptedAt: 1_200 },
    ];
    const t = tallyMails(rows, receipts, [2_000]);
    expect(t.duplicatedInCrashWindow).toEqual(["killed"]);
    expect(t.duplicatedOtherwise).toEqual(["later", "early"]);
  });

  it("never puts an unsent row in the crash window", () => {
    expect(inCrashWindow([1_000, 5_000], null, [2_000])).toBe(false);
    expect(inCrashWindow([1_000, 5_000], 6_000, [])).toBe(false);
  });
});

describe("chaosChecks", () => {
  const good: Observed = {
    scans: { posts: 2, final: 2, failed: 0, byState: { IN_REVIEW: 2 } },
    mails: { rows: 3, sent: 3, dead: 0, unsent: 0, once: 3, missing: 0, duplicatedInCrashWindow: [], duplicatedOtherwise: [], unknownReceipts: 0 },
    chains: [{ chain: "org-a", ok: true, events: 10, checkpointSeq: 4 }, { chain: "platform", ok: true, events: 2, checkpointSeq: null }],
    processes: [{ name: "web", starts: 1, unexpectedExits: 0, everyStartHealthy: true }, { name: "worker-1", starts: 2, unexpectedExits: 0, everyStartHealthy: true }],
    outageSubmits: { tried: 4, accepted: 4 },
  };

  it("passes a run where everything held, with the figures in words", () => {
    const checks = chaosChecks(good);
    expect(passed(checks)).toBe(true);
    expect(checks.map((c) => c.value)).toContain("2 chains, 12 events, 1 held against a checkpoint");
    expect(checks.find((c) => c.label.startsWith("no crash"))!.value).toBe("0 unexpected exits; starts web 1, worker-1 2, each answered");
  });

  it("fails on each kind of damage, and only reports duplicates the design allows", () => {
    const failing = (o: Partial<Observed>) => chaosChecks({ ...good, ...o }).filter((c) => c.met === false).map((c) => c.label);
    expect(failing({ scans: { posts: 2, final: 1, failed: 0, byState: { IN_REVIEW: 1, SCANNING: 1 } } })).toEqual(["every post reached a final scan state"]);
    expect(failing({ scans: { posts: 2, final: 2, failed: 1, byState: { IN_REVIEW: 1, SCAN_FAILED: 1 } } })).toEqual(["no scan lost to a fault (none FAILED)"]);
    expect(failing({ mails: { ...good.mails, sent: 2, unsent: 1, once: 2 } })).toEqual(["every outbox mail SENT"]);
    expect(failing({ mails: { ...good.mails, once: 2, duplicatedOtherwise: ["x"] } })).toEqual(["every mail received exactly once"]);
    expect(failing({ mails: { ...good.mails, once: 2, duplicatedInCrashWindow: ["x"] } })).toEqual([]);
    expect(chaosChecks({ ...good, mails: { ...good.mails, once: 2, duplicatedInCrashWindow: ["x"] } }).find((c) => c.met === null)!.value).toBe("1");
    expect(failing({ chains: [{ chain: "org-a", ok: false, events: 3, checkpointSeq: 4, reason: "events 4 to 10 are missing" }] })).toEqual(["every audit chain verifies (with its checkpoint)"]);
    expect(failing({ processes: [{ name: "worker-1", starts: 5, unexpectedExits: 3, everyStartHealthy: true }] })).toEqual(["no crash or crash loop (web, workers)"]);
    expect(failing({ processes: [{ name: "web", starts: 1, unexpectedExits: 0, everyStartHealthy: false }] })).toEqual(["no crash or crash loop (web, workers)"]);
    expect(failing({ outageSubmits: { tried: 4, accepted: 3 } })).toEqual(["posts submitted while Redis was down accepted"]);
  });

  it("does not pass a run that observed nothing", () => {
    expect(passed(chaosChecks({ ...good, scans: { posts: 0, final: 0, failed: 0, byState: {} }, chains: [] }))).toBe(false);
  });
});

describe("markdownTable", () => {
  it("pads every column to its widest cell", () => {
    expect(markdownTable(["a", "bb"], [["long cell", "x"]])).toBe("| a         | bb |\n|-----------|----|\n| long cell | x  |");
  });
});

import { afterEach, expect, it, vi } from "vitest";
import { logMailOutcomes, onMailOutcome, reportMailOutcome, type MailLineLogger, type MailOutcome } from "./mail-outcomes";

// The web registers its listener from instrumentation.ts, which Next bundles apart from the routes that
// send mails: each bundle has its own copy of this module, and a copy's sends must reach every copy's
// listeners. A fresh copy is what vi.resetModules() + import() gives.

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function captureLogger() {
  const lines: { level: "info" | "warn"; bindings: Record<string, unknown>; fields: object }[] = [];
  const log: MailLineLogger = {
    child: (bindings) => ({
      info: (fields) => void lines.push({ level: "info", bindings, fields }),
      warn: (fields) => void lines.push({ level: "warn", bindings, fields }),
    }),
  };
  return { log, lines };
}

const sent: MailOutcome = { mailId: "0b6f4e0e-3f0a-4a52-9d55-4a8a5f0f1a11", requestId: "5d1c2a9e-7b44-4c6d-8f0e-2b9a6c3d4e5f", outcome: "sent", attempts: 1, via: "direct" };

it("a send reported by another copy of the module reaches a listener registered on this one", async () => {
  vi.resetModules();
  const other = await import("./mail-outcomes");
  expect(other.reportMailOutcome).not.toBe(reportMailOutcome);
  const heard: MailOutcome[] = [];
  stops.push(onMailOutcome((o) => void heard.push(o)));
  other.reportMailOutcome(sent);
  expect(heard).toEqual([sent]);
});

it("writes one line per send: sent at info, failed and dead at warn with the error's class, ids only", () => {
  const { log, lines } = captureLogger();
  stops.push(logMailOutcomes(log));
  reportMailOutcome(sent);
  reportMailOutcome({ ...sent, requestId: null, outcome: "failed", attempts: 2, via: "sweep", errorType: "SmtpError" });
  reportMailOutcome({ ...sent, outcome: "dead", attempts: 8, via: "sweep", errorType: "SmtpError" });
  expect(lines).toEqual([
    { level: "info", bindings: { mailId: sent.mailId, requestId: sent.requestId }, fields: { event: "mail.sent", attempts: 1, via: "direct" } },
    { level: "warn", bindings: { mailId: sent.mailId }, fields: { event: "mail.failed", attempts: 2, via: "sweep", errorType: "SmtpError" } },
    { level: "warn", bindings: { mailId: sent.mailId, requestId: sent.requestId }, fields: { event: "mail.dead", attempts: 8, via: "sweep", errorType: "SmtpError" } },
  ]);
});

it("stops writing once unsubscribed, and a listener that throws does not stop the others", () => {
  const { log, lines } = captureLogger();
  stops.push(onMailOutcome(() => {
    throw new Error("listener failed");
  }));
  const stop = logMailOutcomes(log);
  reportMailOutcome(sent);
  stop();
  reportMailOutcome(sent);
  expect(lines).toHaveLength(1);
});

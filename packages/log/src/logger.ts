import { baseEnv, type LogLevel } from "@vetted/config";
import pino, { type DestinationStream } from "pino";
import { errorSummary, REDACTED, redactPaths, scrubNested } from "./redaction";

// The one logger of the web app, the worker and the scripts: pino, JSON lines on stdout, one object
// per event. Entries name their event (`{ event: "job.completed", queue, jobId }`) and carry ids,
// counts and codes. PHI never belongs in a log line; redaction (redaction.ts: pino's `redact` at the
// top level, scrubNested below it) and the error serializers are the net for when a call site gets
// that wrong.

/** One log line's fields. `err` takes anything thrown: only its class and code are written. */
export interface LogEntry {
  event: string;
  err?: unknown;
  [field: string]: unknown;
}

export type LogMethod = (entry: LogEntry) => void;

/**
 * pino's logger, narrowed to the object form: no message strings, which could interpolate anything
 * (pino would also write a thrown Error's message as the message). A child carries bindings such as
 * `requestId` or `jobId` on every line it writes.
 */
export interface Logger {
  readonly level: string;
  trace: LogMethod;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  fatal: LogMethod;
  /**
   * Bindings are ids and names of things (requestId, jobId, queue): plain values only, because pino
   * writes them once per child, past the nested scrub (the top-level redaction still applies).
   */
  child(bindings: Record<string, string | number | boolean | null | undefined>): Logger;
}

export interface LoggerOptions {
  /** Default: LOG_LEVEL from the validated environment. */
  level?: LogLevel;
  /** Where lines go (default stdout); tests pass `{ write(line) {…} }` to read them. */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? baseEnv().LOG_LEVEL,
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"info" rather than pino's numbers: the lines are read by people and by grep as often as by tools.
    formatters: { level: (label) => ({ level: label }), log: scrubNested },
    redact: { paths: redactPaths(), censor: REDACTED },
    // pino's own err serializer writes message and stack; these replace it, under both usual keys.
    serializers: { err: errorSummary, error: errorSummary },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

let root: Logger | undefined;

/** The process's logger, made on first use at LOG_LEVEL. Use `.child({ requestId })` etc. for context. */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}

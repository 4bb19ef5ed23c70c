import { baseEnv, type LogLevel } from "@vetted/config";
import pino, { type DestinationStream } from "pino";
import { REDACTED, redactPaths } from "./redaction";

// The one logger of the web app, the worker and the scripts: pino, JSON lines on stdout, one object
// per event. Entries name their event (`{ event: "job.completed", queue, jobId }`) and carry ids,
// counts and codes. PHI never belongs in a log line; redaction (redaction.ts) and the error
// serializer below are the net for when a call site gets that wrong.

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
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Default: LOG_LEVEL from the validated environment. */
  level?: LogLevel;
  /** Where lines go (default stdout); tests pass `{ write(line) {…} }` to read them. */
  destination?: DestinationStream;
}

/**
 * What may be logged about an error: its class and, when it has one, its string code. Never its
 * message or stack, which quote the data the operation failed on (a database error quotes the
 * offending value, a platform error the comment).
 */
export function errorSummary(error: unknown): { type: string; code?: string } {
  if (!(error instanceof Error)) return { type: error === null ? "null" : typeof error };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === "string" ? { code } : {}) };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level ?? baseEnv().LOG_LEVEL,
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"info" rather than pino's numbers: the lines are read by people and by grep as often as by tools.
    formatters: { level: (label) => ({ level: label }) },
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

import type { LogLevel } from "@vetted/config";
import { createLogger, type Logger } from "../logger";

/**
 * A logger whose lines (one JSON string each, trailing newline included) are kept in memory, for
 * tests that check what was logged, and that nothing they fed in reached a log.
 */
export function memoryLogger(level: LogLevel = "debug"): { log: Logger; lines: string[]; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

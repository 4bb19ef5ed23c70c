import { describe, expect, it } from "vitest";
import { connectionFromUrl, producerConnectionOptions, workerConnectionOptions } from "./connection.js";

describe("connectionFromUrl", () => {
  it("parses host, port and db", () => {
    expect(connectionFromUrl("redis://127.0.0.1:6379/1")).toEqual({ host: "127.0.0.1", port: 6379, db: 1 });
  });

  it("defaults port and db", () => {
    expect(connectionFromUrl("redis://cache.internal")).toEqual({ host: "cache.internal", port: 6379, db: 0 });
  });

  it("decodes credentials and enables TLS for rediss", () => {
    const opts = connectionFromUrl("rediss://app:p%40ss@cache.example.com:6380/2");
    expect(opts).toMatchObject({ host: "cache.example.com", port: 6380, db: 2, username: "app", password: "p@ss" });
    expect(opts.tls).toEqual({ servername: "cache.example.com" });
  });

  it("refuses other schemes and non-numeric databases", () => {
    expect(() => connectionFromUrl("http://127.0.0.1:6379")).toThrow(/scheme/);
    expect(() => connectionFromUrl("redis://127.0.0.1:6379/abc")).toThrow(/database number/);
  });
});

describe("connection roles", () => {
  it("producers fail fast", () => {
    const opts = producerConnectionOptions("redis://127.0.0.1:6379/1");
    expect(opts.enableOfflineQueue).toBe(false);
    expect(opts.maxRetriesPerRequest).toBeGreaterThan(0);
    expect(opts.maxRetriesPerRequest).toBeLessThanOrEqual(3);
    expect(opts.connectTimeout).toBeLessThanOrEqual(5_000);
  });

  it("workers retry forever, as BullMQ requires for blocking connections", () => {
    expect(workerConnectionOptions("redis://127.0.0.1:6379/1").maxRetriesPerRequest).toBeNull();
  });
});

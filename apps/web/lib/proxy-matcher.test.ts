import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server.js";
import { describe, expect, it } from "vitest";
import { config } from "../proxy";

// Which paths Next runs proxy.ts on, through Next's own matcher (its own file: the testing helper
// loads Next internals that the proxy's request tests must load first in theirs).
const runsOn = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("what the proxy runs on", () => {
  it("skips the health probes (never logged, never redirected), webhooks and build assets", () => {
    for (const url of ["/healthz", "/readyz", "/readyz?probe=1", "/api/webhooks/meta", "/_next/static/chunk.js"]) expect(runsOn(url), url).toBe(false);
  });

  it("still covers every other path, the queue dashboard included", () => {
    for (const url of ["/", "/orgs/acme", "/agency", "/agency/queues", "/agency/queues/api/queues", "/api/orgs/acme/posts", "/healthzx", "/readyz/more"]) {
      expect(runsOn(url), url).toBe(true);
    }
  });
});

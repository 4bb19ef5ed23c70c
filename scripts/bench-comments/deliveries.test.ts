import { createHash } from "node:crypto";
import { parseMetaWebhook } from "@vetted/domain";
import { scanText } from "@vetted/scanner";
import { describe, expect, it } from "vitest";
import { prng } from "../../prisma/prng";
import { commentText, DEFAULT_TRAFFIC, feedDeliveryBody, planTraffic, trafficCounts } from "./deliveries";

describe("the bench's webhook traffic", () => {
  const traffic = planTraffic(DEFAULT_TRAFFIC);
  const { comments, deliveries } = traffic;

  it("has 2,000 deliveries: 30% duplicates and 10% edits sent before their create", () => {
    expect(deliveries).toHaveLength(2000);
    expect(deliveries.filter((d) => d.copy > 1)).toHaveLength(600);
    const counts = trafficCounts(DEFAULT_TRAFFIC);
    expect(counts).toEqual({ duplicates: 600, outOfOrder: 200, inOrderEdits: 100, comments: 1100, distinct: 1400 });
    expect(comments).toHaveLength(1100);

    const firstIndex = new Map<string, number>();
    deliveries.forEach((d, i) => {
      const key = `${d.comment}:${d.verb}`;
      if (!firstIndex.has(key)) firstIndex.set(key, i);
    });
    const editsFirst = comments.filter((c) => c.edit && firstIndex.get(`${c.index}:edited`)! < firstIndex.get(`${c.index}:add`)!);
    expect(editsFirst).toHaveLength(200);
    expect(editsFirst.every((c) => c.editOrder === "before")).toBe(true);
    expect(comments.filter((c) => c.editOrder === "after").every((c) => firstIndex.get(`${c.index}:add`)! < firstIndex.get(`${c.index}:edited`)!)).toBe(true);
  });

  it("sends every comment's create, every edit once as a first copy, and duplicates only after their original", () => {
    const firsts = deliveries.filter((d) => d.copy === 1);
    expect(firsts).toHaveLength(1400);
    expect(new Set(firsts.map((d) => `${d.comment}:${d.verb}`)).size).toBe(1400);
    for (const c of comments) expect(firsts.some((d) => d.comment === c.index && d.verb === "add")).toBe(true);
    const seen = new Set<string>();
    for (const d of deliveries) {
      const key = `${d.comment}:${d.verb}`;
      if (d.copy > 1) expect(seen.has(key)).toBe(true);
      seen.add(key);
    }
  });

  it("is the same for the same seed, and different for another", () => {
    expect(planTraffic(DEFAULT_TRAFFIC)).toEqual(traffic);
    expect(planTraffic({ ...DEFAULT_TRAFFIC, seed: 99 }).deliveries).not.toEqual(deliveries);
    const r = prng(5);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it("has about 30% PHI comments, each text of which the scanner blocks, and clean ones it lets through", () => {
    const phi = comments.filter((c) => c.phi).length;
    expect(phi / comments.length).toBeGreaterThan(0.25);
    expect(phi / comments.length).toBeLessThan(0.35);
    // Edits keep a comment PHI or clean, so each has one right outcome; checked on every text.
    for (const c of comments) {
      for (const text of [c.message, ...(c.edit ? [c.edit] : [])]) {
        expect(scanText(text, { kind: "comment" }).verdict === "block", text).toBe(c.phi);
      }
    }
    expect(commentText(3, true)).not.toBe(commentText(3, true, true));
  });

  it("builds bodies the app's parser reads back, and a duplicate is byte-identical", () => {
    const target = { pageId: "200000000000001", postId: "200000000000001_950001", commentId: "950001_77", createdTime: 1_800_000_000, authorId: "5550001", authorName: "Bench Commenter" };
    const add = feedDeliveryBody(target, "add", comments[0]!.message);
    expect(feedDeliveryBody(target, "add", comments[0]!.message)).toBe(add);
    const [change] = parseMetaWebhook(JSON.parse(add));
    expect(change).toMatchObject({ platform: "FACEBOOK", accountExternalId: target.pageId, objectId: target.commentId, postExternalId: target.postId, verb: "add", text: comments[0]!.message, time: target.createdTime });
    const [edit] = parseMetaWebhook(JSON.parse(feedDeliveryBody(target, "edited", "x")));
    expect(edit).toMatchObject({ verb: "edited", time: target.createdTime + 1 });
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    expect(sha(add)).not.toBe(sha(feedDeliveryBody({ ...target, commentId: "950001_78" }, "add", comments[0]!.message)));
  });

  it("refuses shares that leave too few comments for the edits", () => {
    expect(() => planTraffic({ ...DEFAULT_TRAFFIC, duplicateShare: 0.6, outOfOrderShare: 0.3 })).toThrow(/Too few comments/);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseMetaWebhook } from "./meta-webhook";

const feed = (value: Record<string, unknown>, entry: Record<string, unknown> = {}) => ({
  object: "page",
  entry: [{ id: "5550001", time: 1_720_000_100, changes: [{ field: "feed", value }], ...entry }],
});

describe("parseMetaWebhook: Facebook Page feed", () => {
  it("normalises a new top-level comment; the post id is the post, not a parent", () => {
    const changes = parseMetaWebhook(
      feed({ item: "comment", verb: "add", comment_id: "900_1", post_id: "5550001_900", parent_id: "5550001_900", message: "Lovely garden", from: { id: "777", name: "Pat Example" }, created_time: 1_720_000_000 }),
    );
    expect(changes).toEqual([
      { platform: "FACEBOOK", accountExternalId: "5550001", objectId: "900_1", postExternalId: "5550001_900", verb: "add", text: "Lovely garden", authorId: "777", authorName: "Pat Example", time: 1_720_000_100 },
    ]);
  });

  it("keeps a comment parent for replies, maps edit/delete spellings, drops text on remove and hide", () => {
    const body = {
      object: "page",
      entry: [
        {
          id: 5550001,
          time: 1_720_000_200_000, // milliseconds: read as seconds
          changes: [
            { field: "feed", value: { item: "comment", verb: "edit", comment_id: "900_2", post_id: "5550001_900", parent_id: "900_1", message: "changed", from: { id: "778" } } },
            { field: "feed", value: { item: "comment", verb: "delete", comment_id: "900_3", post_id: "5550001_900", message: "stale" } },
            { field: "feed", value: { item: "comment", verb: "hide", comment_id: "900_4", post_id: "5550001_900", message: "stale" } },
            { field: "feed", value: { item: "comment", verb: "unhide", comment_id: "900_4", post_id: "5550001_900" } },
          ],
        },
      ],
    };
    const changes = parseMetaWebhook(body);
    expect(changes.map((c) => [c.objectId, c.verb, c.parentId, c.text, c.time, c.accountExternalId])).toEqual([
      ["900_2", "edited", "900_1", "changed", 1_720_000_200, "5550001"],
      ["900_3", "remove", undefined, undefined, 1_720_000_200, "5550001"],
      ["900_4", "hide", undefined, undefined, 1_720_000_200, "5550001"],
      ["900_4", "unhide", undefined, undefined, 1_720_000_200, "5550001"],
    ]);
  });

  it("skips non-comment items, unknown verbs, other fields and malformed changes without losing the good ones", () => {
    const body = {
      object: "page",
      entry: [
        {
          id: "5550001",
          time: 1_720_000_300,
          changes: [
            { field: "feed", value: { item: "reaction", verb: "add", post_id: "5550001_900" } },
            { field: "feed", value: { item: "comment", verb: "block", comment_id: "900_5" } },
            { field: "feed", value: { item: "comment", verb: "add" } },
            { field: "mention", value: { item: "comment", verb: "add", comment_id: "900_6" } },
            "garbage",
            { field: "feed", value: { item: "comment", verb: "add", comment_id: "900_7", post_id: "5550001_900" } },
          ],
        },
        { id: "5550002", time: 1_720_000_301, messaging: [{ sender: { id: "1" } }] },
      ],
    };
    expect(parseMetaWebhook(body).map((c) => c.objectId)).toEqual(["900_7"]);
  });
});

describe("parseMetaWebhook: Instagram comments", () => {
  it("normalises a comment and a reply to the same shape", () => {
    const body = {
      object: "instagram",
      entry: [
        {
          id: "17841400009999",
          time: 1_720_000_400,
          changes: [
            { field: "comments", value: { id: "18000000000000001", text: "Where is this?", from: { id: "6001", username: "sam.sample" }, media: { id: "17900000000000001", media_product_type: "FEED" } } },
            { field: "comments", value: { id: "18000000000000002", text: "reply", parent_id: "18000000000000001", from: { id: "6002" }, media: { id: "17900000000000001" } } },
            { field: "mentions", value: { media_id: "1", comment_id: "2" } },
          ],
        },
      ],
    };
    expect(parseMetaWebhook(body)).toEqual([
      { platform: "INSTAGRAM", accountExternalId: "17841400009999", objectId: "18000000000000001", postExternalId: "17900000000000001", verb: "add", text: "Where is this?", authorId: "6001", authorName: "sam.sample", time: 1_720_000_400 },
      { platform: "INSTAGRAM", accountExternalId: "17841400009999", objectId: "18000000000000002", parentId: "18000000000000001", postExternalId: "17900000000000001", verb: "add", text: "reply", authorId: "6002", time: 1_720_000_400 },
    ]);
  });
});

describe("parseMetaWebhook: envelopes", () => {
  it("returns nothing for other webhook objects", () => {
    expect(parseMetaWebhook({ object: "permissions", entry: [{ id: "1", time: 1, changes: [{ field: "x", value: {} }] }] })).toEqual([]);
  });

  it("throws a VALIDATION AppError naming the bad field, never echoing the body", () => {
    for (const bad of [null, "text", {}, { object: "page" }, { object: "page", entry: [{ id: "1" }] }, { object: "page", entry: [{ id: {}, time: 1 }] }]) {
      expect(() => parseMetaWebhook(bad)).toThrow(AppError);
    }
    try {
      parseMetaWebhook({ object: "page", entry: [{ id: "secret-ish-value-1", time: "soon" }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION");
      expect((error as AppError).fields).toHaveProperty(["entry.0.time"]);
      expect(JSON.stringify((error as AppError).toJSON())).not.toContain("secret-ish-value-1");
    }
  });
});

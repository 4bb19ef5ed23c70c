import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseLinkedInCommentUrn, parseLinkedInWebhook } from "./linkedin-webhook";

const ORG = "urn:li:organization:96072893";
const COMMENT = "urn:li:comment:(urn:li:activity:7094637247890620418,7094977717598625792)";
const at = 1_800_000_000_123;

const notification = (extra: Record<string, unknown> = {}) => ({
  notificationId: 5603453321, organizationalEntity: ORG, action: "COMMENT", sourcePost: "urn:li:activity:7094637247890620418", lastModifiedAt: at,
  subscriber: "urn:li:person:abc", generatedActivity: "urn:li:comment:(activity:7094637247890620418,7094977717598625792)",
  decoratedGeneratedActivity: { comment: { entity: COMMENT, owner: "urn:li:person:zLqTy", text: "Is the clinic open Sunday?", object: "urn:li:activity:7094637247890620418" } },
  ...extra,
});
const body = (...notifications: unknown[]) => ({ type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", notifications });

describe("parseLinkedInCommentUrn", () => {
  it("canonicalises both spellings and keeps the post and comment ids", () => {
    const ref = { urn: COMMENT, objectUrn: "urn:li:activity:7094637247890620418", commentId: "7094977717598625792" };
    expect(parseLinkedInCommentUrn(COMMENT)).toEqual(ref);
    expect(parseLinkedInCommentUrn("urn:li:comment:(activity:7094637247890620418,7094977717598625792)")).toEqual(ref);
    expect(parseLinkedInCommentUrn("urn:li:comment:(urn:li:ugcPost:1,2)")).toMatchObject({ objectUrn: "urn:li:ugcPost:1", commentId: "2" });
  });
  it("refuses anything else", () => {
    for (const v of [null, "", "urn:li:share:1", "urn:li:comment:(urn:li:activity:1,2)/../x", "urn:li:comment:(urn:li:person:1,2)"]) expect(parseLinkedInCommentUrn(v)).toBeNull();
  });
});

describe("parseLinkedInWebhook", () => {
  it("turns a COMMENT into an add with the org, the canonical comment URN, the text and the time in seconds", () => {
    expect(parseLinkedInWebhook(body(notification()))).toEqual([{
      platform: "LINKEDIN", accountExternalId: ORG, objectId: COMMENT, postExternalId: "urn:li:activity:7094637247890620418", verb: "add",
      text: "Is the clinic open Sunday?", authorId: "urn:li:person:zLqTy", time: 1_800_000_000,
    }]);
  });

  it("maps edits and deletes, reads message.text, falls back on generatedActivity and skips other actions", () => {
    const changes = parseLinkedInWebhook(body(
      notification({ action: "COMMENT_EDIT", decoratedGeneratedActivity: { comment: { entity: COMMENT, message: { text: "edited words" }, parentComment: "urn:li:comment:(activity:7094637247890620418,1)" } } }),
      notification({ action: "COMMENT_DELETE", decoratedGeneratedActivity: undefined }),
      notification({ action: "LIKE" }),
      notification({ action: "SHARE_MENTION" }),
      { action: "COMMENT", organizationalEntity: "urn:li:person:1", lastModifiedAt: at },
      "not an object",
    ));
    expect(changes).toEqual([
      expect.objectContaining({ verb: "edited", objectId: COMMENT, text: "edited words", parentId: "urn:li:comment:(urn:li:activity:7094637247890620418,1)" }),
      { platform: "LINKEDIN", accountExternalId: ORG, objectId: COMMENT, postExternalId: "urn:li:activity:7094637247890620418", verb: "remove", time: 1_800_000_000 },
    ]);
  });

  it("skips other event types and refuses a body that is not a notification envelope, naming the field", () => {
    expect(parseLinkedInWebhook({ type: "LEAD_ACTION", notifications: [notification()] })).toEqual([]);
    for (const bad of [null, [], { type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS" }, { notifications: [] }]) {
      expect(() => parseLinkedInWebhook(bad)).toThrow(AppError);
    }
    const error = (() => {
      try {
        parseLinkedInWebhook({ type: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", notifications: "x" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    expect(JSON.stringify(error)).toContain("notifications");
  });
});

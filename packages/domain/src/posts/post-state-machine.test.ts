import { describe, expect, it } from "vitest";
import { PostState } from "@vetted/db";
import { TRANSITIONS, canTransition, nextState, type PostEvent } from "./post-state-machine";

const STATES = Object.values(PostState);
const EVENTS = Object.keys(TRANSITIONS) as PostEvent[];

describe("post state machine", () => {
  for (const event of EVENTS) {
    for (const state of STATES) {
      const allowed = (TRANSITIONS[event].from as readonly string[]).includes(state);
      it(`${event} from ${state}: ${allowed ? `→ ${TRANSITIONS[event].to}` : "refused"}`, () => {
        expect(canTransition(state, event)).toBe(allowed);
        if (allowed) expect(nextState(state, event)).toBe(TRANSITIONS[event].to);
        else expect(() => nextState(state, event)).toThrow(expect.objectContaining({ code: "CONFLICT" }));
      });
    }
  }

  it("published, rejected and expired posts are final: no event leaves them", () => {
    for (const state of ["PUBLISHED", "REJECTED", "EXPIRED"] as const) {
      expect(EVENTS.filter((e) => canTransition(state, e))).toEqual([]);
    }
  });

  it("the only way to PUBLISHED is from SCHEDULED, and the only way to SCHEDULED is from APPROVED", () => {
    expect(EVENTS.filter((e) => TRANSITIONS[e].to === "PUBLISHED").flatMap((e) => TRANSITIONS[e].from)).toEqual(["SCHEDULED"]);
    expect(EVENTS.filter((e) => TRANSITIONS[e].to === "SCHEDULED").flatMap((e) => TRANSITIONS[e].from)).toEqual(["APPROVED"]);
  });
});

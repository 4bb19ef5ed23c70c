import { AppError } from "@vetted/domain";
import { describe, expect, it } from "vitest";
import { controlCharFields, refuseControlChars, refuseControlCharsInForm } from "./input";

const thrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("did not throw");
};

describe("refuseControlChars", () => {
  it("names the field that holds NUL or another C0 control", () => {
    const error = thrown(() => refuseControlChars({ title: "Open\u0000house", text: "fine" }));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe("title contains a control character");
    expect(error.fields).toEqual({ title: ["title contains a control character"] });
    expect(error.message).not.toContain("Open");
  });

  it("walks arrays, nested objects and keys", () => {
    expect(controlCharFields({ steps: [{ mode: "ANY" }, { mode: "A\u001bB" }], ok: "x" })).toEqual(["steps.1.mode"]);
    expect(controlCharFields({ channelTexts: { "X\u0007": "t" } })).toEqual(["channelTexts"]);
    expect(controlCharFields("\u0001")).toEqual(["_"]);
    expect(thrown(() => refuseControlChars("\u0000")).message).toBe("The request contains a control character");
  });

  it("lets tab, line feed, carriage return and ordinary text through untouched", () => {
    const value = { text: "Line one\r\nLine\ttwo — ünïcode 😀", n: 1, none: null, list: ["a"] };
    expect(refuseControlChars(value)).toBe(value);
  });

  it("checks every FormData field and file name, skipping Next's $ACTION fields", () => {
    const ok = new FormData();
    ok.set("$ACTION_ID_x", "\u0000");
    ok.set("body", "Hello\n");
    expect(refuseControlCharsInForm(ok)).toBe(ok);
    const bad = new FormData();
    bad.append("recipients", "Agency");
    bad.append("recipients", "Ag\u0000ency");
    bad.set("file", new File([new Uint8Array([1])], "scan\u0000.pdf"));
    expect(thrown(() => refuseControlCharsInForm(bad)).fields).toEqual({
      "recipients.1": ["recipients.1 contains a control character"],
      file: ["file contains a control character"],
    });
  });
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { describe, expect, it } from "vitest";
import { ImageFindings, type ImageView } from "@/app/orgs/[orgSlug]/posts/[postId]/image-findings";

// Issue 10 follow-up: the boxes over an image carry the numbers of the findings list, in reading
// order, each list row a button described by its box; "Blur all" counts the boxes not dismissed.

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
const box = (findingId: string, b: number[], dismissed = false): ImageView["boxes"][number] =>
  ({ findingId, source: "OCR", type: "NAME", box: b, text: `t-${findingId}`, blocking: true, dismissed });
const render = (mayRedact: boolean) =>
  renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, createElement(ImageFindings, {
    orgSlug: "o", postId: "p", revision: 1, mayRedact, phase: "done", save: async () => null,
    // Sent out of order: the bottom one first, the dismissed one in the middle.
    images: [{ id: "m1", width: 200, height: 100, earlier: [], boxes: [box("c", [10, 80, 20, 10]), box("b", [150, 40, 20, 10], true), box("a", [10, 5, 20, 10])] }],
  })));

const attrs = (html: string, testId: string) =>
  [...html.matchAll(new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`, "g"))].map((m) => m[0]);

describe("numbered image boxes", () => {
  it("numbers boxes top to bottom and gives each list row the same number, described by its box", () => {
    const html = render(true);
    const boxes = attrs(html, "finding-box").map((t) => [t.match(/data-number="(\d+)"/)![1], t.match(/title="([^"]*)"/)![1]]);
    expect(boxes.sort()).toEqual([["1", "1. name: t-a"], ["2", "2. name: t-b"], ["3", "3. name: t-c"]]);
    const rows = attrs(html, "finding-row");
    expect(rows.map((t) => t.match(/data-number="(\d+)"/)![1])).toEqual(["1", "2", "3"]);
    expect(rows[0]).toMatch(/^<button type="button"/);
    expect(rows[0]).toContain('aria-describedby="box-desc-a"');
    expect(html).toMatch(/id="box-desc-a"[^>]*>Box 1 on image 1, near the top left</);
    expect(html).toMatch(/id="box-desc-b"[^>]*>Box 2 on image 1, near the middle right</);
    // The dismissed box is numbered and listed, but neither counted in "Blur all" nor offered a blur.
    expect(html).toContain("Blur all (2)");
    expect(html.match(/Redact \(blur\)/g)).toHaveLength(2);
    expect(html).toContain("Draw a box to blur");
  });

  it("offers no redaction to someone who may not edit the post", () => {
    const html = render(false);
    expect(attrs(html, "finding-row")).toHaveLength(3);
    expect(html).not.toMatch(/Blur all|Redact \(blur\)|Draw a box/);
  });
});

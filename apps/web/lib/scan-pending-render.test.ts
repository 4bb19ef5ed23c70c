import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { describe, expect, it } from "vitest";
import { ImageFindings } from "@/app/orgs/[orgSlug]/posts/[postId]/image-findings";
import { PeoplePanel } from "@/app/orgs/[orgSlug]/posts/[postId]/people-panel";
import type { ScanPhase } from "./scan-phase";

// Issue 10, defect 4: while the scan ran, the post page said "Nothing found in image 1" and
// "Everyone shown is covered". The panels render placeholders until the scan has an answer.

const noop = async () => null;
const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
const html = (el: ReactElement) => renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, el));

const images = (phase: ScanPhase) =>
  html(createElement(ImageFindings, {
    orgSlug: "o", postId: "p", revision: 1, mayRedact: true, phase, save: noop,
    images: [{ id: "m1", width: 100, height: 50, boxes: [], earlier: [] }],
  }));
const people = (phase: ScanPhase) =>
  html(createElement(PeoplePanel, {
    orgSlug: "o", postId: "p", mayLink: true, consentsHref: "/c", find: noop, link: noop, unlink: noop, phase,
    images: [{ mediaId: "m1", position: 1, faces: 0, missing: 0, problems: [], people: [] }],
  }));

describe("post page panels before the scan has an answer", () => {
  it("say scanning, never 'nothing found' or 'covered', while the scan runs", () => {
    expect(images("scanning")).toContain("Scanning image 1…");
    expect(images("scanning")).not.toMatch(/Nothing found/);
    expect(people("scanning")).toContain("Scanning…");
    expect(people("scanning")).not.toMatch(/covered|0 faces found/);
  });

  it("say the scan failed, or that it has not run, rather than nothing found", () => {
    expect(images("failed")).toContain("Scan failed");
    expect(people("failed")).toContain("Scan failed");
    expect(images("not-scanned")).not.toMatch(/Nothing found/);
    expect(people("not-scanned")).not.toMatch(/covered/);
  });

  it("give the result once the scan is done", () => {
    expect(images("done")).toContain("Nothing found in image 1.");
    expect(people("done")).toContain("Everyone shown is covered");
  });

  it("show each finding of the image before its redaction with its outcome (defect 3)", () => {
    const out = html(createElement(ImageFindings, {
      orgSlug: "o", postId: "p", revision: 2, mayRedact: true, phase: "done", save: noop,
      images: [{
        id: "m2", width: 100, height: 50,
        boxes: [{ findingId: "f2", source: "OCR", type: "LOCATION", box: [1, 1, 5, 5], text: "Room 412", blocking: true, dismissed: false }],
        earlier: [
          { id: "e1", type: "NAME", text: "Jane Smith", outcome: "REMOVED_BY_REDACTION" },
          { id: "e2", type: "LOCATION", text: "Room 412", outcome: "STILL_PRESENT" },
        ],
      }],
    }));
    expect(out).toMatch(/Jane Smith”:<\/span><span[^>]*>removed by redaction/);
    expect(out).toMatch(/Room 412”:<\/span><span[^>]*>still present/);
    expect(out).not.toContain("Nothing found");
  });
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ManualText } from "@/components/manual-text";
import { parseManualText } from "@vetted/domain/manual-text";

// The manual's section text: HTML typed into a section is shown as text, never run (issue 13: "HTML
// in section text (rendered inert)"). The preview parses with the same module as the PDF and the hash.

const SAMPLES = [
  "",
  "One paragraph.",
  "First\nsecond\n\n- a\n- b\n  continued\nafter\n\n\n* star\r\n\r\nend  ",
  '<script>alert(1)</script>\n\n- <img src=x onerror="alert(2)">\n- &lt;b&gt;',
  "   - indented bullet\n-not a bullet\n- \n",
];

describe("ManualText", () => {
  it("renders tags, attributes and entities as escaped text", () => {
    const html = renderToStaticMarkup(createElement(ManualText, { body: '<script>alert(1)</script>\n\n- <img src=x onerror="alert(2)">\n- &amp; **b**' }));
    expect(html).toBe(
      '<div class="space-y-2 text-sm leading-relaxed text-slate-800"><p class="break-words">&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<ul class="list-disc space-y-1 pl-5"><li class="break-words">&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</li><li class="break-words">&amp;amp; **b**</li></ul></div>',
    );
    expect(html).not.toMatch(/<script|<img/);
  });

  it("says when a section is empty", () => {
    expect(renderToStaticMarkup(createElement(ManualText, { body: "  \n " }))).toContain("(empty)");
  });
});

describe("the preview", () => {
  // An empty body shows "(empty)" instead (tested above).
  it.each(SAMPLES.filter((s) => s.trim()).map((s) => [JSON.stringify(s).slice(0, 40), s]))("shows every block of %s as parsed", (_label, sample) => {
    const html = renderToStaticMarkup(createElement(ManualText, { body: sample }));
    const blocks = parseManualText(sample);
    expect((html.match(/<p |<ul /g) ?? []).length).toBe(blocks.length);
    expect((html.match(/<li /g) ?? []).length).toBe(blocks.flatMap((b) => (b.kind === "list" ? b.items : [])).length);
  });
});

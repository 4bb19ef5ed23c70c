import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { parseManualText as domainParse } from "@vetted/domain";
import { describe, expect, it } from "vitest";
import { ManualText } from "@/components/manual-text";
import { parseManualText } from "./manual-text";

// The manual's section text: HTML typed into a section is shown as text, never run (issue 13: "HTML
// in section text (rendered inert)"), and the preview's parser reads like the domain's (PDF, hash).

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

describe("the preview's parser", () => {
  it.each(SAMPLES.map((s) => [JSON.stringify(s).slice(0, 40), s]))("reads %s like the domain's", (_label, sample) => {
    expect(parseManualText(sample)).toEqual(domainParse(sample));
  });
});

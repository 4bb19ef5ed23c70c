// A copy of packages/domain/src/policy/manual-text.ts for the draft editor's live preview (a client
// component may not import the domain package); manual-text.test.ts checks both read alike.
//
// The manual's limited markdown: paragraphs separated by a blank line, and lines starting with "- "
// (or "* ") as bullet points. Nothing else is interpreted: no HTML, no links, no emphasis. Pages and
// the PDF render the blocks as plain text nodes, so whatever a section holds (tags, scripts, entity
// references) is shown as the characters typed and never runs.

export type TextBlock = { kind: "paragraph"; text: string } | { kind: "list"; items: string[] };

const BULLET = /^\s*[-*]\s+/;

/** Normalizes a body as typed in a form: CRLF to LF, trailing spaces off, at most one blank line in a row. */
export function normalizeBody(body: string): string {
  return body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function parseManualText(body: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chunk of normalizeBody(body).split(/\n\s*\n/)) {
    const lines = chunk.split("\n").filter((l) => l.trim() !== "");
    let paragraph: string[] = [];
    let items: string[] = [];
    const flushParagraph = () => {
      if (paragraph.length) blocks.push({ kind: "paragraph", text: paragraph.join(" ") });
      paragraph = [];
    };
    const flushList = () => {
      if (items.length) blocks.push({ kind: "list", items });
      items = [];
    };
    for (const line of lines) {
      if (BULLET.test(line)) {
        flushParagraph();
        items.push(line.replace(BULLET, "").trim());
      } else if (items.length && /^\s{2,}\S/.test(line)) {
        // An indented line continues the bullet above it.
        items[items.length - 1] += ` ${line.trim()}`;
      } else {
        flushList();
        paragraph.push(line.trim());
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}

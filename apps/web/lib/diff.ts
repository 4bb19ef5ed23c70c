/** One run of a word-level diff: text kept, added or removed (whitespace travels with its word). */
export interface DiffPart {
  op: "same" | "add" | "del";
  text: string;
}

/** Splits into words with their trailing whitespace, so joining the parts gives back the text exactly. */
export function tokenizeWords(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

// Above this many token pairs the LCS table gets too big for a browser tab; we fall back to
// "all removed, all added", which is still correct, just coarse. Posts are ≤ 5000 characters.
const MAX_CELLS = 4_000_000;

/**
 * Word-level diff of two texts by longest common subsequence (the classic dynamic programme,
 * O(n·m)). Common prefix and suffix are trimmed first, which makes the usual small edit cheap.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenizeWords(before);
  const b = tokenizeWords(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart["op"], text: string) => {
    const last = parts[parts.length - 1];
    if (last?.op === op) last.text += text;
    else if (text) parts.push({ op, text });
  };
  push("same", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  for (const part of lcsDiff(midA, midB)) push(part.op, part.text);
  push("same", a.slice(endA).join(""));
  return parts;
}

function lcsDiff(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [{ op: "del", text: a.join("") }, { op: "add", text: b.join("") }];
  // lengths[i][j] = LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i++]! });
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      out.push({ op: "del", text: a[i++]! });
    } else {
      out.push({ op: "add", text: b[j++]! });
    }
  }
  while (i < n) out.push({ op: "del", text: a[i++]! });
  while (j < m) out.push({ op: "add", text: b[j++]! });
  return out;
}

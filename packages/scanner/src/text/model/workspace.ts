// Reusable typed arrays for the learned layer's per-scan buffers (token hashes, emission scores,
// Viterbi tables, document features). V8 keeps a typed array's memory outside the JS heap, so each
// `new Uint32Array(n)` costs about a microsecond: a scan needs ten of them, which cost more than the
// arithmetic they hold. A scan borrows the shared workspace (withWorkspace) and gives it back; what
// outlives the scan (the TextScanResult) never points into it. Training calls the same functions
// without a workspace and gets fresh arrays it may keep.

/** Named buffers, one per use, so the arrays one scan holds at the same time never alias. */
export const Buf = {
  WordHashes: 0, ShapeHashes: 1, TokenHashes: 2, Offsets: 3, DocHashes: 4, Rules: 5, Scores: 6, Best: 7, DocValues: 8, Back: 9, Explained: 10,
} as const;
export type Buf = (typeof Buf)[keyof typeof Buf];
type AnyArray = Uint32Array | Int32Array | Float32Array | Float64Array | Int8Array;

type Constructor<A> = new (length: number) => A;

export class Workspace {
  private readonly buffers: (AnyArray | undefined)[] = [];

  /**
   * A buffer of at least `length` entries, reused from earlier scans: its contents are stale, so
   * callers write every entry they read. Grows (and keeps the larger size) when too short.
   */
  take<A extends AnyArray>(buf: Buf, type: Constructor<A>, length: number): A {
    let array = this.buffers[buf] as A | undefined;
    if (!array || array.length < length) {
      array = new type(Math.max(64, length * 2));
      this.buffers[buf] = array;
    }
    return array;
  }

  /** Records a buffer that was grown while filling it, so the next scan starts with the larger one. */
  keep(buf: Buf, array: AnyArray): void {
    this.buffers[buf] = array;
  }
}

/** A buffer from the workspace, or a fresh one of exactly `length` when there is none. */
export function take<A extends AnyArray>(ws: Workspace | undefined, buf: Buf, type: Constructor<A>, length: number): A {
  return ws ? ws.take(buf, type, length) : new type(length);
}

const shared = new Workspace();
let busy = false;

/**
 * Runs `scan` with the shared workspace. A scan started while another is running (an allow-list
 * callback that scans text itself) gets a workspace of its own instead of clobbering the outer one.
 */
export function withWorkspace<T>(scan: (ws: Workspace) => T): T {
  if (busy) return scan(new Workspace());
  busy = true;
  try {
    return scan(shared);
  } finally {
    busy = false;
  }
}

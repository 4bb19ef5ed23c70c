"use client";

import { useId, useState, useSyncExternalStore, type ReactNode } from "react";

const noSubscribe = () => () => undefined;

/** True in the browser once hydrated, false on the server: the chart is drawn only where it can measure. */
function useInBrowser(): boolean {
  return useSyncExternalStore(noSubscribe, () => true, () => false);
}

/**
 * A chart with its table: the chart is an image to assistive technology (role="img", its label says what
 * it shows in one sentence); the table holds the same figures, always in the page for screen readers and
 * shown on screen with "Show as table". Both are drawn in the browser only, from the figures in the props:
 * the chart measures its box, and the tables of ten clients were a third of the overview's HTML that the
 * server rendered on every view (bench:pages); the server renders the frame and the label, which already
 * says what the chart shows.
 */
export function ChartFrame(props: { title: string; summary: string; height: number; chart: ReactNode; table: ReactNode; testId: string }) {
  const [showTable, setShowTable] = useState(false);
  const inBrowser = useInBrowser();
  const tableId = useId();
  return (
    <figure className="min-w-0 rounded-md border border-slate-200 p-3" data-testid={props.testId}>
      <figcaption className="flex items-center justify-between gap-2 text-sm font-medium text-slate-700">
        <span>{props.title}</span>
        <button
          type="button"
          aria-expanded={showTable}
          aria-controls={tableId}
          onClick={() => setShowTable((v) => !v)}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs font-normal hover:bg-slate-50"
        >
          {showTable ? "Hide table" : "Show as table"}
        </button>
      </figcaption>
      <div role="img" aria-label={props.summary} className="mt-2" style={{ height: props.height }}>
        {/* The drawing is one image, named by the label: Recharts' own SVG (role="img") must not be a second one. */}
        <div aria-hidden="true" className="h-full">
          {inBrowser ? props.chart : null}
        </div>
      </div>
      <div id={tableId} className={showTable ? "mt-2 overflow-x-auto" : "sr-only"} data-testid={`${props.testId}-table`}>
        {inBrowser ? props.table : null}
      </div>
    </figure>
  );
}

"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { findingLabel, findingsSummary, type FindingCountView } from "@/lib/overview-text";
import { ChartFrame } from "./chart-frame";

/** The chart draws the most frequent types; the table lists them all. */
const CHART_TYPES = 8;
const BAR_HEIGHT = 22;

/** A client's findings by type over the 12 weeks: horizontal bars, most frequent on top. */
export function FindingsChart({ orgName, findings, weeks }: { orgName: string; findings: FindingCountView[]; weeks: number }) {
  const shown = findings.slice(0, CHART_TYPES).map((f) => ({ label: findingLabel(f.type), count: f.count }));
  const height = Math.max(1, shown.length) * BAR_HEIGHT + 36;
  return (
    <ChartFrame
      title={findings.length > CHART_TYPES ? `Findings by type (top ${CHART_TYPES})` : "Findings by type"}
      summary={findingsSummary(orgName, findings, weeks)}
      height={height}
      testId="findings-chart"
      chart={
        shown.length === 0 ? (
          <p className="text-sm text-slate-600">No findings in the last {weeks} weeks.</p>
        ) : (
          <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
            <BarChart data={shown} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke="#e2e8f0" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 10 }} />
              <YAxis type="category" dataKey="label" width={110} tick={{ fontSize: 10 }} />
              <Tooltip formatter={(v) => [String(v), "Findings"]} />
              <Bar dataKey="count" fill="#115e59" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )
      }
      table={
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Findings by type, {orgName}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th scope="col" className="py-1">Type</th>
              <th scope="col" className="py-1">Findings</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.type} className="border-b border-slate-100" data-testid="finding-row" data-type={f.type}>
                <th scope="row" className="py-1 font-normal">{findingLabel(f.type)}</th>
                <td className="py-1">{f.count}</td>
              </tr>
            ))}
            {findings.length === 0 ? (
              <tr>
                <td colSpan={2} className="py-1 text-slate-600">None</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      }
    />
  );
}

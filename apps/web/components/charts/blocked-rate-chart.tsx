"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { dayLabel, percentText, trendSummary, weekLabel, type TrendWeekView } from "@/lib/overview-text";
import { ChartFrame } from "./chart-frame";

const HEIGHT = 140;

/**
 * A client's blocked rate per week (12 weeks): a small line chart, a week without scans left as a gap. Recharts'
 * keyboard layer is off: the chart is one image to assistive technology, and its table carries the figures.
 */
export function BlockedRateChart({ orgName, trend }: { orgName: string; trend: TrendWeekView[] }) {
  const data = trend.map((w) => ({ week: dayLabel(w.start), rate: w.blockedPercent }));
  return (
    <ChartFrame
      title="Blocked rate by week"
      summary={trendSummary(orgName, trend)}
      height={HEIGHT}
      testId="blocked-rate-chart"
      chart={
        <ResponsiveContainer width="100%" height={HEIGHT} initialDimension={{ width: 320, height: HEIGHT }}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="week" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
            <YAxis domain={[0, 100]} ticks={[0, 50, 100]} unit="%" width={40} tick={{ fontSize: 10 }} />
            <Tooltip formatter={(v) => [percentText(typeof v === "number" ? v : null), "Blocked"]} />
            <Line type="monotone" dataKey="rate" stroke="#0f766e" strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Blocked rate by week, {orgName}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th scope="col" className="py-1">Week</th>
              <th scope="col" className="py-1">Scanned</th>
              <th scope="col" className="py-1">Blocked</th>
              <th scope="col" className="py-1">Blocked rate</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((w) => (
              <tr key={w.start} className="border-b border-slate-100" data-testid="trend-row" data-week={w.start}>
                <th scope="row" className="py-1 font-normal">{weekLabel(w)}</th>
                <td className="py-1">{w.scanned}</td>
                <td className="py-1">{w.blocked}</td>
                <td className="py-1">{percentText(w.blockedPercent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

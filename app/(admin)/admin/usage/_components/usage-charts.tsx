"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyUsage } from "@/db/queries/admin-usage";

function Chart({
  title,
  data,
  lines,
  unit,
  counts = false,
}: {
  title: string;
  data: DailyUsage[];
  lines: { key: keyof DailyUsage; name: string; color: string }[];
  unit?: string;
  /** Whole numbers (messages, tokens, ratings): no ticks between them. */
  counts?: boolean;
}) {
  // Percentiles are null on days without answers: a range with none has nothing to draw.
  const hasData = data.some((d) => lines.some((l) => d[l.key] !== null && d[l.key] !== undefined));
  return (
    <figure className="rounded-lg border p-3">
      <figcaption className="mb-2 font-medium text-sm">{title}</figcaption>
      {hasData ? null : (
        <p className="grid h-56 place-items-center text-center text-muted-foreground text-sm" data-testid="chart-empty">
          No data yet: no tutor answers in this range.
        </p>
      )}
      <div className={hasData ? "h-56" : "hidden"}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis fontSize={11} unit={unit} width={56} allowDecimals={!counts} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {lines.map((l) => (
              <Line
                key={String(l.key)}
                // Straight segments between days: a curve suggests values between whole counts.
                type="linear"
                dataKey={String(l.key)}
                name={l.name}
                stroke={l.color}
                // A day between days without answers (no percentile) is a lone point: without a
                // dot it would not show at all.
                dot={{ r: 2.5, fill: l.color, strokeWidth: 0 }}
                strokeWidth={2}
                // A chart that draws itself in is harder to read with reduced motion, and to screenshot.
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Daily tutor activity over the chosen range. */
export function UsageCharts({ days }: { days: DailyUsage[] }) {
  const data = days.map((d) => ({ ...d, errorRate: Math.round(d.errorRate * 1000) / 10 }));
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="usage-charts">
      <Chart
        title="Messages per day"
        data={data}
        counts
        lines={[{ key: "messages", name: "messages", color: "#3b4fd8" }]}
      />
      <Chart
        title="Time to first token"
        data={data}
        unit=" ms"
        lines={[
          { key: "p50FirstTokenMs", name: "p50", color: "#3b4fd8" },
          { key: "p95FirstTokenMs", name: "p95", color: "#d97706" },
        ]}
      />
      <Chart title="Error rate" data={data} unit="%" lines={[{ key: "errorRate", name: "errors", color: "#dc2626" }]} />
      <Chart
        title="Tokens"
        data={data}
        counts
        lines={[
          { key: "inputTokens", name: "input", color: "#3b4fd8" },
          { key: "outputTokens", name: "output", color: "#16a34a" },
        ]}
      />
      <Chart
        title="Learner feedback on answers"
        data={data}
        counts
        lines={[
          { key: "thumbsUp", name: "thumbs up", color: "#16a34a" },
          { key: "thumbsDown", name: "thumbs down", color: "#dc2626" },
        ]}
      />
    </div>
  );
}

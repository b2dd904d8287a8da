import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "react";
import type { ChartData } from "../lib/charts";

// Only what the dashboard draws, so the bundle stays small. Chart.js sizes its canvas
// through the style object, never with inline style attributes or injected stylesheets, so
// it works under the portal's Content-Security-Policy (style-src 'self').
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = "arial, sans-serif";
Chart.defaults.font.size = 14;
Chart.defaults.color = "#0b0c0c";

/** GOV.UK colours with at least 3:1 contrast against white, told apart also by the shape of
 * their points and the dashes of their lines. */
const COLOURS = ["#1d70b8", "#912b88", "#0b0c0c"];
const POINTS = ["circle", "rectRot", "triangle"] as const;
const DASHES = [[], [6, 4], [2, 3]];

function config(chart: ChartData, kind: "bar" | "line"): ChartConfiguration<"bar" | "line", (number | null)[], string> {
  const percent = chart.unit === "percent";
  return {
    type: kind,
    data: {
      labels: chart.labels,
      datasets: chart.series.map((s, i) => ({
        label: s.name,
        data: s.values,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
        borderWidth: kind === "line" ? 3 : 0,
        borderDash: kind === "line" ? DASHES[i % DASHES.length] : undefined,
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: kind === "line" ? 5 : undefined,
        spanGaps: false,
        // Points at 100% are drawn whole, not cut by the top of the chart.
        clip: false as const,
      })),
    },
    options: {
      animation: false,
      layout: { padding: { top: 8 } },
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: {
          beginAtZero: true,
          ...(percent ? { max: 100 } : {}),
          ticks: { precision: 0, ...(percent ? { callback: (v) => `${v}%` } : {}) },
          grid: { color: "#b1b4b6" },
        },
        x: { grid: { display: false } },
      },
      plugins: {
        legend: { position: "bottom", labels: { usePointStyle: kind === "line", boxWidth: 14 } },
        tooltip: {
          callbacks: percent
            ? { label: (c) => `${c.dataset.label}: ${c.parsed.y === null ? "none" : `${c.parsed.y}%`}` }
            : {},
        },
      },
    },
  };
}

/** The chart itself, drawn by Chart.js on a canvas that assistive technology reads as one
 * image with a description; its figures are in the table beside it. */
export default function ChartCanvas({ chart, kind, label }: { chart: ChartData; kind: "bar" | "line"; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const c = new Chart(canvas.current, config(chart, kind));
    return () => c.destroy();
  }, [chart, kind]);
  return (
    <canvas ref={canvas} role="img" aria-label={label}>
      {label}
    </canvas>
  );
}

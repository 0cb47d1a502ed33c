import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/**
 * A small uPlot chart: one or more series over labelled x positions, as lines or bars. The
 * numbers are also given as a table (`caption`) for screen readers and keyboard users.
 */
export function Chart(props: {
  caption: string;
  labels: string[];
  series: { name: string; values: number[]; color: string }[];
  bars?: boolean;
  yMax?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || props.labels.length === 0) return;
    const width = Math.max(280, Math.min(el.clientWidth || 600, 720));
    const x = props.labels.map((_, i) => i);
    const bars = props.bars ? uPlot.paths.bars?.({ size: [0.6, 60] }) : undefined;
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: props.series.length > 1 },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, props.labels.length - 0.5] },
          y: { range: [0, props.yMax ?? null] as never },
        },
        axes: [
          {
            values: (_u, ticks) => ticks.map((i) => props.labels[i] ?? ""),
            splits: () => x,
            // Long labels (grade names) turn so that they do not overlap on a phone.
            ...(props.bars ? { rotate: -40, size: 90 } : {}),
          },
          { size: 44 },
        ],
        series: [
          {},
          ...props.series.map((s) => ({
            label: s.name,
            stroke: s.color,
            width: 2,
            ...(bars ? { paths: bars, fill: s.color } : { points: { show: true, size: 6 } }),
          })),
        ],
      },
      [x, ...props.series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [JSON.stringify(props)]);
  return (
    <figure class="chart">
      <div ref={box} aria-hidden="true" />
      <table class="sr-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">—</th>
            {props.series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.labels.map((label, i) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {props.series.map((s) => (
                <td key={s.name}>{s.values[i]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

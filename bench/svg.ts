/** A small hand-written SVG line chart: throughput (cases/s) against input size (log scale). */
export interface Series {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** The chart as an SVG document. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: Series[]): string {
  const width = 720;
  const height = 420;
  const m = { left: 80, right: 200, top: 40, bottom: 50 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const y1 = Math.max(...ys) * 1.1;
  const px = (x: number) =>
    m.left + ((Math.log10(x) - x0) / Math.max(x1 - x0, 1e-9)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - (y / y1) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2 - m.right / 2}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>`,
    `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="black"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 12}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(18 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  ];
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(
      `<line x1="${px(x)}" y1="${height - m.bottom}" x2="${px(x)}" y2="${height - m.bottom + 5}" stroke="black"/>`,
      `<text x="${px(x)}" y="${height - m.bottom + 18}" text-anchor="middle">${x.toLocaleString("en")}</text>`,
    );
  }
  for (let i = 0; i <= 5; i += 1) {
    const y = (y1 / 5) * i;
    parts.push(
      `<line x1="${m.left}" y1="${py(y)}" x2="${width - m.right}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${m.left - 6}" y="${py(y) + 4}" text-anchor="end">${Math.round(y).toLocaleString("en")}</text>`,
    );
  }
  series.forEach((s, i) => {
    const path = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`);
    parts.push(`<path d="${path.join(" ")}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    for (const p of s.points)
      parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.colour}"/>`);
    const ly = m.top + 10 + i * 20;
    parts.push(
      `<line x1="${width - m.right + 15}" y1="${ly}" x2="${width - m.right + 35}" y2="${ly}" stroke="${s.colour}" stroke-width="2"/>`,
      `<text x="${width - m.right + 40}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

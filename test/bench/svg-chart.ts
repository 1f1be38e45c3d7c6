// A horizontal bar chart as a standalone SVG, one panel per group, each with its own scale.

export interface ChartBar {
  label: string;
  value: number;
  /** Drawn in the reference colour (the floor, or raw jose). */
  reference: boolean;
}

export interface ChartGroup {
  title: string;
  bars: ChartBar[];
}

const WIDTH = 760;
const LABEL_WIDTH = 230;
const VALUE_WIDTH = 90;
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const TITLE_HEIGHT = 26;
const GROUP_GAP = 16;
const PADDING = 16;
const BAR_COLOUR = "#2f6fb0";
const REFERENCE_COLOUR = "#9aa5b1";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function barChart(groups: readonly ChartGroup[]): string {
  const barArea = WIDTH - 2 * PADDING - LABEL_WIDTH - VALUE_WIDTH;
  const parts: string[] = [];
  let y = PADDING;
  for (const group of groups) {
    parts.push(`<text x="${PADDING}" y="${y + 16}" font-size="14" font-weight="bold">${escapeXml(group.title)}</text>`);
    y += TITLE_HEIGHT;
    const max = Math.max(...group.bars.map((bar) => bar.value), 1);
    for (const bar of group.bars) {
      const width = Math.max(1, (bar.value / max) * barArea);
      const x = PADDING + LABEL_WIDTH;
      const middle = y + BAR_HEIGHT / 2 + 4;
      parts.push(
        `<text x="${x - 8}" y="${middle}" font-size="12" text-anchor="end">${escapeXml(bar.label)}</text>`,
        `<rect x="${x}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${bar.reference ? REFERENCE_COLOUR : BAR_COLOUR}"/>`,
        `<text x="${(x + width + 6).toFixed(1)}" y="${middle}" font-size="12">${Math.round(bar.value).toLocaleString("en-US")}</text>`,
      );
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += GROUP_GAP;
  }
  const height = y + PADDING - GROUP_GAP;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">`,
    "<title>@saurbit/oauth2 benchmark: throughput of each contender, per group</title>",
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

// Markdown tables of the bench output, padded so the page reads as a table in plain text too.

/** Pads every table (a run of lines starting with "|") of `lines` to even columns. */
export function alignTables(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!(lines[i] as string).startsWith("|")) {
      out.push(lines[i] as string);
      i++;
      continue;
    }
    const table: string[] = [];
    while (i < lines.length && (lines[i] as string).startsWith("|")) table.push(lines[i++] as string);
    out.push(...alignTable(table));
  }
  return out;
}

const isSeparator = (cell: string) => /^:?-+:?$/.test(cell);

function alignTable(rows: readonly string[]): string[] {
  const cells = rows.map((row) =>
    row
      .slice(1, -1)
      .split("|")
      .map((cell) => cell.trim()),
  );
  const widths = (cells[0] ?? []).map((_, column) =>
    Math.max(3, ...cells.map((row) => (isSeparator(row[column] ?? "") ? 3 : (row[column] ?? "").length))),
  );
  const separator = cells.find((row) => row.every(isSeparator)) ?? [];
  const alignment = separator.map((cell) =>
    cell.startsWith(":") && cell.endsWith(":") ? "center" : cell.endsWith(":") ? "right" : "left",
  );
  return cells.map((row) => {
    const padded = row.map((cell, column) => {
      const width = widths[column] as number;
      if (!isSeparator(cell)) return pad(cell, width, alignment[column]);
      const left = cell.startsWith(":") ? ":" : "";
      const right = cell.endsWith(":") ? ":" : "";
      return left + "-".repeat(width - left.length - right.length) + right;
    });
    return `| ${padded.join(" | ")} |`;
  });
}

/** `cell` padded to `width`, as Markdown formatters lay out a column of that alignment. */
function pad(cell: string, width: number, alignment: string | undefined): string {
  if (alignment === "right") return cell.padStart(width);
  if (alignment !== "center") return cell.padEnd(width);
  const left = Math.floor((width - cell.length) / 2);
  return " ".repeat(left) + cell + " ".repeat(width - cell.length - left);
}

import type { TextLine } from './pdf-types.js';

export interface LayoutStats {
  /** The size most of the text is set in. */
  bodySize: number;
  /** Usual distance between the baselines of two lines of one body paragraph. */
  lineStep: number;
  /** Where full body lines end: lines that end near it were wrapped. */
  rightEdge: number;
}

/** The document's typical body size, line spacing and right margin, measured from its lines. */
export function layoutStats(pages: TextLine[][]): LayoutStats {
  const all = pages.flat();
  const bodySize = mode(all.map((l) => [Math.round(l.size * 2) / 2, l.text.length] as const)) ?? 11;
  const isBody = (l: TextLine) => Math.abs(l.size - bodySize) <= 0.15 * bodySize;
  const steps: number[] = [];
  for (const lines of pages) {
    lines.forEach((l, i) => {
      const next = lines[i + 1];
      if (!next?.newRow || !isBody(l) || !isBody(next)) return;
      const dy = l.y - next.y;
      if (dy > 0.5 * bodySize && dy < 2.5 * bodySize) steps.push(dy);
    });
  }
  const rights = all.filter(isBody).map((l) => l.right);
  return {
    bodySize,
    lineStep: quantile(steps, 0.5) ?? 1.2 * bodySize,
    rightEdge: quantile(rights, 0.9) ?? Math.max(0, ...all.map((l) => l.right)),
  };
}

function mode(weighted: (readonly [number, number])[]): number | undefined {
  const totals = new Map<number, number>();
  for (const [v, w] of weighted) totals.set(v, (totals.get(v) ?? 0) + w);
  return [...totals].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

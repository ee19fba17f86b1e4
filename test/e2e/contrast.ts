import type { Page } from 'playwright-core';

export interface ContrastProblem {
  text: string;
  color: string;
  background: string;
  ratio: number;
  needed: number;
}

/**
 * WCAG 2 contrast of every visible text in the page, computed in the page from the colours the
 * browser actually resolved: the text's colour against the first opaque background behind it
 * (semi-transparent layers blended on the way). Needs 4.5:1, or 3:1 for large text
 * (24 px, or 18.66 px bold). Returns the texts that fall short.
 */
export function contrastProblems(page: Page): Promise<ContrastProblem[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m?.[1]) return [0, 0, 0, 0];
      const [r = 0, g = 0, b = 0, a = 1] = m[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const over = (top: RGBA, below: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const backgroundOf = (start: Element): RGBA => {
      const layers: RGBA[] = [];
      for (let e: Element | null = start; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let color: RGBA = [255, 255, 255, 1];
      for (const layer of layers.reverse()) color = over(layer, color);
      return color;
    };
    const opacityOf = (start: Element) => {
      let o = 1;
      for (let e: Element | null = start; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const hidden = (e: Element) => {
      const rects = e.getClientRects();
      if (!rects.length) return true;
      const style = getComputedStyle(e);
      if (style.visibility !== 'visible') return true;
      const box = e.getBoundingClientRect();
      return box.width <= 1 || box.height <= 1;
    };
    const problems: ContrastProblem[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!e || seen.has(e) || !n.textContent?.trim()) continue;
      seen.add(e);
      if (hidden(e) || e.closest('[hidden], [aria-hidden="true"], .visually-hidden, script, style, noscript')) continue;
      const style = getComputedStyle(e);
      const bg = backgroundOf(e);
      const fg = over(parse(style.color), bg);
      // Faded text (a disabled button) is exempt in WCAG; text faded for looks is not.
      if (opacityOf(e) < 1 && (e.closest(':disabled') || e.closest('[aria-disabled="true"]'))) continue;
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      if (ratio < needed)
        problems.push({
          text: (n.textContent ?? '').trim().slice(0, 60),
          color: style.color,
          background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
          ratio: Math.round(ratio * 100) / 100,
          needed,
        });
    }
    return problems;
  });
}

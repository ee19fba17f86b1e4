/** "[3]", "[1, 2]", "[1][4]" (each bracket separately), "[2-4]", at most three digits a number. */
const MARKER = /^\[\s*\d{1,3}(?:\s*(?:,|;|-|\u2013)\s*\d{1,3})*\s*\]/;
/** What a marker can look like before its closing bracket has arrived. */
const MARKER_PREFIX = /^\[[\d\s,;\-\u2013]*$/;
const LONGEST_MARKER = 24;

/**
 * Rewrites the model's citation markers as text arrives: markers naming a passage that was not
 * provided are removed (with the space before them), valid ones are normalised to "[n]" each.
 * Text that might still become a marker, and trailing whitespace, are held back until they resolve,
 * so feeding a reply in any pieces gives the same output as feeding it whole.
 */
export class MarkerFilter {
  private pending = '';
  private started = false;
  private skipSpaces = false;
  readonly dropped: number[] = [];
  readonly kept = new Set<number>();

  private readonly valid: (n: number) => boolean;

  /** Valid numbers are 1..passageCount, or those the predicate accepts. */
  constructor(passages: number | ((n: number) => boolean)) {
    this.valid = typeof passages === 'number' ? (n) => n >= 1 && n <= passages : passages;
  }

  push(piece: string): string {
    this.pending += piece;
    return this.drain(false);
  }

  end(): string {
    return this.drain(true);
  }

  private drain(final: boolean): string {
    let out = '';
    let i = 0;
    const s = this.pending;
    while (i < s.length) {
      const c = s[i] as string;
      if (/\s/.test(c)) {
        let j = i;
        while (j < s.length && /\s/.test(s[j] as string)) j++;
        if (j === s.length) break; // trailing whitespace: wait for what follows it
        const run = s.slice(i, j);
        if (s[j] === '[') {
          const m = this.marker(s, j, final);
          if (m === 'wait') break;
          if (m !== null) {
            if (m.text === '') {
              // The whole marker is invented: drop it with the space before it, unless that space breaks a line.
              if (run.includes('\n')) {
                out += this.emit(run);
                this.skipSpaces = true;
              }
            } else out += this.emit(run) + m.text;
            i = j + m.length;
            continue;
          }
        }
        if (!(this.skipSpaces && !run.includes('\n'))) out += this.emit(run);
        this.skipSpaces = false;
        i = j;
        continue;
      }
      this.skipSpaces = false;
      if (c === '[') {
        const m = this.marker(s, i, final);
        if (m === 'wait') break;
        if (m !== null) {
          out += m.text;
          i += m.length;
          continue;
        }
      }
      out += this.emit(c);
      i++;
    }
    this.pending = final ? '' : s.slice(i);
    return out;
  }

  /** Leading whitespace of the whole reply is dropped. */
  private emit(text: string): string {
    if (!this.started) {
      const t = text.replace(/^\s+/, '');
      if (t) this.started = true;
      return t;
    }
    return text;
  }

  private marker(s: string, at: number, final: boolean): { text: string; length: number } | 'wait' | null {
    const rest = s.slice(at, at + LONGEST_MARKER);
    const m = MARKER.exec(rest);
    if (!m) return !final && rest.length < LONGEST_MARKER && MARKER_PREFIX.test(rest) ? 'wait' : null;
    let text = '';
    for (const n of markerNumbers(m[0])) {
      if (this.valid(n)) {
        text += `[${n}]`;
        this.kept.add(n);
      } else this.dropped.push(n);
    }
    if (text) this.started = true;
    return { text, length: m[0].length };
  }
}

function markerNumbers(marker: string): number[] {
  const out: number[] = [];
  for (const part of marker.slice(1, -1).split(/[,;]/)) {
    const range = part.split(/-|\u2013/).map((x) => Number(x.trim()));
    const [a, b] = [range[0] as number, range[range.length - 1] as number];
    if (range.length > 1 && b >= a && b - a < 10) for (let n = a; n <= b; n++) out.push(n);
    else out.push(...range);
  }
  return [...new Set(out)];
}

/** Applies the filter to a whole reply at once. */
export function filterMarkers(text: string, passages: number | ((n: number) => boolean)): { text: string; dropped: number[]; kept: Set<number> } {
  const f = new MarkerFilter(passages);
  const out = f.push(text) + f.end();
  return { text: out, dropped: f.dropped, kept: f.kept };
}

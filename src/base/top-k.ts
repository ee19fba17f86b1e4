/**
 * The k highest scores seen so far, kept sorted in two parallel typed arrays. An offer below the
 * current k-th score costs one comparison, which is almost every offer once the list is full.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 0));
    this.ids = new Int32Array(Math.max(k, 0));
  }

  /** Ties keep the earlier offer first. */
  offer(id: number, score: number): void {
    const k = this.k;
    if (k <= 0) return;
    if (this.size === k && !(score > (this.scores[k - 1] as number))) return;
    let i = this.size < k ? this.size++ : k - 1;
    while (i > 0 && score > (this.scores[i - 1] as number)) {
      this.scores[i] = this.scores[i - 1] as number;
      this.ids[i] = this.ids[i - 1] as number;
      i--;
    }
    this.scores[i] = score;
    this.ids[i] = id;
  }

  best(): { index: number; score: number }[] {
    const out: { index: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ index: this.ids[i] as number, score: this.scores[i] as number });
    return out;
  }
}

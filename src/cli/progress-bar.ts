/** A one-line progress bar on a terminal stream, redrawn in place; cleared before other output. */
export class ProgressBar {
  private shown = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  update(done: number, label: string): void {
    const width = 24;
    const filled = Math.round((done / Math.max(1, this.total)) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${label}`;
    this.out.write(`\r\x1b[2K${line.slice(0, Math.max(20, (this.out.columns || 80) - 1))}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}

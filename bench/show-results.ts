/** `npx tsx bench/show-results.ts bench/results/<file>.json [--markdown]`: the table of a saved run. */
import { readFile } from 'node:fs/promises';
import type { SizeResult } from './measure-size.js';
import { renderMarkdown, renderTable } from './report.js';

const [file, flag] = process.argv.slice(2);
if (!file) throw new Error('usage: show-results.ts <results.json> [--markdown]');
const report = JSON.parse(await readFile(file, 'utf8')) as { command: string; machine: { loadavgBefore: number[] }; results: SizeResult[] };
console.log(`${report.command} (load average before: ${report.machine.loadavgBefore.map((x) => x.toFixed(1)).join(', ')})\n`);
console.log(flag === '--markdown' ? renderMarkdown(report.results) : renderTable(report.results));

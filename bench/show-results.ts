/** `npx tsx bench/show-results.ts bench/results/<file>.json [--markdown]`: the table of a saved run. */
import { readFile } from 'node:fs/promises';
import { parseCli } from '../src/cli/cli-args.js';
import type { SizeResult } from './measure-size.js';
import { type RealFigures, renderReal } from './real-corpus.js';
import { renderMarkdown, renderTable } from './report.js';

const USAGE = 'usage: npx tsx bench/show-results.ts bench/results/<file>.json [--markdown]';
const { values, positionals } = parseCli({ name: 'show-results', usage: USAGE, options: { markdown: { type: 'boolean' } }, positionals: true });
const [file] = positionals;
if (!file) throw new Error(USAGE);
const report = JSON.parse(await readFile(file, 'utf8')) as { command: string; machine: { loadavgBefore: number[] }; results: SizeResult[]; real?: RealFigures | null };
console.log(`${report.command} (load average before: ${report.machine.loadavgBefore.map((x) => x.toFixed(1)).join(', ')})\n`);
console.log(values.markdown ? renderMarkdown(report.results) : renderTable(report.results));
if (report.real) console.log(`\nReal documents (${report.real.folder}):\n${renderReal(report.real, values.markdown ?? false)}`);

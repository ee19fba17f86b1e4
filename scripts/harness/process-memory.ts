import { readFile } from 'node:fs/promises';

/** Resident set (VmRSS) and its peak so far (VmHWM) of a process, in MB, from /proc (Linux). */
export async function processMemory(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: round(kb('VmRSS') / 1024), peakRssMb: round(kb('VmHWM') / 1024) };
}

/** Samples a process's RSS every intervalMs until stopped; returns the samples. */
export function sampleRss(pid: number, intervalMs = 250): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    processMemory(pid).then(
      (m) => samples.push(m.rssMb),
      () => {},
    );
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

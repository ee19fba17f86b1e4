import { access, copyFile, link } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** One segment of a build: a file-name prefix ('' = the plain names) and how many chunk rows it holds. */
export const segmentSchema = z.object({ name: z.string().regex(/^[a-z0-9-]*$/), rows: z.number().int().nonnegative() });
export type Segment = z.infer<typeof segmentSchema>;

/**
 * A build's files per segment. The first segment of a build uses the plain names (vectors.i8,
 * sparse.bin, …); later ones put their name in front ("<name>.vectors.i8"). Segment files are
 * written once and never changed, so a new build can hard-link them from the build it follows
 * instead of rewriting them: adding a letter writes only that letter's rows.
 */
export function segmentFile(segment: string, file: string): string {
  return segment ? `${segment}.${file}` : file;
}

/**
 * Hard-links every file of these segments from one build directory into another (a fresh staging
 * dir), copying where the file system cannot link. The old build can then be removed: a linked
 * file lives on under its new name. A list among the files means one of them, whichever the segment has.
 */
export async function linkSegments(fromDir: string, toDir: string, segments: readonly Segment[], files: readonly (string | readonly string[])[]): Promise<void> {
  for (const seg of segments) {
    for (const f of files) {
      const name =
        typeof f === 'string'
          ? segmentFile(seg.name, f)
          : await firstPresent(
              fromDir,
              f.map((g) => segmentFile(seg.name, g)),
            );
      await link(path.join(fromDir, name), path.join(toDir, name)).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPERM' && err.code !== 'EXDEV' && err.code !== 'ENOTSUP' && err.code !== 'EMLINK') throw err;
        await copyFile(path.join(fromDir, name), path.join(toDir, name));
      });
    }
  }
}

async function firstPresent(dir: string, names: readonly string[]): Promise<string> {
  for (const name of names)
    if (
      await access(path.join(dir, name)).then(
        () => true,
        () => false,
      )
    )
      return name;
  throw new Error(`${dir} has none of ${names.join(', ')}`);
}

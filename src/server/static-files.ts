import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Turns a raw (still percent-encoded) URL path below a folder into safe segments, or null.
 * Segments are decoded one by one, so an encoded "/" (%2f) can never become a separator, and
 * anything that could leave the folder or reach hidden files is refused: "", ".", "..", leading
 * dots, slashes, backslashes, NUL and other control characters, malformed escapes.
 */
export function safeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a path segment with a control character is refused on purpose
    if (seg === '' || seg.startsWith('.') || /[/\\\u0000-\u001f\u007f]/.test(seg)) return null;
    segments.push(seg);
  }
  return segments.length > 0 ? segments : null;
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Reads root/…segments if it is a regular file of a known type that really lies inside root (symlinks included). */
export async function readStaticFile(root: string, segments: string[]): Promise<StaticFile | null> {
  const contentType = CONTENT_TYPES[extname(segments.at(-1) ?? '').toLowerCase()];
  if (!contentType) return null;
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, ...segments));
    if (!real.startsWith(realRoot + sep)) return null;
    if (!(await stat(real)).isFile()) return null;
    return { body: await readFile(real), contentType };
  } catch {
    // Missing or unreadable: the caller answers 404, as for any unknown path.
    return null;
  }
}

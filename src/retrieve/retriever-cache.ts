import type { Embedder } from '../embed/embedder.js';
import type { Library } from '../store/library.js';
import { Retriever } from './retriever.js';

const cache = new WeakMap<Library, Retriever>();

/** One Retriever per Library: built on first use, dropped with the Library after a reindex. */
export function retrieverFor(library: Library, embedder: Embedder): Retriever {
  let r = cache.get(library);
  if (!r) {
    r = new Retriever(library, embedder);
    cache.set(library, r);
  }
  return r;
}

import { binaryStore } from './binary-store.js';
import type { StoreFormat, VectorStore } from './vector-store.js';
import { vectraStore } from './vectra-store.js';

/** The one place a store format is mapped to its implementation. */
export function vectorStoreFor(format: StoreFormat): VectorStore {
  switch (format) {
    case 'binary':
      return binaryStore;
    case 'vectra':
      return vectraStore;
  }
}

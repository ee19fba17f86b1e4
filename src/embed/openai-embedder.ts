import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import { toModelFailure } from '../openai/model-failure.js';
import type { Embedder } from './embedder.js';

/** Inputs per embeddings request: far under OpenAI's 2048-input / 300k-token caps at our ≤350-token chunks. */
export const EMBEDDING_BATCH = 96;

/**
 * Embeddings from an OpenAI-compatible endpoint, batched and L2-normalised (not every server
 * normalises). The id names the model, its dimensions and the endpoint, so changing any of them
 * rebuilds the index. Create with OpenAIEmbedder.create, which learns the dimensions.
 */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;

  private constructor(
    private readonly client: OpenAI,
    private readonly model: string,
    readonly dimensions: number,
  ) {
    const endpoint = createHash('sha256').update(client.baseURL).digest('hex').slice(0, 8);
    this.id = `openai-${model}-${dimensions}-${endpoint}`;
  }

  /** Asks the endpoint for one vector to learn the model's dimensions. */
  static async create(client: OpenAI, model: string): Promise<OpenAIEmbedder> {
    const probe = await requestVectors(client, model, ['dimensions probe']);
    const dimensions = probe[0]?.length ?? 0;
    if (dimensions === 0) throw new Error(`embedding model "${model}" returned an empty vector`);
    return new OpenAIEmbedder(client, model, dimensions);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += EMBEDDING_BATCH) {
      const batch = await requestVectors(this.client, this.model, texts.slice(i, i + EMBEDDING_BATCH), signal);
      for (const v of batch) {
        if (v.length !== this.dimensions) throw new Error(`embedding model "${this.model}" returned ${v.length} dimensions, expected ${this.dimensions}`);
        out.push(v);
      }
    }
    return out;
  }

  async embedQuery(text: string, _termWeight?: unknown, signal?: AbortSignal): Promise<number[]> {
    const [v] = await this.embed([text], signal);
    return v as number[];
  }
}

async function requestVectors(client: OpenAI, model: string, texts: string[], signal?: AbortSignal): Promise<number[][]> {
  // Endpoints reject empty strings; a space embeds as "nothing" just as well.
  const input = texts.map((t) => (t.trim() ? t : ' '));
  // The endpoint's own error text can quote the key: report only what kind of failure it was.
  const res = await client.embeddings.create({ model, input, encoding_format: 'float' }, { signal: signal ?? null }).catch((err: unknown) => {
    throw new Error(`embeddings: ${toModelFailure(err, client.timeout).message}`);
  });
  if (res.data.length !== input.length) throw new Error(`embedding model "${model}" returned ${res.data.length} vectors for ${input.length} texts`);
  return [...res.data].sort((a, b) => a.index - b.index).map((d) => normalize(d.embedding));
}

function normalize(v: number[]): number[] {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

import OpenAI from 'openai';

export interface OpenAIClientConfig {
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  timeoutMs: number;
  maxRetries: number;
}

/** Endpoints such as Ollama or llama.cpp need no key, but the client insists on one. */
const NO_KEY = 'not-needed';

/**
 * The one place an openai client is built. timeout and maxRetries are always explicit: the
 * library's defaults (10 minutes, 2 retries) would keep a user waiting for half an hour.
 */
export function createOpenAIClient(config: OpenAIClientConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey ?? NO_KEY,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
}

/** Whether a model endpoint is configured at all: a key (OpenAI itself) or a base URL (anything else). */
export function hasEndpoint(config: Pick<OpenAIClientConfig, 'apiKey' | 'baseURL'>): boolean {
  return Boolean(config.apiKey || config.baseURL);
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  signal?: AbortSignal | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
}

/** The port every model answer goes through; an OpenAI-compatible endpoint is one adapter. */
export interface ChatModel {
  /** The model name, reported in answers as "model". */
  readonly id: string;
  /** The whole reply. Rejects on any failure (network, status, abort). */
  complete(messages: ChatMessage[], options?: ChatOptions): Promise<string>;
  /** Text pieces as they arrive. Ends early without error when options.signal aborts. */
  stream(messages: ChatMessage[], options?: ChatOptions): AsyncIterable<string>;
}

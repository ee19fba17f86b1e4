import type OpenAI from 'openai';
import type { ChatMessage, ChatModel, ChatOptions } from './chat-model.js';

/** ChatModel over any OpenAI-compatible /chat/completions endpoint. */
export class OpenAIChatModel implements ChatModel {
  constructor(
    private readonly client: OpenAI,
    readonly id: string,
    private readonly defaultMaxTokens: number,
  ) {}

  async complete(messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
    const completion = await this.client.chat.completions.create({ model: this.id, messages, stream: false, ...this.params(options) }, { signal: options.signal ?? null });
    return completion.choices[0]?.message?.content ?? '';
  }

  async *stream(messages: ChatMessage[], options: ChatOptions = {}): AsyncIterable<string> {
    const stream = await this.client.chat.completions.create({ model: this.id, messages, stream: true, ...this.params(options) }, { signal: options.signal ?? null });
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) yield text;
    }
  }

  private params(options: ChatOptions) {
    return {
      max_completion_tokens: options.maxTokens ?? this.defaultMaxTokens,
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    };
  }
}

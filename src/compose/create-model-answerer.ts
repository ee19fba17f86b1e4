import { LlmAnswerer } from '../llm/llm-answerer.js';
import { LimitedChatModel } from '../llm/model-call-limit.js';
import { OpenAIChatModel } from '../llm/openai-chat-model.js';
import { createOpenAIClient, hasEndpoint } from '../openai/openai-client.js';
import type { Env } from './config.js';

/** OpenAI's own endpoint needs a model name too; this one is cheap and good at grounded answers. */
export const DEFAULT_OPENAI_CHAT_MODEL = 'gpt-4o-mini';

export type LlmSettings = Pick<
  Env,
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'CHAT_MODEL'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_MAX_RETRIES'
  | 'LLM_CONTEXT_TOKENS'
  | 'LLM_ANSWER_TOKENS'
  | 'VERIFY_WITH_MODEL'
  | 'MODEL_CONCURRENCY'
  | 'MODEL_QUEUE'
>;

export interface ModelChoice {
  answerer?: LlmAnswerer;
  /** Why answers stay extractive although something was configured. */
  notice?: string;
}

/** The model answerer the configuration asks for, or none (offline, extractive answers). */
export function createModelAnswerer(config: LlmSettings, log?: (message: string) => void): ModelChoice {
  const apiKey = config.OPENAI_API_KEY;
  const baseURL = config.OPENAI_BASE_URL;
  if (!hasEndpoint({ apiKey, baseURL })) {
    return config.CHAT_MODEL ? { notice: 'CHAT_MODEL is set but neither OPENAI_API_KEY nor OPENAI_BASE_URL is: answering extractively' } : {};
  }
  const modelName = config.CHAT_MODEL ?? (baseURL ? undefined : DEFAULT_OPENAI_CHAT_MODEL);
  if (!modelName) return { notice: 'OPENAI_BASE_URL is set but CHAT_MODEL is not: name the model to use; answering extractively' };
  const client = createOpenAIClient({ apiKey, baseURL, timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: config.LLM_MAX_RETRIES });
  // Every model call holds a slot: one client cannot exhaust the model quota.
  const model = new LimitedChatModel(new OpenAIChatModel(client, modelName, config.LLM_ANSWER_TOKENS), { concurrency: config.MODEL_CONCURRENCY, queue: config.MODEL_QUEUE });
  return {
    answerer: new LlmAnswerer(model, {
      timeoutMs: config.LLM_TIMEOUT_MS,
      contextTokens: config.LLM_CONTEXT_TOKENS,
      answerTokens: config.LLM_ANSWER_TOKENS,
      verifyWithModel: config.VERIFY_WITH_MODEL,
      ...(log ? { log } : {}),
    }),
  };
}

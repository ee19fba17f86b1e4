import { countTokens } from 'gpt-tokenizer';

const PLAIN = { disallowedSpecial: new Set<string>() };

/**
 * Tokens in text as a model would see it. Letter text and user input may contain strings such as
 * "<|endoftext|>": they are counted as plain text instead of making gpt-tokenizer throw.
 */
export function countTextTokens(text: string): number {
  return countTokens(text, PLAIN);
}

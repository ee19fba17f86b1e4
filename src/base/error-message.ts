/**
 * What to say about a caught value: its message when it is an Error, else the value as text.
 * `catch (err)` gives `unknown` (anything can be thrown), so every log line and error reason
 * goes through this one function.
 */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

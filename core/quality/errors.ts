/**
 * Thrown when a quality function gets input it cannot work with (no answers,
 * mismatched lengths, unknown method, ...). The message says what was wrong,
 * so the server can pass it through as a 422 without rewording it.
 */
export class QualityInputError extends Error {
  /** Stable machine-readable code for API error payloads. */
  readonly code = 'quality_input';

  constructor(message: string) {
    super(message);
    this.name = 'QualityInputError';
  }
}

/**
 * An error answer of the Tally API: its HTTP status, the stable `code`
 * (docs/api.md lists them), the server's message saying what to fix, and the
 * rest of the error object as `context` (an import's `line`, a claim's `status`...).
 */
export class TallyApiError extends Error {
  override readonly name = 'TallyApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The 1-based line (row) of an import that was rejected, when the error names one. */
  get line(): number | undefined {
    return typeof this.context.line === 'number' ? this.context.line : undefined;
  }

  /** From a parsed error body; a body without the `{error: {code, message}}` shape (a proxy's page) keeps the status. */
  static fromBody(status: number, body: unknown, statusText = ''): TallyApiError {
    const error = (body as { error?: unknown } | null | undefined)?.error;
    if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
      const { code, message, ...context } = error as { code: string; message?: unknown } & Record<string, unknown>;
      return new TallyApiError(status, code, typeof message === 'string' ? message : code, context);
    }
    const text = typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : statusText || `HTTP ${status}`;
    return new TallyApiError(status, `http_${status}`, text);
  }

  /** From an error Response, reading its body. */
  static async fromResponse(res: Response): Promise<TallyApiError> {
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return TallyApiError.fromBody(res.status, body, res.statusText);
  }
}

/**
 * Matches `/v1/payment_intents/pi_123/cancel` against `/v1/payment_intents/:id/cancel`: `:name`
 * captures one segment, `*` accepts any one segment. Returns the captures, or `null`.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return null;
  const captures: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return null;
      captures[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== '*' && segment !== value) {
      return null;
    }
  }
  return captures;
}

import { err, ok } from '@bloxtr8/platform';
import { z } from 'zod';
import type { ScreeningConnection } from './screening-http.ts';
import { callScreeningApi } from './screening-http.ts';
import type { WalletScreening } from './wallet-screening.ts';

const ZIdentifications = z.object({
  identifications: z.array(z.object({ category: z.string(), name: z.string().default('') })),
});

/**
 * Chainalysis' sanctions screening (`GET /api/v1/address/{address}` with `X-API-Key`): the
 * sanctions designations that name the address; none means not sanctioned. It scores no risk.
 */
export function chainalysisScreening(connection: ScreeningConnection): WalletScreening {
  return {
    provider: 'CHAINALYSIS',
    async screenAddress(address) {
      const answer = await callScreeningApi(
        connection,
        `/api/v1/address/${encodeURIComponent(address)}`,
        { method: 'GET', headers: { 'x-api-key': connection.apiKey.reveal() } },
      );
      if (!answer.ok) return answer;
      const parsed = ZIdentifications.safeParse(answer.value);
      if (!parsed.success) {
        return err({
          code: 'SCREENING_UNAVAILABLE',
          message: 'Chainalysis answered in an unknown shape',
          retryable: true,
        });
      }
      const sanctions = parsed.data.identifications.filter(
        (each) => each.category.toLowerCase() === 'sanctions',
      );
      return ok({
        provider: 'CHAINALYSIS',
        riskScore: null,
        sanctioned: sanctions.length > 0,
        detail:
          sanctions.length === 0 ? 'not sanctioned' : sanctions.map((each) => each.name).join('; '),
      });
    },
  };
}

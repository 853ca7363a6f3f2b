import { err, ok } from '@bloxtr8/platform';
import { z } from 'zod';
import type { ScreeningConnection } from './screening-http.ts';
import { callScreeningApi } from './screening-http.ts';
import type { WalletScreening } from './wallet-screening.ts';

/** TRM scores risk on its own scale: Unknown 0, Low 1, Medium 5, High 10, Severe 15. */
const TRM_LEVEL_MAX = 15;
const SANCTIONS = 'sanctions';

const ZTrmScreening = z.array(
  z.object({
    address: z.string(),
    addressRiskIndicators: z
      .array(
        z.object({
          category: z.string(),
          categoryRiskScoreLevel: z.number(),
          riskType: z.string().optional(),
        }),
      )
      .default([]),
    entities: z
      .array(
        z.object({
          category: z.string(),
          riskScoreLevel: z.number(),
          entity: z.string().optional(),
        }),
      )
      .default([]),
  }),
);
type TrmAddress = z.infer<typeof ZTrmScreening>[number];

/** TRM's level as SPEC's 0–100 score: Medium (5) is 33, High (10) is 67, Severe (15) is 100. */
export function riskScoreOfTrmLevel(level: number): number {
  const clamped = Math.min(Math.max(level, 0), TRM_LEVEL_MAX);
  return Math.round((clamped * 100) / TRM_LEVEL_MAX);
}

function findingOf(screened: TrmAddress) {
  const levels = [
    0,
    ...screened.addressRiskIndicators.map((indicator) => indicator.categoryRiskScoreLevel),
    ...screened.entities.map((entity) => entity.riskScoreLevel),
  ];
  const ownSanctions =
    screened.entities.some((entity) => entity.category.toLowerCase() === SANCTIONS) ||
    screened.addressRiskIndicators.some(
      (indicator) =>
        indicator.category.toLowerCase() === SANCTIONS && indicator.riskType === 'OWNERSHIP',
    );
  const categories = [
    ...screened.addressRiskIndicators.map((i) => `${i.category}:${i.categoryRiskScoreLevel}`),
    ...screened.entities.map((e) => `${e.category}:${e.riskScoreLevel}`),
  ];
  return {
    provider: 'TRM_LABS' as const,
    riskScore: riskScoreOfTrmLevel(Math.max(...levels)),
    sanctioned: ownSanctions,
    detail: categories.length === 0 ? 'no risk indicators' : categories.join(', '),
  };
}

/**
 * TRM Labs' wallet screening (`POST /public/v2/screening/addresses`, HTTP Basic with the API key
 * as user and password): the address's risk indicators and entities, of which the highest level
 * is its risk.
 */
export function trmLabsScreening(connection: ScreeningConnection): WalletScreening {
  const key = connection.apiKey.reveal();
  const authorization = `Basic ${Buffer.from(`${key}:${key}`).toString('base64')}`;
  return {
    provider: 'TRM_LABS',
    async screenAddress(address) {
      const answer = await callScreeningApi(connection, '/public/v2/screening/addresses', {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify([{ address, chain: 'base', accountExternalId: null }]),
      });
      if (!answer.ok) return answer;
      const parsed = ZTrmScreening.safeParse(answer.value);
      const screened = parsed.success
        ? parsed.data.find((each) => each.address.toLowerCase() === address.toLowerCase())
        : undefined;
      if (screened === undefined) {
        return err({
          code: 'SCREENING_UNAVAILABLE',
          message: 'TRM answered without this address',
          retryable: true,
        });
      }
      return ok(findingOf(screened));
    },
  };
}

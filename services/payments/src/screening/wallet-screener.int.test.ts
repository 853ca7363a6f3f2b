import { ManualClock, Secret } from '@bloxtr8/platform';
import type { ChainalysisDouble, TrmDouble } from '@bloxtr8/sandbox/screening';
import { startChainalysisDouble, startTrmDouble } from '@bloxtr8/sandbox/screening';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainalysisScreening } from './chainalysis.screening.ts';
import { trmLabsScreening } from './trm-labs.screening.ts';
import type { WalletScreener } from './wallet-screener.ts';
import { createWalletScreener } from './wallet-screener.ts';

const newAddress = () => privateKeyToAddress(generatePrivateKey());
const FAST = { attempts: 2, initialMs: 1, maxMs: 2 };

describe('wallet screening through TRM Labs and Chainalysis (their HTTP shapes, on loopback)', () => {
  let trm: TrmDouble;
  let chainalysis: ChainalysisDouble;
  let screener: WalletScreener;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    trm = await startTrmDouble({ apiKey: 'trm-key' });
    chainalysis = await startChainalysisDouble({ apiKey: 'chainalysis-key' });
    screener = createWalletScreener(
      [
        trmLabsScreening({ apiUrl: new URL(trm.url), apiKey: new Secret('trm-key') }),
        chainalysisScreening({
          apiUrl: new URL(chainalysis.url),
          apiKey: new Secret('chainalysis-key'),
        }),
      ],
      { clock, retry: FAST },
    );
  });
  afterAll(async () => {
    await trm?.close();
    await chainalysis?.close();
  });

  it('gives each SPEC band its verdict: sanctioned, above 80, 50 to 80, below 50', async () => {
    const [sanctioned, severe, high, low] = [
      newAddress(),
      newAddress(),
      newAddress(),
      newAddress(),
    ];
    chainalysis.sanction(sanctioned);
    trm.setRisk(severe, 13, 'Ransomware');
    trm.setRisk(high, 10, 'Gambling');
    trm.setRisk(low, 1, 'Exchange');

    const verdicts = await Promise.all(
      [sanctioned, severe, high, low].map(async (address) => {
        const screened = await screener.screen(address);
        return screened.ok
          ? [screened.value.riskScore, screened.value.verdict]
          : screened.error.code;
      }),
    );

    expect(verdicts).toEqual([
      [0, 'SANCTIONED'],
      [87, 'HIGH_RISK'],
      [67, 'REVIEW'],
      [7, 'ACCEPT'],
    ]);
  });

  it('screens nothing while either provider is down, then opens its circuit', async () => {
    const address = newAddress();
    chainalysis.setOutage(true);
    try {
      const outage = await screener.screen(address);
      expect(outage).toMatchObject({
        ok: false,
        error: { code: 'SCREENING_UNAVAILABLE', provider: 'CHAINALYSIS' },
      });
      for (let i = 0; i < 3; i += 1) await screener.screen(address);
      const callsWhileOpen = chainalysis.calls();
      await screener.screen(address);
      expect(chainalysis.calls()).toBe(callsWhileOpen);
    } finally {
      chainalysis.setOutage(false);
    }
    clock.advanceBy(30_000);
    expect(await screener.screen(address)).toMatchObject({
      ok: true,
      value: { verdict: 'ACCEPT' },
    });
  });

  it('leaves an address unscreened when a provider refuses our key', async () => {
    const wrongKey = createWalletScreener(
      [trmLabsScreening({ apiUrl: new URL(trm.url), apiKey: new Secret('not-the-key') })],
      { clock, retry: FAST },
    );
    expect(await wrongKey.screen(newAddress())).toMatchObject({
      ok: false,
      error: { code: 'SCREENING_UNAVAILABLE', provider: 'TRM_LABS' },
    });
  });
});

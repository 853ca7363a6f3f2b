import { describe, expect, it } from 'vitest';
import { verdictOf } from './screening-verdict.ts';

describe('the screening verdict (SPEC §5)', () => {
  it.each([
    [81, 'HIGH_RISK'],
    [100, 'HIGH_RISK'],
    [80, 'REVIEW'],
    [65, 'REVIEW'],
    [50, 'REVIEW'],
    [49, 'ACCEPT'],
    [10, 'ACCEPT'],
    [0, 'ACCEPT'],
  ])('gives risk %i the verdict %s', (riskScore, verdict) => {
    expect(verdictOf({ sanctioned: false, riskScore })).toBe(verdict);
  });

  it('freezes a sanctioned address whatever its risk score', () => {
    expect(verdictOf({ sanctioned: true, riskScore: 0 })).toBe('SANCTIONED');
    expect(verdictOf({ sanctioned: true, riskScore: 100 })).toBe('SANCTIONED');
  });
});

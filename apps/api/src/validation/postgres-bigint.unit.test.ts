import { describe, expect, it } from 'vitest';
import { ZPositiveBigintId } from './postgres-bigint.ts';

describe('positive bigint ids', () => {
  it('takes 1 to 2^63-1 and refuses the rest without throwing', () => {
    for (const id of ['1', '42', '9223372036854775807']) {
      expect(ZPositiveBigintId.safeParse(id).success).toBe(true);
    }
    for (const id of ['0', '-1', '0.5', '1e400', '../x', '9223372036854775808', '9'.repeat(19)]) {
      expect(ZPositiveBigintId.safeParse(id).success).toBe(false);
    }
  });
});

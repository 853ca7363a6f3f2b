import { describe, expect, it } from 'vitest';
import { formatUsd, parseUsd } from './money.ts';

describe('dollars on Discord', () => {
  it('formats cents exactly, beyond what a float holds', () => {
    expect(formatUsd('280000')).toBe('$2,800.00');
    expect(formatUsd('5')).toBe('$0.05');
    expect(formatUsd(900719925474099312n)).toBe('$9,007,199,254,740,993.12');
    expect(formatUsd(null)).toBe('—');
  });

  it('reads what people type as dollars, and nothing else', () => {
    expect(parseUsd('2,800.5')).toBe(280_050n);
    expect(parseUsd('$3000')).toBe(300_000n);
    expect(parseUsd('12.345')).toBeNull();
    expect(parseUsd('-5')).toBeNull();
    expect(parseUsd('ten')).toBeNull();
  });
});

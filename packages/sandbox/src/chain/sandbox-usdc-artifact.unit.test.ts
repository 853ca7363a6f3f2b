import { describe, expect, it } from 'vitest';
import { compileSandboxUsdc, readSandboxUsdcArtifact } from './compile-sandbox-usdc.ts';

describe('the committed sandbox USDC artifact', () => {
  it('is what the contract source compiles to (regenerate: npm run chain:compile)', () => {
    expect(compileSandboxUsdc()).toEqual(readSandboxUsdcArtifact());
  }, 60_000);
});

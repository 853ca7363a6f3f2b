import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const LIVE = {
  BASE_RPC_URL: 'https://base.example/rpc',
  USDC_CONTRACT_ADDRESS: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
  USDC_WALLET_MNEMONIC_FILE: '/run/secrets/usdc-mnemonic',
  TRM_API_KEY: 'trm-key',
  CHAINALYSIS_API_KEY: 'chainalysis-key',
};

describe('USDC and wallet-screening configuration', () => {
  it('runs the USDC sandbox and the screening doubles when nothing is set', () => {
    const config = loadConfig({});
    expect(config.usdc).toEqual({ mode: 'sandbox', confirmations: 12 });
    expect(config.screening).toEqual({ mode: 'sandbox' });
  });

  it('reads a live chain with its keys from a file, and both screening providers', () => {
    const config = loadConfig({ ...LIVE, USDC_CONFIRMATIONS: '20' });
    expect(config.usdc).toMatchObject({
      mode: 'live',
      contractAddress: '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913',
      confirmations: 20,
      mnemonic: { kind: 'file', path: '/run/secrets/usdc-mnemonic' },
      treasuryAddress: undefined,
    });
    expect(config.screening).toMatchObject({
      mode: 'live',
      trm: { apiUrl: new URL('https://api.trmlabs.com') },
      chainalysis: { apiUrl: new URL('https://public.chainalysis.com') },
    });
  });

  it('never shows the mnemonic or the screening keys when printed', () => {
    const config = loadConfig({
      ...LIVE,
      USDC_WALLET_MNEMONIC_FILE: '',
      USDC_WALLET_MNEMONIC: 'test test test test test test test test test test test junk',
    });
    expect(JSON.stringify(config)).not.toContain('junk');
    expect(JSON.stringify(config)).not.toContain('trm-key');
  });

  it.each([
    [
      { ...LIVE, USDC_CONTRACT_ADDRESS: '' },
      'USDC_CONTRACT_ADDRESS: is required with BASE_RPC_URL',
    ],
    [
      { ...LIVE, USDC_WALLET_MNEMONIC_FILE: '' },
      'USDC_WALLET_MNEMONIC: or USDC_WALLET_MNEMONIC_FILE',
    ],
    [
      { ...LIVE, TRM_API_KEY: '', CHAINALYSIS_API_KEY: '' },
      'TRM_API_KEY: is required with BASE_RPC_URL',
    ],
    [{ TRM_API_KEY: 'only-one' }, 'CHAINALYSIS_API_KEY: is required with TRM_API_KEY'],
    [{ ...LIVE, USDC_WALLET_MNEMONIC: 'words' }, 'USDC_WALLET_MNEMONIC_FILE: is set together'],
    [{ ...LIVE, USDC_CONTRACT_ADDRESS: '0x1234' }, 'USDC_CONTRACT_ADDRESS: is not an EVM address'],
    [{ USDC_CONFIRMATIONS: '0' }, 'USDC_CONFIRMATIONS'],
  ])('refuses %o with one line naming the variable', (environment, problem) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(problem);
  });
});

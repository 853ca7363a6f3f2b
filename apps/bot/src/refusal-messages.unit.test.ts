import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REJECTION_CODES } from '@bloxtr8/escrow';
import { describe, expect, it } from 'vitest';
import { REFUSAL_MESSAGES } from './refusal-messages.ts';

const API_SOURCES = fileURLToPath(new URL('../../api/src', import.meta.url));

/**
 * Every `code: 'X'` of the gateway's problem tables and routes, and every `case 'X':` of a table
 * that passes its failure through as the code (`code: failure`); the gateway's tests left out.
 */
function declaredProblemCodes(directory: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      for (const code of declaredProblemCodes(path)) codes.add(code);
    } else if (entry.name.endsWith('.ts') && !entry.name.includes('.test.')) {
      const source = readFileSync(path, 'utf8');
      for (const match of source.matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g))
        codes.add(match[1] ?? '');
      if (!source.includes('code: failure')) continue;
      for (const match of source.matchAll(/\bcase '([A-Z][A-Z0-9_]+)':/g))
        codes.add(match[1] ?? '');
    }
  }
  return codes;
}

describe('refusal messages', () => {
  it('give every problem code the gateway declares a readable message', () => {
    const codes = declaredProblemCodes(API_SOURCES);
    expect(codes.size).toBeGreaterThan(60);
    expect([...codes].filter((code) => REFUSAL_MESSAGES[code] === undefined)).toEqual([]);
  });

  it('give every reason the escrow rejects a command with a readable message', () => {
    expect(REJECTION_CODES.filter((code) => REFUSAL_MESSAGES[code] === undefined)).toEqual([]);
  });

  it('read as sentences, not codes', () => {
    for (const text of Object.values(REFUSAL_MESSAGES)) expect(text).toMatch(/^[A-Z].*[.!]$/);
  });
});

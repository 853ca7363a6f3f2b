import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZEnvironment } from './load-config.ts';

describe('.env.example', () => {
  it('documents exactly the variables the platform reads', () => {
    const text = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual(Object.keys(ZEnvironment.shape).sort());
  });
});

import { describe, expect, it } from 'vitest';
import { isSafeRedirectPath } from './redirect-path.ts';

describe('redirect after sign-in', () => {
  it('accepts paths on this site', () => {
    for (const path of ['/', '/trades', '/escrow/123?tab=timeline#top', '/a/b-c_d.e~f']) {
      expect(isSafeRedirectPath(path)).toBe(true);
    }
  });

  it('refuses anything that could leave the site', () => {
    for (const path of [
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\r\nSet-Cookie:x',
      '/ space',
      '/\ttab',
      'javascript:alert(1)',
      '/'.padEnd(600, 'a'),
    ]) {
      expect(isSafeRedirectPath(path), path).toBe(false);
    }
  });
});

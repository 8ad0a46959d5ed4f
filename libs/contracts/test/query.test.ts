import { describe, expect, it } from 'vitest';
import { memberListQuery, pageQuery, transferListQuery } from '../src/index.js';

describe('numbers in query strings', () => {
  it.each([pageQuery, memberListQuery, transferListQuery])('take decimal digits only for ?limit=', (schema) => {
    expect(schema.parse({}).limit).toBe(50);
    expect(schema.parse({ limit: '16' }).limit).toBe(16);
    for (const written of ['0x10', '1e1', ' 16', '16 ', '', '+16', '-1', '0', '201', '16.0', '١٦']) {
      expect(schema.safeParse({ limit: written }).success, JSON.stringify(written)).toBe(false);
    }
  });
});

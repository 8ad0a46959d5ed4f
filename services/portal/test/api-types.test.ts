import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiTypes } from '../scripts/api-types';

describe("the portal's API types", () => {
  it('are what the gateway’s OpenAPI document gives today (run `npm run generate -w @zhtj/portal` after changing a route)', async () => {
    const checkedIn = await readFile(path.join(import.meta.dirname, '..', 'src', 'api', 'schema.d.ts'), 'utf8');
    expect(checkedIn === (await apiTypes()), 'services/portal/src/api/schema.d.ts is out of date').toBe(true);
  });
});

// The portal's API types, generated from the gateway's OpenAPI document (the contract), so the
// pages and the API cannot drift: `npm run generate -w @zhtj/portal` writes src/api/schema.d.ts,
// and a test fails when the checked-in file is not what this would write.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiTypes } from './api-types';

const target = path.join(import.meta.dirname, '..', 'src', 'api', 'schema.d.ts');
await writeFile(target, await apiTypes());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);

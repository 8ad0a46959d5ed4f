import type { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the organization service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8082, database: 'zhtj_organization' });
export type Config = z.infer<typeof configSchema>;

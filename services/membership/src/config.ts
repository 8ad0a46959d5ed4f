import type { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the membership service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8083, database: 'zhtj_membership' });
export type Config = z.infer<typeof configSchema>;

import type { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the transfer service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8084, database: 'zhtj_transfer' });
export type Config = z.infer<typeof configSchema>;

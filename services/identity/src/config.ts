import type { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the identity service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8081, database: 'zhtj_identity' });
export type Config = z.infer<typeof configSchema>;

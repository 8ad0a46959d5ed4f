import type { z } from 'zod';
import { backendConfigSchema } from '@zhtj/service-kit';

/** Environment of the import service; anything missing or malformed stops it at start. */
export const configSchema = backendConfigSchema({ port: 8085, database: 'zhtj_import' });
export type Config = z.infer<typeof configSchema>;

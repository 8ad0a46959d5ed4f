import path from 'node:path';
import { recordedExamples } from '../recorded-examples.js';

/** The services' recorded answers to the gateway's calls, one file per call of upstream-calls.ts. */
export const httpExamples = recordedExamples(path.join(import.meta.dirname, 'examples'));

/**
 * JetStream streams, one per bounded context plus the import work queue and the dead-letter
 * store. Subjects are written without the namespace prefix that tests add (see libs/bus).
 */
export const streams = {
  ORG: { subjects: ['org.>'], retention: 'limits', description: 'organisation tree events' },
  MEMBER: { subjects: ['member.>'], retention: 'limits', description: 'member and cadre events' },
  TRANSFER: { subjects: ['transfer.>'], retention: 'limits', description: 'transfer events' },
  IDENTITY: { subjects: ['identity.>'], retention: 'limits', description: 'account events' },
  IMPORT: { subjects: ['import.>'], retention: 'limits', description: 'import job outcomes' },
  IMPORT_JOBS: {
    subjects: ['import_jobs.>'],
    retention: 'workqueue',
    description: 'import jobs waiting for a worker; each message is taken by exactly one worker',
  },
  DEAD_LETTER: {
    subjects: ['dead_letter.>'],
    retention: 'limits',
    description: 'messages a consumer gave up on after its last delivery, kept for replay',
  },
} as const satisfies Record<string, StreamContract>;

export interface StreamContract {
  subjects: readonly string[];
  retention: 'limits' | 'workqueue';
  description: string;
}

export type StreamName = keyof typeof streams;

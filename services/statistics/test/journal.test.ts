import { describe, expect, it } from 'vitest';
import { readJournal, storedJournal, type JournalDocument } from '../src/store/models.js';

const journal: JournalDocument = {
  _id: '0190a000-0000-7000-8000-000000000001',
  createdAt: new Date('2026-12-06T10:00:00Z'),
  orgs: [{ id: 'b1', inc: [{ path: 'age.14to18', delta: 2 }], set: { name: '一支部（“团”）', known: true } }],
  members: [
    {
      _id: 'm1',
      version: 1,
      branchId: 'b1',
      ancestors: ['c1', 'b1'],
      profile: null,
      active: true,
      band: '14to18',
      bandChangesOn: '2027-01-15',
    },
  ],
  transfers: [],
  cadres: [],
  bandDays: { add: ['2027-01-15|m1'], remove: [] },
};

describe('the stored journal', () => {
  it('is read back as written', () => {
    const stored = storedJournal(journal);
    expect(Object.keys(stored).sort()).toEqual(['_id', 'body', 'createdAt']);
    expect(readJournal(stored)).toEqual(journal);
  });

  it('reads a journal stored as fields, as written before 2026-12-06', () => {
    expect(readJournal(journal as never)).toEqual(journal);
  });
});

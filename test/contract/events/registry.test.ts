import { describe, expect, it } from 'vitest';
import { commandContracts, eventContracts, streams, type StreamName } from '@zhtj/contracts';

function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

describe('the event registry', () => {
  it('names each subject and version once', () => {
    const keys = eventContracts.map((c) => `${c.subject}@${c.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('puts every subject on the stream it declares, and on no other', () => {
    for (const contract of eventContracts) {
      const owners = (Object.keys(streams) as StreamName[]).filter((name) =>
        streams[name].subjects.some((pattern) => subjectMatches(pattern, contract.subject)),
      );
      expect(owners, contract.subject).toEqual([contract.stream]);
    }
  });

  it('writes subjects as <context>.<event> in the past tense style of the design', () => {
    for (const contract of eventContracts) expect(contract.subject).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it('keeps stream subjects from overlapping, as JetStream requires', () => {
    const all = Object.values(streams).flatMap((s) => s.subjects.map((subject) => subject.split('.')[0]));
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps command subjects off every stream, so requests are never stored as events', () => {
    for (const command of commandContracts) {
      for (const stream of Object.values(streams)) {
        expect(
          stream.subjects.some((p) => subjectMatches(p, command.subject)),
          command.subject,
        ).toBe(false);
      }
    }
  });
});

/**
 * A namespace keeps parallel test runs (and a running dev stack) apart on one NATS server:
 * `org.created` becomes `t_ab12.org.created` and stream `ORG` becomes `t_ab12_ORG`.
 * Production runs without one.
 */
export interface Namespace {
  subject(subject: string): string;
  stream(stream: string): string;
  /** The subject as the contracts name it, from what came off the wire. */
  unprefixSubject(wireSubject: string): string;
}

export function createNamespace(prefix: string | undefined): Namespace {
  if (!prefix) {
    return { subject: (s) => s, stream: (s) => s, unprefixSubject: (s) => s };
  }
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new Error(`bus namespace "${prefix}" may only hold letters, digits, _ and -`);
  }
  const subjectPrefix = `${prefix}.`;
  return {
    subject: (s) => subjectPrefix + s,
    stream: (s) => `${prefix}_${s}`,
    unprefixSubject: (s) => (s.startsWith(subjectPrefix) ? s.slice(subjectPrefix.length) : s),
  };
}

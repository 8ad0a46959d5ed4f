import { describe, expect, it } from 'vitest';
import { statementsPerCommand } from '../src/mongo/bulk-write.js';

describe('statementsPerCommand', () => {
  it('sends a FerretDB as released one statement per command, the testkit build from revision 4 a hundred, MongoDB a thousand', () => {
    expect(statementsPerCommand({})).toBe(1000);
    expect(statementsPerCommand({ ferretdbVersion: 'v1.24.2' })).toBe(1);
    expect(statementsPerCommand({ ferretdbVersion: 'v1.24.2-zhtj3' })).toBe(1);
    expect(statementsPerCommand({ ferretdbVersion: 'v1.24.2-zhtj4' })).toBe(100);
    expect(statementsPerCommand({ ferretdbVersion: 'v1.24.2-zhtj12' })).toBe(100);
    expect(statementsPerCommand({ ferretdbVersion: 'v1.24.2-zhtj4-dirty' })).toBe(1);
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

describe('the logger', () => {
  it('never writes passwords, tokens, ID numbers or phones, at any depth', () => {
    const lines: string[] = [];
    const logger = createLogger({
      service: 'test',
      destination: new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    logger.info(
      {
        idNumber: '110101199003074477',
        body: { password: 'hunter2abc', member: { idNumber: '110101199508161234', phone: '13800138000' } },
        refreshToken: 'r.t.x',
        name: '张三',
      },
      'login',
    );
    const line = lines.join('');
    expect(line).not.toMatch(/110101199003074477|110101199508161234|hunter2abc|13800138000|r\.t\.x/);
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ service: 'test', level: 'info', name: '张三', msg: 'login' });
  });
});

import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isListening, postgresSql, redactPersonalData, startFerretDb, which, type FerretBackend } from '../src/index.js';

async function postgresDatabases(): Promise<string[]> {
  if (!(await which('psql'))) return [];
  return (await postgresSql('select datname from pg_database')).split('\n').map((l) => l.trim());
}

async function twoAtOnce(backend: FerretBackend) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zhtj-ferret-'));
  const start = (name: string) =>
    startFerretDb({
      dataDir: path.join(dir, name),
      logDir: path.join(dir, 'logs'),
      backend,
      dropOnStop: true,
      log: () => undefined,
    });
  return Promise.all([start('a'), start('b')]);
}

// Each test starts FerretDB processes and waits for them to listen: seconds alone, more than 30 s
// while the rest of the suite loads both cores (seen once, sqlite, in a loaded CI run).
describe('FerretDB started by the testkit', { timeout: 120_000 }, () => {
  it.each(['sqlite', 'postgresql'] as const)('runs two %s instances side by side, each with its own data', async (backend) => {
    if (backend === 'postgresql' && !(await isListening(5432))) return; // no PostgreSQL here: SQLite covers the machine
    const [a, b] = await twoAtOnce(backend);
    try {
      const write = async (url: string, name: string) => {
        const conn = await mongoose.createConnection(url, { dbName: 'shared_name' }).asPromise();
        await conn.db!.collection('things').insertOne({ name });
        const names = (await conn.db!.collection('things').find().toArray()).map((d) => d.name);
        await conn.close();
        return names;
      };
      expect(await write(a.url, 'from a')).toEqual(['from a']);
      expect(await write(b.url, 'from b')).toEqual(['from b']);
    } finally {
      await Promise.all([a.process.stop(), b.process.stop()]);
    }
    const ports = [a.url, b.url].map((u) => Number(new URL(u).port));
    for (const port of ports) expect(await isListening(port)).toBe(false);
    if (backend === 'postgresql') {
      const left = await postgresDatabases();
      for (const port of ports) expect(left).not.toContain(`zhtj_ferretdb_${port}`);
    }
  });

  it('keeps personal data out of its own log: a duplicate ID number, a refused write', async () => {
    const backend: FerretBackend = (await isListening(5432)) ? 'postgresql' : 'sqlite';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zhtj-ferret-'));
    const logDir = path.join(dir, 'logs');
    const server = await startFerretDb({ dataDir: path.join(dir, 'a'), logDir, backend, dropOnStop: true, log: () => undefined });
    const idNumber = '110101199003074477';
    const sizesBefore = new Map(
      existsSync('/var/log/postgresql')
        ? (await readdir('/var/log/postgresql')).map((f) => [f, statSync(path.join('/var/log/postgresql', f)).size] as const)
        : [],
    );
    try {
      const conn = await mongoose.createConnection(server.url, { dbName: 'pii' }).asPromise();
      const accounts = conn.db!.collection('accounts');
      await accounts.createIndex({ idNumber: 1 }, { unique: true });
      await accounts.insertOne({ _id: 'a' as never, idNumber });
      await expect(accounts.insertOne({ _id: 'b' as never, idNumber })).rejects.toThrow();
      await accounts.insertOne({ _id: 'c' as never, idNumber: '110101199508161234' });
      await expect(accounts.updateOne({ _id: 'c' as never }, { $set: { idNumber } })).rejects.toThrow();
      await expect(accounts.insertOne({ _id: 'd' as never, idNumber: `${idNumber}\u0000` })).rejects.toThrow();
      await conn.close();
    } finally {
      await server.process.stop();
    }
    const logged = (await readdir(logDir)).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('\n');
    expect(logged).not.toContain(idNumber);
    expect(logged).not.toContain('110101199508161234');
    // Nor PostgreSQL's, where this machine lets us read it.
    const pgLogs = existsSync('/var/log/postgresql') ? await readdir('/var/log/postgresql') : [];
    for (const file of pgLogs) {
      const written = readFileSync(path.join('/var/log/postgresql', file)).subarray(sizesBefore.get(file) ?? 0);
      expect(written.toString('utf8')).not.toContain(idNumber);
    }
  });

  it('masks ID numbers and phones in the lines it lets through', () => {
    expect(redactPersonalData('Key (idNumber)=(110101199003074477) exists; 11010519491231002X; tel 13812345678')).toBe(
      'Key (idNumber)=(110101********4477) exists; 110105********002X; tel 138****5678',
    );
    expect(redactPersonalData('port 127.0.0.1:46875 took 352043 ns, id 01a233e6-8ac7-72f5')).toBe(
      'port 127.0.0.1:46875 took 352043 ns, id 01a233e6-8ac7-72f5',
    );
  });
});

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { isListening, runCommand, startFerretDb, which, type FerretBackend } from '../src/index.js';

async function postgresDatabases(): Promise<string[]> {
  const psql = await which('psql');
  if (!psql) return [];
  const out = await runCommand(psql, [
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-Atc',
    'select datname from pg_database',
  ]);
  return out.split('\n').map((l) => l.trim());
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

describe('FerretDB started by the testkit', () => {
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
});

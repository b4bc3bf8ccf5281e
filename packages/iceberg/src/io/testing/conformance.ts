import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDuckDBStorage } from '../../duckdb/storage.js';
import { quoteString } from '../../duckdb/types.js';
import { IcebergError, isIcebergError } from '../../errors.js';
import { type FileIO, joinLocation } from '../file-io.js';

export interface FileIOConformanceOptions {
  /** The FileIO under test (called once per test; may return the same instance). */
  io: () => FileIO;
  /** A location under which the suite may create anything (each test uses a fresh sub-prefix of it). */
  root: () => string;
  /** Credential values of `io()` that must never appear in an error. */
  secrets?: () => readonly string[];
  /**
   * The same storage with a wrong secret: reads and writes must fail with Unauthorized or Forbidden, and the wrong
   * secret must not appear in the error.
   */
  wrongCredentials?: () => { io: FileIO; secret: string };
  /** Whether the file at `location` was uploaded in parts (multipart upload, resumable chunks, staged blocks). */
  uploadedInParts?: (location: string) => Promise<boolean>;
  /** Size of the large-file test in bytes (default 21 MiB). */
  largeSize?: number;
}

/** Every piece of text an error carries: message, stack, context, causes. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? '');
      if (e instanceof IcebergError) parts.push(JSON.stringify(e.context));
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join('\n');
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the operation to fail');
    },
    (error: unknown) => error,
  );
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The FileIO contract, run against any backend:
 *   fileIOConformanceSuite('s3 (versitygw)', { io: () => io, root: () => `s3://${bucket}/conformance` });
 * Each test writes below its own random prefix of `root()`, so backends may share state between tests.
 */
export function fileIOConformanceSuite(name: string, options: FileIOConformanceOptions): void {
  describe(`FileIO conformance: ${name}`, () => {
    const io = () => options.io();
    const base = () => joinLocation(options.root(), `t-${randomUUID().slice(0, 8)}`);
    const errors: unknown[] = [];
    const expectKind = async (p: Promise<unknown>, kinds: readonly string[]) => {
      const error = await failure(p);
      errors.push(error);
      expect(kinds, errorText(error)).toContain(isIcebergError(error) ? error.kind : String(error));
      return error as IcebergError;
    };

    it('writes and reads back text and bytes; a write replaces the whole file', async () => {
      const dir = base();
      const text = joinLocation(dir, 'metadata/v1.metadata.json');
      await io().write(text, '{"format-version":2}');
      expect(new TextDecoder().decode(await io().read(text))).toBe('{"format-version":2}');
      await io().write(text, 'x');
      expect(new TextDecoder().decode(await io().read(text))).toBe('x');

      const bin = joinLocation(dir, 'data/all-bytes.bin');
      const bytes = new Uint8Array(256 * 4);
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
      await io().write(bin, bytes);
      const back = await io().read(bin);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);

      // A view into a larger buffer writes only its own bytes.
      const view = joinLocation(dir, 'data/view.bin');
      const big = Uint8Array.from([9, 9, 1, 2, 3, 9]);
      await io().write(view, big.subarray(2, 5));
      expect([...(await io().read(view))]).toEqual([1, 2, 3]);

      const empty = joinLocation(dir, 'data/empty.bin');
      await io().write(empty, new Uint8Array());
      expect((await io().read(empty)).byteLength).toBe(0);
      expect(await io().size(empty)).toBe(0);
    });

    it('writeIfAbsent creates only when nothing is there', async () => {
      const loc = joinLocation(base(), 'version-hint.text');
      expect(await io().writeIfAbsent(loc, 'first')).toBe(true);
      expect(await io().writeIfAbsent(loc, 'second')).toBe(false);
      expect(new TextDecoder().decode(await io().read(loc))).toBe('first');
      await io().write(loc, 'third'); // a plain write still replaces
      expect(await io().writeIfAbsent(loc, 'fourth')).toBe(false);
      expect(new TextDecoder().decode(await io().read(loc))).toBe('third');
    });

    it('writeIfAbsent: of concurrent creators exactly one wins and its content stays', async () => {
      const loc = joinLocation(base(), 'race/v2.metadata.json');
      const contenders = Array.from({ length: 8 }, (_, i) => `writer-${i}-${randomUUID()}`);
      const results = await Promise.all(contenders.map((c) => io().writeIfAbsent(loc, c)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = contenders[results.indexOf(true)]!;
      expect(new TextDecoder().decode(await io().read(loc))).toBe(winner);
    });

    it('exists and size; NotFound for missing files', async () => {
      const dir = base();
      const loc = joinLocation(dir, 'a/b.avro');
      expect(await io().exists(loc)).toBe(false);
      const read = await expectKind(io().read(loc), ['NotFound']);
      expect(read.message).toContain(loc);
      await expectKind(io().size(loc), ['NotFound']);
      await io().write(loc, new Uint8Array(1234));
      expect(await io().exists(loc)).toBe(true);
      expect(await io().size(loc)).toBe(1234);
      // A key that is a prefix of an existing file's key is not a file.
      expect(await io().exists(joinLocation(dir, 'a/b'))).toBe(false);
      await expectKind(io().read(joinLocation(dir, 'a/b')), ['NotFound']);
    });

    it('lists every file below a prefix, recursively, with sizes and modification times', async () => {
      const dir = base();
      const files = { 'a/1.parquet': 1, 'a/b/2.parquet': 22, 'a/b/c/3.parquet': 333 };
      const before = Date.now() - 5 * 60_000;
      for (const [path, size] of Object.entries(files)) await io().write(joinLocation(dir, path), new Uint8Array(size));
      await io().write(joinLocation(dir, 'a2/outside.parquet'), new Uint8Array(7));
      const listed = await io().list(`${joinLocation(dir, 'a')}/`);
      expect(listed.map((f) => [f.location, f.size]).sort()).toEqual(
        Object.entries(files)
          .map(([path, size]) => [joinLocation(dir, path), size])
          .sort(),
      );
      for (const f of listed) {
        expect(f.modifiedMs).toBeGreaterThan(before);
        expect(await io().size(f.location)).toBe(f.size); // listed locations are usable locations
      }
      expect(await io().list(`${joinLocation(dir, 'missing')}/`)).toEqual([]);
    });

    it('delete removes a file and is idempotent', async () => {
      const dir = base();
      const loc = joinLocation(dir, 'snap-1.avro');
      await io().write(loc, 'x');
      await io().delete(loc);
      expect(await io().exists(loc)).toBe(false);
      await io().delete(loc);
      await io().delete(joinLocation(dir, 'never-written'));
      expect(await io().list(`${dir}/`)).toEqual([]);
    });

    it('keys with spaces, unicode and URL-special characters round-trip', async () => {
      const dir = base();
      const loc = joinLocation(dir, 'part=a b/ünïcødé 文件 #1 +plus%20&x=y?.parquet');
      await io().write(loc, 'payload');
      expect(await io().exists(loc)).toBe(true);
      expect(await io().size(loc)).toBe(7);
      expect(new TextDecoder().decode(await io().read(loc))).toBe('payload');
      expect(await io().writeIfAbsent(loc, 'other')).toBe(false);
      const listed = await io().list(`${dir}/`);
      expect(listed.map((f) => f.location)).toEqual([loc]);
      await io().delete(loc);
      expect(await io().exists(loc)).toBe(false);
    });

    it('a large file (multipart) round-trips', { timeout: 180_000 }, async () => {
      const size = options.largeSize ?? 21 * 1024 * 1024 + 123;
      expect(size).toBeGreaterThanOrEqual(20 * 1024 * 1024);
      const data = new Uint8Array(size);
      const block = randomBytes(1024 * 1024);
      for (let off = 0; off < size; off += block.length)
        data.set(block.subarray(0, Math.min(block.length, size - off)), off);
      data[size - 1] = 0xfe; // not a repetition of the first block
      const loc = joinLocation(base(), 'data/large.parquet');
      await io().write(loc, data);
      expect(await io().size(loc)).toBe(size);
      const back = await io().read(loc);
      expect(back.byteLength).toBe(size);
      expect(sha256(back)).toBe(sha256(data));
      if (options.uploadedInParts) expect(await options.uploadedInParts(loc)).toBe(true);
      expect(await io().writeIfAbsent(loc, 'small')).toBe(false);
      expect(await io().size(loc)).toBe(size);
    });

    if (options.wrongCredentials) {
      it('wrong credentials: Unauthorized or Forbidden, and the secret is not in the error', async () => {
        const { io: bad, secret } = options.wrongCredentials!();
        const loc = joinLocation(base(), 'denied.json');
        await io().write(loc, 'x');
        const failures = [
          await expectKind(bad.read(loc), ['Unauthorized', 'Forbidden']),
          await expectKind(bad.write(joinLocation(base(), 'other.json'), 'y'), ['Unauthorized', 'Forbidden']),
          await expectKind(bad.list(`${options.root()}/`), ['Unauthorized', 'Forbidden']),
        ];
        for (const error of failures) expect(errorText(error)).not.toContain(secret);
      });
    }

    afterAll(() => {
      // Every error the suite provoked (NotFound, denied) is free of credential values.
      const secrets = (options.secrets?.() ?? []).filter((s) => s.length >= 4);
      for (const error of errors) {
        const text = errorText(error);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    });
  });
}

export interface DuckDBStorageSuiteOptions {
  io: () => FileIO;
  root: () => string;
  /** False where DuckDB can read but not write the storage (the test then expects the write to fail). */
  duckdbWrites?: boolean;
}

/**
 * DuckDB opens `duckdbPath()` of locations itself after `prepareDuckDBStorage`: it reads Parquet floe wrote through
 * the FileIO, and (where `duckdbWrites`) writes Parquet that the FileIO then reads.
 */
export function duckdbStorageSuite(name: string, options: DuckDBStorageSuiteOptions): void {
  describe(`DuckDB on ${name}`, () => {
    let instance: DuckDBInstance;
    let connection: DuckDBConnection;
    let scratch: string;
    beforeAll(async () => {
      instance = await DuckDBInstance.create(':memory:');
      connection = await instance.connect();
      scratch = await mkdtemp(join(tmpdir(), 'floe-io-duckdb-'));
    });
    afterAll(async () => {
      connection?.closeSync();
      instance?.closeSync();
      await rm(scratch, { recursive: true, force: true });
    });
    const count = async (path: string) => {
      const reader = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, sum(id)::BIGINT AS s FROM read_parquet(${quoteString(path)})`,
      );
      const [n, s] = reader.getRows()[0]!;
      return { n: Number(n), s: Number(s) };
    };

    it('reads Parquet that the FileIO wrote', async () => {
      const io = options.io();
      const local = join(scratch, 'in.parquet');
      await connection.run(
        `COPY (SELECT range AS id, 'row ' || range AS name FROM range(1000)) TO ${quoteString(local)} (FORMAT parquet)`,
      );
      const loc = joinLocation(options.root(), `duckdb-${randomUUID().slice(0, 8)}/data/in file.parquet`);
      await io.write(loc, await readFile(local));
      const path = io.duckdbPath(loc);
      expect(path).toBeDefined();
      await prepareDuckDBStorage(connection, io, loc);
      expect(await count(path!)).toEqual({ n: 1000, s: 499500 });
    });

    it(
      options.duckdbWrites === false
        ? 'cannot write Parquet there (the storage lacks what DuckDB writes with)'
        : 'writes Parquet that the FileIO and DuckDB read back',
      async () => {
        const io = options.io();
        const loc = joinLocation(options.root(), `duckdb-${randomUUID().slice(0, 8)}/data/out.parquet`);
        const path = io.duckdbPath(loc)!;
        // Local files: DuckDB creates no directories (floe's writers create them, as here).
        const local = io.localPath(loc);
        if (local) await mkdir(dirname(local), { recursive: true });
        await prepareDuckDBStorage(connection, io, loc);
        const copy = connection.run(
          `COPY (SELECT range AS id FROM range(500)) TO ${quoteString(path)} (FORMAT parquet)`,
        );
        if (options.duckdbWrites === false) {
          await expect(copy).rejects.toThrow();
          expect(await io.exists(loc)).toBe(false);
          return;
        }
        await copy;
        expect(await io.size(loc)).toBeGreaterThan(100);
        const bytes = await io.read(loc);
        expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
        expect(await count(path)).toEqual({ n: 500, s: 124750 });
      },
    );
  });
}

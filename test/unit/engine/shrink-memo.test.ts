/**
 * The memo file (src/engine/shrink-memo.ts): written atomically with its checksum and read back; a hand-edited,
 * malformed, foreign or linked memo is rejected with a reason (never thrown, never trusted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newShrinkMemo } from '../../../src/domain/shrink-memo';
import { GiB } from '../../../src/domain/units';
import { clearShrinkMemo, readShrinkMemo, writeShrinkMemo } from '../../../src/engine/shrink-memo';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-memo-'));
  file = path.join(dir, 'shrink-ladder-memo.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const memo = newShrinkMemo(
  { diskUniqueId: 'D', partitionOffset: 1, partitionSize: 100 * GiB, freeBytes: 40 * GiB, sizeMin: 99 * GiB },
  { now: '2026-12-01T08:00:00.000Z', runId: 'r1', toolVersion: '1.0.0' },
);

describe('the shrink memo file', () => {
  it('round-trips, leaves no temp file, and is cleared', () => {
    expect(readShrinkMemo(file)).toEqual({ kind: 'none' });
    writeShrinkMemo(file, memo);
    expect(fs.readdirSync(dir)).toEqual(['shrink-ladder-memo.json']);
    const back = readShrinkMemo(file);
    expect(back).toMatchObject({ kind: 'read', memo, recordedMs: Date.parse(memo.recordedAt) });
    expect(clearShrinkMemo(file)).toBe(true);
    expect(readShrinkMemo(file)).toEqual({ kind: 'none' });
    expect(clearShrinkMemo(file)).toBe(false);
  });

  it('rejects a hand-edited memo (checksum), a malformed one (schema, JSON) and a folder in its place', () => {
    writeShrinkMemo(file, memo);
    const edited = JSON.parse(fs.readFileSync(file, 'utf8')) as { volume: { freeBytes: number } };
    edited.volume.freeBytes += GiB;
    fs.writeFileSync(file, JSON.stringify(edited), { mode: 0o600 });
    expect(readShrinkMemo(file)).toMatchObject({ kind: 'rejected', why: expect.stringMatching(/checksum/) });
    fs.writeFileSync(file, JSON.stringify({ ...edited, extra: 1 }), { mode: 0o600 });
    expect(readShrinkMemo(file)).toMatchObject({ kind: 'rejected', why: expect.stringMatching(/schema/) });
    fs.writeFileSync(file, '{"schemaVersion":1,', { mode: 0o600 });
    expect(readShrinkMemo(file)).toMatchObject({ kind: 'rejected', why: expect.stringMatching(/JSON/) });
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(readShrinkMemo(file)).toMatchObject({ kind: 'rejected' });
  });

  it('rejects a link and a file others may write (POSIX trust check); writes never go through a link', () => {
    if (process.platform === 'win32') return;
    const target = path.join(dir, 'elsewhere.json');
    writeShrinkMemo(target, memo);
    fs.symlinkSync(target, file);
    expect(readShrinkMemo(file)).toMatchObject({ kind: 'rejected' });
    expect(() => writeShrinkMemo(file, memo)).toThrow(/link/);
    fs.rmSync(file);
    writeShrinkMemo(file, memo);
    fs.chmodSync(file, 0o666);
    expect(readShrinkMemo(file)).toMatchObject({
      kind: 'rejected',
      why: expect.stringMatching(/not trusted/),
    });
  });
});

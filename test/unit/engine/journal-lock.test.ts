import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Journal } from '../../../src/contracts/generated/journal';
import { plan } from '../../../src/domain/planner';
import { JournalStore, journalChecksum } from '../../../src/engine/journal';
import { JournalRejectedError } from '../../../src/errors';
import { defaultSnapshot } from '../../builders/snapshot-builder';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-journal-'));
}

function sampleJournal(): Journal {
  const p = plan(defaultSnapshot());
  return {
    schemaVersion: 1,
    toolVersion: '0.1.0',
    runId: '0123456789abcdef',
    seq: 0,
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    computerName: 'PC-01',
    simulated: true,
    disk: { uniqueId: 'NVME-DISK-0', guid: null, signature: null },
    phase: 'applying',
    plan: p as Journal['plan'],
    original: {
      osPartition: { offset: 1, size: 2 },
      recoveryPartition: null,
      imageSha256: '',
      imageSize: 0,
      bitLockerSuspended: false,
      osDataFingerprint: null,
    },
    steps: p.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      script: s.script,
      params: s.params,
      status: 'pending',
      attempts: 0,
    })),
    rollback: [],
    winreDisabledAt: null,
    rebootRequired: false,
    events: [],
    checksum: '0'.repeat(64),
  };
}

describe('journal store', () => {
  it('round-trips, increments seq, keeps the previous copy and a valid checksum', () => {
    const dir = tmp();
    const store = new JournalStore(path.join(dir, 'journal.json'));
    const first = store.save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    const second = store.save({ ...first, phase: 'rolling-back' }, '2026-11-25T00:00:02.000Z');
    expect(second.seq).toBe(2);
    expect(store.load()).toEqual(second);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'journal.json.bak'), 'utf8')).seq).toBe(1);
    expect(journalChecksum(second)).toBe(second.checksum);
  });

  it('keeps the last complete journal when the power fails in the middle of a write', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const good = new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    const cut = new JournalStore(file, (stage) => {
      if (stage === 'temp-written') throw new Error('power cut');
    });
    expect(() => cut.save({ ...good, phase: 'done' }, '2026-11-25T00:00:02.000Z')).toThrow('power cut');
    expect(new JournalStore(file).load()).toEqual(good);
  });

  it('never reads its .tmp or .bak (the power-cut matrix keys crash states on that): garbage there changes nothing', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const good = new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    fs.writeFileSync(`${file}.tmp`, '{"schemaVersion": 1, "half a jour');
    fs.writeFileSync(`${file}.bak`, 'not json at all');
    expect(new JournalStore(file).load()).toEqual(good);
    const next = new JournalStore(file).save({ ...good, phase: 'done' }, '2026-11-25T00:00:02.000Z');
    expect(new JournalStore(file).load()).toEqual(next);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2)],
    ['hand-edited (checksum)', (t: string) => t.replace('"phase": "applying"', '"phase": "done"')],
    ['of another version', (t: string) => t.replace('"schemaVersion": 1', '"schemaVersion": 2')],
    ['not matching its schema', (t: string) => t.replace('"runId"', '"runIdX"')],
  ])('refuses a journal that is %s', (_name, damage) => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    fs.writeFileSync(file, damage(fs.readFileSync(file, 'utf8')), { mode: 0o600 });
    expect(() => new JournalStore(file).load()).toThrow(JournalRejectedError);
  });

  it('refuses a journal that other users could write', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    fs.chmodSync(file, 0o666);
    expect(() => new JournalStore(file).load()).toThrow(/not trusted/);
  });

  it('refuses a journal path that is a folder with JournalRejectedError (exit 27), not an internal error (28)', () => {
    const file = path.join(tmp(), 'journal.json');
    fs.mkdirSync(file, { mode: 0o700 });
    expect(() => new JournalStore(file).load()).toThrow(JournalRejectedError);
  });
});

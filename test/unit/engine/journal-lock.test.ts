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
    schemaVersion: 2,
    toolVersion: '0.1.0',
    runId: '0123456789abcdef',
    seq: 0,
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    computerName: 'PC-01',
    simulated: true,
    disk: { uniqueId: 'NVME-DISK-0', guid: null, signature: null, size: 512 * 1024 ** 3 },
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
    ['of another version', (t: string) => t.replace('"schemaVersion": 2', '"schemaVersion": 99')],
    ['not matching its schema', (t: string) => t.replace('"runId"', '"runIdX"')],
  ])('refuses a journal that is %s', (_name, damage) => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    fs.writeFileSync(file, damage(fs.readFileSync(file, 'utf8')), { mode: 0o600 });
    expect(() => new JournalStore(file).load()).toThrow(JournalRejectedError);
  });

  it('reads a journal saved with a UTF-8 BOM (Notepad, Windows PowerShell 5.1 Set-Content -Encoding UTF8)', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const saved = new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    const text = fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), {
      mode: 0o600,
    });
    expect(new JournalStore(file).load()).toEqual(saved);
  });

  it('still refuses an edited journal that carries a BOM (the checksum covers the content)', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    const text = fs.readFileSync(file, 'utf8').replace('"phase": "applying"', '"phase": "done"');
    fs.writeFileSync(file, `\uFEFF${text}`, { mode: 0o600 });
    expect(() => new JournalStore(file).load()).toThrow(/checksum/);
  });

  it.each(['journal.json', 'journal.json.bak', 'journal.json.tmp'])(
    'refuses (JournalRejectedError) a folder named %s and leaves it in place',
    (name) => {
      const dir = tmp();
      const file = path.join(dir, 'journal.json');
      if (name !== 'journal.json') new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
      fs.mkdirSync(path.join(dir, name));
      expect(() => new JournalStore(file).load()).toThrow(JournalRejectedError);
      expect(() => new JournalStore(file).load()).toThrow(
        `${path.join(dir, name)} is a folder, not a plain file`,
      );
      expect(fs.statSync(path.join(dir, name)).isDirectory()).toBe(true);
    },
  );

  it('refuses a link in place of the journal (never followed)', () => {
    const dir = tmp();
    const elsewhere = path.join(dir, 'elsewhere.json');
    new JournalStore(elsewhere).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    const file = path.join(dir, 'journal.json');
    fs.symlinkSync(elsewhere, file);
    expect(() => new JournalStore(file).load()).toThrow(/is a link, not a plain file/);
  });

  it('never writes through a link planted at its .tmp or .bak', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'the user chose this file');
    const store = new JournalStore(file);
    // A planted .tmp link is neither followed nor removed: the write stops there (the state-folder gate refuses
    // such a folder before any run gets this far; this is the second line).
    fs.symlinkSync(victim, `${file}.tmp`);
    expect(() => store.save(sampleJournal(), '2026-11-25T00:00:01.000Z')).toThrow(/is a link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('the user chose this file');
    fs.unlinkSync(`${file}.tmp`);
    const first = store.save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    expect(store.load()).toEqual(first);
    // A planted .bak link makes the write fail before the copy, not write into the victim.
    fs.symlinkSync(victim, `${file}.bak`);
    expect(() => store.save(first, '2026-11-25T00:00:02.000Z')).toThrow(/is a link/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('the user chose this file');
    // ...and loading then refuses the link (27), never reading through it.
    expect(() => store.load()).toThrow(/is a link, not a plain file/);
  });

  it('reads a schema version 1 journal (no disk size: checked on what it records) and refuses a version 2 one without it', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const v1 = sampleJournal();
    v1.schemaVersion = 1;
    delete v1.disk.size;
    const saved = new JournalStore(file).save(v1, '2026-11-25T00:00:01.000Z');
    expect(new JournalStore(file).load()).toEqual(saved);
    const v2 = { ...saved, schemaVersion: 2 as const };
    v2.checksum = journalChecksum(v2);
    fs.writeFileSync(file, JSON.stringify(v2), { mode: 0o600 });
    expect(() => new JournalStore(file).load()).toThrow(/does not match its schema/);
  });

  it('reads a schema version 2 journal (no winreDisabledMs) and refuses a version 3 one without it', () => {
    const dir = tmp();
    const file = path.join(dir, 'journal.json');
    const saved = new JournalStore(file).save(sampleJournal(), '2026-11-25T00:00:01.000Z');
    expect(saved.winreDisabledMs).toBeUndefined();
    expect(new JournalStore(file).load()).toEqual(saved);
    const v3 = { ...saved, schemaVersion: 3 as const };
    v3.checksum = journalChecksum(v3);
    fs.writeFileSync(file, JSON.stringify(v3), { mode: 0o600 });
    expect(() => new JournalStore(file).load()).toThrow(/does not match its schema/);
    const withTime = { ...v3, winreDisabledMs: 1234 };
    withTime.checksum = journalChecksum(withTime);
    fs.writeFileSync(file, JSON.stringify(withTime), { mode: 0o600 });
    expect(new JournalStore(file).load()?.winreDisabledMs).toBe(1234);
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

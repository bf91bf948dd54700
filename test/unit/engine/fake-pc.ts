/**
 * The executor's ports faked for unit tests, without pwsh: a script runner that does each step script's work on an
 * in-memory snapshot (what the real script would change on Windows, in the few fields the postconditions read),
 * and a journal kept in memory (every write schema-checked and kept, as the file journal does). Failures are
 * planted per script: the error to throw on its next calls, and whether the work still happened.
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import type { PartitionFacts, Snapshot } from '../../../src/domain/snapshot';
import type { RunEvent } from '../../../src/logging/events';
import { Executor, type ExecutorDeps } from '../../../src/engine/executor';
import type { JournalPort, StepScriptRunner } from '../../../src/engine/ports';
import { journalChecksum } from '../../../src/engine/journal';
import { ScriptFailedError, type PowerShellErrorRecord } from '../../../src/errors';
import { assertValid } from '../../../src/schemas/validators';
import { withPowerCuts, type PoweredPorts } from '../../../src/simulation/power-cut';
import { defaultSnapshot, part, volume, wimInfo, type Mutable } from '../../builders/snapshot-builder';

type Params = Record<string, unknown>;

/** The error a step script throws, as the bridge delivers it (ScriptFailedError with PowerShell's record). */
export function scriptError(
  script: string,
  fullyQualifiedErrorId: string,
  message: string,
): ScriptFailedError {
  const record: PowerShellErrorRecord = {
    message,
    details: '',
    category: 'InvalidData',
    reason: 'InvalidOperationException',
    fullyQualifiedErrorId,
    exceptionType: 'System.InvalidOperationException',
    hresult: -2146233079,
    targetObject: '',
    scriptStackTrace: '',
  };
  return new ScriptFailedError(script, record);
}

interface Planted {
  readonly error: unknown;
  /** The script's work happened before the error (a lost answer). */
  readonly didWork: boolean;
}

export class FakePc {
  readonly snapshot: Mutable<Snapshot>;
  readonly calls: { script: string; params: Params }[] = [];
  private readonly planted = new Map<string, Planted[]>();
  /** Scripts whose work is silently not done (they still answer "changed"): a lying script. */
  readonly idle = new Set<string>();
  /** Fields of Test-WinReHealth's answer that differ from a healthy PC's. */
  healthOverride: Params = {};
  /** What Optimize-OsVolume's defrag.exe exits with (null: stopped at its time limit). */
  defragExitCode: number | null = 0;
  /** What Build-PatchedWinReImage made (its version and hash) and the image it started from. */
  private patched:
    { version: string; sha256: string; original: Snapshot['winre']['activeImage'] } | undefined;

  constructor(snapshot: Snapshot = defaultSnapshot()) {
    this.snapshot = JSON.parse(JSON.stringify(snapshot)) as Mutable<Snapshot>;
  }

  /** The next `times` calls of `script` throw `error` (after doing the work when `didWork`). */
  fail(script: string, error: unknown, times = 1, didWork = false): this {
    const list = this.planted.get(script) ?? [];
    for (let i = 0; i < times; i += 1) list.push({ error, didWork });
    this.planted.set(script, list);
    return this;
  }

  callsOf(script: string): number {
    return this.calls.filter((c) => c.script === script).length;
  }

  readonly runner: StepScriptRunner = {
    run: async <T>(script: string, params: Params = {}): Promise<T> => {
      this.calls.push({ script, params });
      const planted = this.planted.get(script)?.shift();
      if (planted && !planted.didWork) throw planted.error;
      const result = this.idle.has(script) ? { changed: true } : this.work(script, params);
      if (planted) throw planted.error;
      return Promise.resolve(result as T);
    },
  };

  readonly gather = (): Promise<Snapshot> =>
    Promise.resolve(JSON.parse(JSON.stringify(this.snapshot)) as Snapshot);

  private disk(params: Params): Mutable<Snapshot>['disks'][number] {
    const disk =
      this.snapshot.disks.find((d) => d.uniqueId === params['diskUniqueId']) ?? this.snapshot.disks[0];
    if (!disk) throw new Error('the fake PC has no disk');
    return disk;
  }

  private at(params: Params, key: string) {
    return this.disk(params).partitions.find((p) => p.offset === params[key]);
  }

  /** What each step script changes on Windows, in the fields the executor re-reads. */
  private work(script: string, p: Params): Params {
    const winre = this.snapshot.winre;
    switch (script) {
      case 'Suspend-BitLockerProtection':
      case 'Resume-BitLockerProtection':
        for (const b of this.snapshot.bitLocker)
          if (b.mountPoint.toUpperCase() === String(p['mountPoint']).toUpperCase())
            b.protectionStatus = script.startsWith('Suspend') ? 0 : 1;
        return { changed: true };
      case 'Resize-OsPartition': {
        const os = this.at(p, 'partitionOffset');
        if (os) os.size = Number(p['toSize']);
        return { changed: true };
      }
      case 'Optimize-OsVolume':
        // defrag C: /X: moves files, changes no partition (ps-scripts/Optimize-OsVolume.ps1).
        return {
          changed: true,
          drive: 'C:',
          exitCode: this.defragExitCode,
          timedOut: this.defragExitCode === null,
          durationMs: 120_000,
          lastLines: ['The operation completed successfully.'],
        };
      case 'Disable-WinRe':
        winre.reagentc.status = 'Disabled';
        winre.reagentc.location = null;
        winre.stagedImage = winre.activeImage;
        winre.activeImage = null;
        return { changed: true };
      case 'Remove-RecoveryPartition': {
        const disk = this.disk(p);
        disk.partitions = disk.partitions.filter((x) => x.offset !== p['partitionOffset']);
        return { changed: true };
      }
      case 'New-RecoveryPartition': {
        const disk = this.disk(p);
        const number = Math.max(0, ...disk.partitions.map((x) => x.number)) + 1;
        const attributes = p['gptAttributes'];
        disk.partitions.push(
          part({
            number,
            offset: Number(p['offset']),
            size: Number(p['size']),
            type: 'Recovery',
            gptType: (p['gptType'] as string | null) ?? null,
            mbrType: (p['mbrType'] as number | null) ?? null,
            gptAttributes: typeof attributes === 'string' && attributes !== 'defer' ? attributes : null,
          }) as Mutable<PartitionFacts>,
        );
        disk.partitions.sort((a, b) => a.offset - b.offset);
        return { changed: true };
      }
      case 'Format-RecoveryVolume': {
        const np = this.at(p, 'offset');
        if (np)
          np.volume = volume(np.size - 4096, np.size / 2, { label: String(p['label']) }) as Mutable<
            NonNullable<PartitionFacts['volume']>
          >;
        return { changed: true };
      }
      case 'Enable-WinRe':
      case 'Enable-WinReOnOsVolume': {
        const disk = this.disk(p);
        const target =
          script === 'Enable-WinRe'
            ? disk.partitions.find((x) => x.offset === p['partitionOffset'])
            : disk.partitions.find((x) => x.driveLetter === 'C');
        if (!target) throw scriptError(script, 'WinReFix.IdentityMismatch', 'IdentityMismatch: no partition');
        winre.reagentc.status = 'Enabled';
        winre.reagentc.location = {
          diskNumber: disk.number,
          partitionNumber: target.number,
          path: `\\\\?\\GLOBALROOT\\device\\harddisk${disk.number}\\partition${target.number}\\Recovery\\WindowsRE`,
        };
        winre.activeImage = winre.stagedImage ?? winre.activeImage;
        winre.stagedImage = null;
        return { changed: true };
      }
      case 'Set-RecoveryPartitionAttributes': {
        const np = this.at(p, 'partitionOffset');
        if (np) np.gptAttributes = String(p['gptAttributes']);
        return { changed: true };
      }
      case 'Test-WinReHealth': {
        const offset = Number(p['partitionOffset']);
        const onTarget = this.at(p, 'partitionOffset') !== undefined && winre.reagentc.status === 'Enabled';
        return {
          changed: false,
          healthy: onTarget,
          status: winre.reagentc.status === 'Enabled' ? 'Enabled' : 'Disabled',
          landed: winre.reagentc.location
            ? {
                diskUniqueId: this.disk(p).uniqueId,
                diskNumber: winre.reagentc.location.diskNumber,
                partitionNumber: winre.reagentc.location.partitionNumber,
                offset,
                isOsVolume: false,
                onTarget,
                path: winre.reagentc.location.path,
              }
            : null,
          image: winre.activeImage
            ? { sha256: winre.activeImage.sha256, size: winre.activeImage.size }
            : null,
          winrePartitionOffsets: [offset],
          checks: [],
          ...this.healthOverride,
        };
      }
      // The Safe OS patch (docs/safeos-patch.md): the build leaves a patched copy (one version up, hash 'C'...),
      // the swap puts it in place of the staged image, the roll-back puts the old one back.
      case 'Build-PatchedWinReImage': {
        const from = String(p['fromVersion']);
        const parts = from.split('.');
        parts[3] = String(Number(parts[3]) + 1000);
        this.patched = {
          version: parts.join('.'),
          sha256: 'C'.repeat(64),
          original: winre.activeImage ?? winre.stagedImage,
        };
        return { changed: true, toVersion: this.patched.version, toSha256: this.patched.sha256, toSize: 1 };
      }
      case 'Install-PatchedWinReImage': {
        if (!this.patched || !winre.stagedImage || winre.reagentc.status !== 'Disabled')
          throw scriptError(script, 'WinReFix.UnexpectedState', 'UnexpectedState: nothing to swap');
        winre.stagedImage = {
          size: winre.stagedImage.size,
          sha256: this.patched.sha256,
          wim: { ...wimInfo(this.patched.version) },
        };
        return { changed: true };
      }
      case 'Restore-StagedWinReImage': {
        const original = this.patched?.original;
        if (!original) throw scriptError(script, 'WinReFix.UnexpectedState', 'UnexpectedState: no backup');
        if (winre.reagentc.status === 'Enabled') {
          winre.reagentc.status = 'Disabled';
          winre.reagentc.location = null;
          winre.activeImage = null;
        }
        winre.stagedImage = JSON.parse(JSON.stringify(original)) as typeof winre.stagedImage;
        return { changed: true };
      }
      case 'Test-PatchedWinReImage': {
        const image = winre.activeImage;
        return { changed: false, ok: true, version: image?.wim?.version ?? '', sha256: image?.sha256 ?? '' };
      }
      case 'Backup-RecoveryFiles':
      case 'Restore-RecoveryFiles':
      case 'Remove-WinReFixBackup':
      case 'Test-StagedWinReImage':
        return { changed: script !== 'Test-StagedWinReImage' };
      default:
        throw new Error(`the fake PC has no script ${script}`);
    }
  }
}

/** The journal kept in memory: each write is schema-checked (as the file journal does) and kept in `writes`. */
export class MemoryJournal implements JournalPort {
  readonly file = 'memory:journal.json';
  readonly writes: Journal[] = [];

  save(journal: Journal, now: string): Journal {
    const next: Journal = { ...journal, seq: journal.seq + 1, updatedAt: now, checksum: '0'.repeat(64) };
    next.checksum = journalChecksum(next);
    assertValid<Journal>('journal', next, 'journal (before write)');
    this.writes.push(JSON.parse(JSON.stringify(next)) as Journal);
    return next;
  }

  /** The last journal written, as a later run would read it back. */
  get last(): Journal {
    const last = this.writes.at(-1);
    if (!last) throw new Error('nothing was written');
    return JSON.parse(JSON.stringify(last)) as Journal;
  }
}

export interface Harness {
  readonly pc: FakePc;
  readonly journal: MemoryJournal;
  readonly events: RunEvent[];
  readonly pauses: number[];
  readonly executor: Executor;
}

/**
 * An executor over a fake PC and an in-memory journal, with a clock that moves one second per reading. With
 * `poweredOff`, its ports are wrapped as `--simulate` wraps them (src/simulation/power-cut.ts).
 */
export function harness(
  pc: FakePc = new FakePc(),
  over: Partial<ExecutorDeps> = {},
  poweredOff?: () => boolean,
): Harness {
  const journal = new MemoryJournal();
  const events: RunEvent[] = [];
  const pauses: number[] = [];
  let clock = Date.parse('2026-11-25T00:00:00.000Z');
  const ports: PoweredPorts = {
    runner: over.runner ?? pc.runner,
    gather: pc.gather,
    store: journal,
    sleep: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
  };
  const executor = new Executor({
    ...(poweredOff ? withPowerCuts(ports, poweredOff) : ports),
    now: () => new Date((clock += 1000)).toISOString(),
    emit: (e) => events.push(e),
    retryPauseMs: 30_000,
    toolVersion: '0.0.0-test',
    newRunId: () => '0123456789abcdef',
    progressEveryMs: 3_600_000,
    ...(over.shrinkRetry ? { shrinkRetry: over.shrinkRetry } : {}),
  });
  return { pc, journal, events, pauses, executor };
}

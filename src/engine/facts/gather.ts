/**
 * Builds the Snapshot from the read-only fact scripts. Each script's output has already passed its own schema in
 * the ScriptRunner; here the raw WinRE text is parsed (language-independent, src/domain), the pieces are joined,
 * the cross-script promises are checked, and the result must pass schemas/snapshot.schema.json before anyone
 * sees it.
 *
 * Disagreements between reagentc, ReAgent.xml and the registry are FACTS the planner judges, so they are kept as
 * data. A script that breaks its promise (partitions not in offset order, an active image that is not where
 * reagentc said) is a ContractViolationError: never repaired, never guessed.
 */
import type { NoteText } from '../../logging/events';
import { noteMessage } from '../../logging/notes';
import type { ScriptRunner } from '../../contracts/script-runner';
import type { GetBitLockerStatusOutput } from '../../contracts/generated/get-bit-locker-status';
import type { GetDiskLayoutOutput } from '../../contracts/generated/get-disk-layout';
import type { GetOsFactsOutput } from '../../contracts/generated/get-os-facts';
import type { GetUpdateFailureEvidenceOutput } from '../../contracts/generated/get-update-failure-evidence';
import type { GetWinReStatusOutput, Image } from '../../contracts/generated/get-win-re-status';
import type * as generated from '../../contracts/generated/snapshot';
import { parseReAgentXml } from '../../domain/reagent-xml';
import { parseReAgentCInfo } from '../../domain/reagentc-info';
import type { Snapshot, SnapshotPart } from '../../domain/snapshot';
import { ContractViolationError } from '../../errors';
import { assertValid } from '../../schemas/validators';

/** The fact scripts, in the order they run. All are `Get-` scripts: a read-only runner accepts them. */
export const FACT_SCRIPTS = [
  'Get-OsFacts',
  'Get-DiskLayout',
  'Get-WinReStatus',
  'Get-BitLockerStatus',
  'Get-UpdateFailureEvidence',
] as const;
export type FactScript = (typeof FACT_SCRIPTS)[number];

export interface GatherOptions {
  /** ISO time of the snapshot (the engine's clock, not the planner's). */
  readonly takenAt: string;
  readonly simulated: boolean;
  /** Receives each script's validated raw output (the reagentc lines, ReAgent.xml text...) for the logs. */
  readonly onScriptOutput?: (script: FactScript, output: unknown) => void;
  /** Receives notes about facts that were not fully readable (kept out of the snapshot's shape). */
  readonly onNote?: (note: {
    readonly script: FactScript;
    /** The note in English, as the log says it (from the note catalogue, src/logging/notes.ts). */
    readonly message: string;
    /** The note by catalogue key, for the console's language. */
    readonly text: NoteText;
  }) => void;
}

const HRESULT_INSTALL_FAILURE = -2147023293; // 0x80070643

function violation(script: FactScript, path: string, message: string): ContractViolationError {
  return new ContractViolationError(script, `ps-scripts/${script}.ps1 (promise in its help)`, [
    { path, message },
  ]);
}

function checkDiskLayout(layout: GetDiskLayoutOutput): void {
  const seen = new Set<number>();
  layout.disks.forEach((disk, d) => {
    if (seen.has(disk.number))
      throw violation('Get-DiskLayout', `/disks/${d}/number`, `disk ${disk.number} listed twice`);
    seen.add(disk.number);
    for (let i = 1; i < disk.partitions.length; i++) {
      if (disk.partitions[i]!.offset <= disk.partitions[i - 1]!.offset) {
        throw violation(
          'Get-DiskLayout',
          `/disks/${d}/partitions/${i}/offset`,
          'partitions are not in increasing offset order',
        );
      }
    }
  });
}

function image(found: Image | null): generated.WinReFacts['stagedImage'] {
  return found && found.present ? { size: found.size, sha256: found.sha256, wim: found.wim } : null;
}

function checkActiveImage(status: GetWinReStatusOutput, location: generated.ReAgentCInfo['location']): void {
  const active = status.activeImage;
  if (!location) {
    if (active)
      throw violation(
        'Get-WinReStatus',
        '/activeImage',
        'an active image was read although reagentc reported no location',
      );
    return;
  }
  const expected = `${location.path.replace(/\\+$/, '')}\\Winre.wim`.toLowerCase();
  if (!active || active.path.toLowerCase() !== expected) {
    throw violation(
      'Get-WinReStatus',
      '/activeImage/path',
      `expected the image at ${expected}, got ${active ? active.path : 'none'}`,
    );
  }
}

function evidenceOf(raw: GetUpdateFailureEvidenceOutput): generated.UpdateFailureEvidence {
  const failedUpdates = raw.failedUpdates.map((u) => ({ title: u.title, date: u.date, hresult: u.hresult }));
  // Event 20 adds what the history lacks (history can be cleared; the System log can be too: either may be empty).
  const titles = new Set(failedUpdates.map((u) => u.title));
  for (const e of raw.updateClientEvents) {
    if (!titles.has(e.title)) {
      failedUpdates.push({ title: e.title, date: e.timeCreated, hresult: HRESULT_INSTALL_FAILURE });
      titles.add(e.title);
    }
  }
  return {
    failedUpdates,
    winreAgentEvents: raw.winreAgentEvents.map((e) => ({
      id: e.id,
      timeCreated: e.timeCreated,
      message: e.message,
    })),
  };
}

/** What a step can change (defined with the snapshot, src/domain/snapshot.ts). */
export type { SnapshotPart };

/**
 * Re-reads only `parts` and takes everything else from `previous` (the OS facts and the update evidence do not
 * change during a fix). The result is validated like a full snapshot.
 */
export async function refreshSnapshot(
  runner: ScriptRunner,
  previous: Snapshot,
  parts: readonly SnapshotPart[],
  options: GatherOptions,
): Promise<Snapshot> {
  const run = async <T>(script: FactScript, params?: Record<string, unknown>): Promise<T> => {
    const output = await runner.run<T>(script, params);
    options.onScriptOutput?.(script, output);
    return output;
  };
  const next = JSON.parse(JSON.stringify(previous)) as generated.Snapshot;
  next.takenAt = options.takenAt;
  if (parts.includes('disks')) {
    const layout = await run<GetDiskLayoutOutput>('Get-DiskLayout');
    checkDiskLayout(layout);
    next.disks = layout.disks;
  }
  if (parts.includes('winre')) {
    const status = await run<GetWinReStatusOutput>('Get-WinReStatus');
    const reagentc = parseReAgentCInfo(status.reagentc);
    checkActiveImage(status, reagentc.location);
    next.winre = {
      reagentc,
      reagentXml: parseReAgentXml(status.reagentXml.text),
      registry: status.registry,
      stagedImage: image(status.stagedImage),
      activeImage: image(status.activeImage),
    };
  }
  if (parts.includes('bitlocker')) {
    const bitLocker = await run<GetBitLockerStatusOutput>('Get-BitLockerStatus', {
      SystemDrive: previous.os.systemDrive,
    });
    next.bitLocker = bitLocker.volumes;
  }
  return assertValid<Snapshot>('snapshot', next, 'refreshSnapshot');
}

/** Runs the fact scripts through `runner` (which should be read-only) and returns the validated Snapshot. */
export async function gatherSnapshot(runner: ScriptRunner, options: GatherOptions): Promise<Snapshot> {
  const note = (script: FactScript, text: NoteText): void =>
    options.onNote?.({ script, message: noteMessage(text, 'en'), text });
  const run = async <T>(script: FactScript, params?: Record<string, unknown>): Promise<T> => {
    const output = await runner.run<T>(script, params);
    options.onScriptOutput?.(script, output);
    return output;
  };

  const os = await run<GetOsFactsOutput>('Get-OsFacts');
  const layout = await run<GetDiskLayoutOutput>('Get-DiskLayout');
  checkDiskLayout(layout);
  const status = await run<GetWinReStatusOutput>('Get-WinReStatus');
  const bitLocker = await run<GetBitLockerStatusOutput>('Get-BitLockerStatus', {
    SystemDrive: os.systemDrive,
  });
  const evidence = await run<GetUpdateFailureEvidenceOutput>('Get-UpdateFailureEvidence');

  const reagentc = parseReAgentCInfo(status.reagentc);
  checkActiveImage(status, reagentc.location);
  if (status.reagentXml.present !== (status.reagentXml.text !== null)) {
    throw violation('Get-WinReStatus', '/reagentXml', 'present and text disagree');
  }

  if (!layout.elevated) note('Get-DiskLayout', { key: 'gpt-attributes-unread' });
  for (const u of bitLocker.unreadable)
    note('Get-BitLockerStatus', {
      key: 'fact-unreadable',
      params: { script: 'Get-BitLockerStatus', what: u.mountPoint, error: u.message },
    });
  for (const e of evidence.errors)
    note('Get-UpdateFailureEvidence', {
      key: 'fact-unreadable',
      params: { script: 'Get-UpdateFailureEvidence', what: e.source, error: e.message },
    });

  const snapshot: generated.Snapshot = {
    schemaVersion: 1,
    takenAt: options.takenAt,
    simulated: options.simulated,
    os,
    disks: layout.disks,
    winre: {
      reagentc,
      reagentXml: parseReAgentXml(status.reagentXml.text),
      registry: status.registry,
      stagedImage: image(status.stagedImage),
      activeImage: image(status.activeImage),
    },
    bitLocker: bitLocker.volumes,
    evidence: evidenceOf(evidence),
  };
  return assertValid<Snapshot>('snapshot', snapshot, 'gatherSnapshot');
}

/**
 * The status record: after every fix, resume and detect run (and an audit run given --status-record), a small set
 * of typed values under HKLM\SOFTWARE\winre-fix, so the Intune and ConfigMgr consoles show fleet compliance
 * without collecting files: ConfigMgr hardware inventory reads the key through a registry-property-provider class
 * (`winre-fix package configmgr`, inventory/), an Intune custom compliance script reads it
 * (`winre-fix package intune`, compliance/). docs/logs-and-reports.md, docs/deploy-intune.md,
 * docs/deploy-configmgr.md.
 *
 * A record that cannot be written never changes the run's outcome or exit code: it is a warning in the log.
 *
 * Read-only runs (detect; audit --status-record) write it through a runner of their own that is read-only but for
 * exactly Set-WinReFixStatusRecord (src/app/run-context.ts statusRecordRunner); the runner the command works
 * with stays read-only.
 */
import type { ScriptRunner } from '../contracts/script-runner';
import { SimulatedPowerCutError } from '../errors';
import type { Plan, WinRePatchLevel } from '../contracts/generated/plan';
import type { DeviceIds } from '../contracts/generated/get-os-facts';
import { primaryDeviceId } from '../domain/device-id';
import type { SetWinReFixStatusRecordResult } from '../contracts/generated/set-win-re-fix-status-record';
import type { Snapshot } from '../domain/snapshot';
import { MiB } from '../domain/units';
import { ExitCode } from '../contracts/exit-codes';
import type { RunEvent } from '../logging';
import { noteEvent } from '../logging/notes';
import { WinReFixError } from '../errors';
import { toolVersion } from '../version';

export const STATUS_RECORD_SCRIPT = 'Set-WinReFixStatusRecord';
/** Where the record lives (the 64-bit registry view: the tool runs 64-bit). */
export const STATUS_RECORD_KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix';

export type StatusRecordKind = 'String' | 'DWord';

export interface StatusRecordValue {
  readonly name: string;
  readonly kind: StatusRecordKind;
  /** Always written, or absent when unknown. */
  readonly always: boolean;
  readonly description: string;
}

/**
 * The record's values, in one list: the ps-script writes them, the ConfigMgr MOF and the Intune discovery script
 * read them (src/packaging/inventory.ts), and a test keeps all of them equal to this list.
 * ReasonCodes is one REG_SZ joined with ';' (not REG_MULTI_SZ): ConfigMgr hardware inventory does not collect
 * array properties, and Intune's compliance rules compare scalars.
 */
export const STATUS_RECORD_VALUES: readonly StatusRecordValue[] = [
  { name: 'SchemaVersion', kind: 'DWord', always: true, description: 'Layout version of this record (1).' },
  {
    name: 'Verdict',
    kind: 'String',
    always: true,
    description:
      'compliant, needs-fix, fixed, reboot-pending, refused, rolled-back, degraded or error (docs/logs-and-reports.md).',
  },
  {
    name: 'ReasonCodes',
    kind: 'String',
    always: true,
    description:
      "The run's reason codes joined with ';' (docs/cases.md); empty when there is nothing to say.",
  },
  {
    name: 'ExitCode',
    kind: 'DWord',
    always: true,
    description: 'The exit code the run meant (docs/exit-codes.md).',
  },
  { name: 'LastRunUtc', kind: 'String', always: true, description: 'When the run ended, ISO 8601 in UTC.' },
  { name: 'Command', kind: 'String', always: true, description: 'fix, resume, detect or audit.' },
  {
    name: 'RunId',
    kind: 'String',
    always: true,
    description: "The run's id: its log lines and report file carry it.",
  },
  { name: 'ToolVersion', kind: 'String', always: true, description: 'The winre-fix version that ran.' },
  { name: 'ComputerName', kind: 'String', always: true, description: "The PC's name as the run knew it." },
  {
    name: 'DeviceId',
    kind: 'String',
    always: false,
    description:
      "The PC's stable device id: the SMBIOS UUID (Intune's and ConfigMgr's hardware id), else the OS install's MachineGuid; absent when neither is known.",
  },
  {
    name: 'WinReFreeMiB',
    kind: 'DWord',
    always: false,
    description: 'Free MiB on the partition WinRE is on, as the run last read it; absent when unknown.',
  },
  {
    name: 'WinReEnabled',
    kind: 'DWord',
    always: false,
    description: '1 when reagentc reported WinRE enabled, 0 when disabled; absent when unknown.',
  },
  {
    name: 'WinReVersion',
    kind: 'String',
    always: false,
    description:
      "The WinRE image's version (MAJOR.MINOR.BUILD.SPBUILD, from its WIM metadata; docs/winre-patch-level.md); absent when unknown.",
  },
  {
    name: 'WinRePatchStatus',
    kind: 'String',
    always: false,
    description:
      'current, outdated, unknown or damaged: the WinRE image against the WinRE baseline the run used; absent when the run made no plan.',
  },
];

/** The run's side: a RunContext is one. */
export interface StatusRecordRun {
  readonly command: string;
  readonly runId: string;
  readonly computerName: string;
  /** The PC's identifiers as the run read them (RunContext.deviceIds); all null when it did not. */
  readonly deviceIds?: DeviceIds;
  /** The runner that may run STATUS_RECORD_SCRIPT, also in a read-only run (src/app/run-context.ts). */
  readonly statusRunner: ScriptRunner;
  readonly emit: (event: RunEvent) => void;
}

export interface StatusRecordInput {
  readonly verdict: string;
  readonly exitCode: number;
  readonly reasonCodes: readonly string[];
  /** The PC as the run last read it, when it did. */
  readonly snapshot?: Snapshot | undefined;
  /** The WinRE patch level of the run's plan, when it made one. */
  readonly patchLevel?: WinRePatchLevel | undefined;
}

/** Free MiB on the partition reagentc places WinRE on, and whether it is enabled; undefined when unknown. */
export function winReFacts(snapshot: Snapshot | undefined): { freeMiB?: number; enabled?: boolean } {
  if (!snapshot) return {};
  const info = snapshot.winre.reagentc;
  const enabled = info.status === 'Enabled' ? true : info.status === 'Disabled' ? false : undefined;
  let freeMiB: number | undefined;
  if (info.status === 'Enabled' && info.location) {
    const { diskNumber, partitionNumber } = info.location;
    const partition = snapshot.disks
      .find((d) => d.number === diskNumber)
      ?.partitions.find((p) => p.number === partitionNumber);
    if (partition?.volume) freeMiB = Math.floor(partition.volume.sizeRemaining / MiB);
  }
  return { ...(enabled !== undefined ? { enabled } : {}), ...(freeMiB !== undefined ? { freeMiB } : {}) };
}

/** Reason codes as the record keeps them: the ps-script's pattern, each once, in order. */
export function recordReasonCodes(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of codes) {
    const code = raw
      .toUpperCase()
      .replace(/[^A-Z0-9_]/g, '_')
      .slice(0, 64);
    if (code && !out.includes(code)) out.push(code);
  }
  return out.slice(0, 32);
}

/**
 * Writes the record; never throws. Returns what was written, or undefined when nothing was (the simulated PC lost
 * power, or the write failed: then a warning in the log says why).
 */
export async function writeStatusRecord(
  run: StatusRecordRun,
  input: StatusRecordInput,
  now: () => Date = () => new Date(),
): Promise<SetWinReFixStatusRecordResult | undefined> {
  // A run that found another one holding the lock (1618) leaves the record to that run, which writes it when it
  // ends.
  if (input.exitCode === ExitCode.Retry) return undefined;
  const facts = winReFacts(input.snapshot);
  const command = run.command.toLowerCase();
  try {
    const result = await run.statusRunner.run<SetWinReFixStatusRecordResult>(STATUS_RECORD_SCRIPT, {
      Verdict: input.verdict,
      ReasonCodes: recordReasonCodes(input.reasonCodes),
      ExitCode: input.exitCode,
      LastRunUnixMs: now().getTime(),
      Command: command,
      RunId: run.runId,
      ToolVersion: toolVersion(),
      ComputerName: input.snapshot?.os.computerName ?? run.computerName,
      DeviceId: primaryDeviceId(input.snapshot?.os.deviceIds ?? run.deviceIds) ?? '',
      WinReFreeMiB: facts.freeMiB ?? -1,
      WinReEnabled: facts.enabled === undefined ? -1 : facts.enabled ? 1 : 0,
      WinReVersion: input.patchLevel?.version ?? '',
      WinRePatchStatus: input.patchLevel?.status ?? '',
    });
    run.emit(
      noteEvent(
        'info',
        result.changed
          ? {
              key: 'status-record-written',
              params: {
                key: STATUS_RECORD_KEY,
                names: [...result.written, ...result.removed.map((r) => `-${r}`)].join(', '),
              },
            }
          : { key: 'status-record-unchanged', params: { key: STATUS_RECORD_KEY } },
      ),
    );
    return result;
  } catch (error) {
    // Nothing survives a power cut: after a simulated one the runner fails at once (src/simulation/power-cut.ts).
    if (error instanceof SimulatedPowerCutError) return undefined;
    run.emit(
      noteEvent('warn', {
        key: 'status-record-failed',
        params: { key: STATUS_RECORD_KEY, error: error instanceof Error ? error.message : String(error) },
      }),
    );
    return undefined;
  }
}

/** A failure's reason code: a typed error's code, or the `code` a command already took from it. */
function failureCode(failure: unknown): string {
  if (failure instanceof WinReFixError) return failure.code;
  const code = (failure as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !(failure instanceof Error) ? code : 'INTERNAL';
}

/** The record of a read-only run (detect, audit --status-record): its plan's verdict and reasons, or its error. */
export function readOnlyRunRecord(
  result: { readonly plan: Plan; readonly snapshot: Snapshot } | undefined,
  exitCode: number,
  failure?: unknown,
): StatusRecordInput {
  const codes = (result?.plan.reasons ?? []).map((r) => r.code);
  if (failure !== undefined) codes.push(failureCode(failure));
  return {
    verdict: failure !== undefined ? 'error' : (result?.plan.verdict ?? 'error'),
    exitCode,
    reasonCodes: codes,
    snapshot: result?.snapshot,
    patchLevel: result?.plan.winrePatchLevel,
  };
}

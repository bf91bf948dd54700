/**
 * The return-code tables an admin types into Intune (Win32 app) and ConfigMgr (script-installer deployment
 * type), derived from src/contracts/exit-codes.ts, the only place exit codes are defined.
 *
 * Intune's default list is 0 and 1707 success, 3010 softReboot, 1641 hardReboot, 1618 retry; Graph type
 * win32LobAppReturnCodeType = failed | success | softReboot | hardReboot | retry (docs/reference/fleet-tools.md#intune-win32-return-codes).
 * ConfigMgr's script-installer defaults are 0 Success, 1641 Hard Reboot, 3010 Soft Reboot, 1618 Fast Retry;
 * anything else is a failure (docs/reference/fleet-tools.md#configmgr-return-codes). Our own codes (20-29) are listed explicitly as failures so the
 * console shows them with a name instead of "unknown".
 */
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import { EXIT_CODE_MEANINGS } from '../domain/exit-code-meanings';

export type { ExitCodeName } from '../domain/exit-code-meanings';
import type { ExitCodeName } from '../domain/exit-code-meanings';
export type IntuneReturnCodeType = 'success' | 'softReboot' | 'hardReboot' | 'retry' | 'failed';
export type ConfigMgrCodeType = 'Success' | 'SoftReboot' | 'HardReboot' | 'FastRetry' | 'Failure';

export { EXIT_CODE_MEANINGS } from '../domain/exit-code-meanings';

export interface ReturnCodeRow<T extends string> {
  readonly returnCode: ExitCodeValue;
  readonly type: T;
  /** The ExitCode name in src/contracts/exit-codes.ts. */
  readonly name: ExitCodeName;
  readonly meaning: string;
}

/**
 * Every code of the table, in numeric order. Codes `fix` never returns (1, 20, 29) are listed too, as
 * failures: the table stays equal to exit-codes.ts and a surprise code still shows its name in the console.
 */
function allCodes(): { name: ExitCodeName; code: ExitCodeValue }[] {
  return (Object.entries(ExitCode) as [ExitCodeName, ExitCodeValue][])
    .map(([name, code]) => ({ name, code }))
    .sort((a, b) => a.code - b.code);
}

function intuneType(code: ExitCodeValue): IntuneReturnCodeType {
  switch (code) {
    case ExitCode.Success:
      return 'success';
    case ExitCode.SoftReboot:
      return 'softReboot';
    case ExitCode.HardReboot:
      return 'hardReboot';
    case ExitCode.Retry:
    case ExitCode.Deferred:
      return 'retry';
    default:
      return 'failed';
  }
}

function configMgrType(code: ExitCodeValue): ConfigMgrCodeType {
  switch (code) {
    case ExitCode.Success:
      return 'Success';
    case ExitCode.SoftReboot:
      return 'SoftReboot';
    case ExitCode.HardReboot:
      return 'HardReboot';
    case ExitCode.Retry:
    case ExitCode.Deferred:
      return 'FastRetry';
    default:
      return 'Failure';
  }
}

export function intuneReturnCodes(): ReturnCodeRow<IntuneReturnCodeType>[] {
  return allCodes().map(({ name, code }) => ({
    returnCode: code,
    type: intuneType(code),
    name,
    meaning: EXIT_CODE_MEANINGS[name],
  }));
}

export function configMgrReturnCodes(): ReturnCodeRow<ConfigMgrCodeType>[] {
  return allCodes().map(({ name, code }) => ({
    returnCode: code,
    type: configMgrType(code),
    name,
    meaning: EXIT_CODE_MEANINGS[name],
  }));
}

/** A fixed-width text table for README files and the console. */
export function returnCodeTable<T extends string>(
  rows: readonly ReturnCodeRow<T>[],
  typeHeader: string,
): string {
  const header = ['Code', typeHeader, 'Name', 'Meaning'];
  const cells = rows.map((r) => [String(r.returnCode), r.type, r.name, r.meaning]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]): string =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

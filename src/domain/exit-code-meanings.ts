/**
 * What each exit code means to an admin, in every language the tool speaks: the deployment tables
 * (src/packaging/return-codes.ts) and the error line a run ends with (src/cli/main.ts). Keyed by the ExitCode
 * names, so a code added to src/contracts/exit-codes.ts without a meaning here is a compile error.
 */
import type { ExitCode } from '../contracts/exit-codes';

export type ExitCodeName = keyof typeof ExitCode;

/** What each code means to an admin reading a deployment report (English: the tables Intune and ConfigMgr show). */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCodeName, string>> = {
  Success: 'Done: compliant, fixed, or nothing to do.',
  RemediationNeeded: '`detect` only: remediation is needed (never returned by fix).',
  SoftReboot: 'Done or safely parked; restart to finish. winre-fix resumes by itself after the restart.',
  HardReboot: 'Restart before anything else is installed; winre-fix resumes by itself after the restart.',
  Retry: 'Another winre-fix run holds the lock. Nothing was changed; retry later.',
  AuditNeedsFix: '`audit` only: this PC needs the fix and it can be applied.',
  Refused: 'Refused: the disk layout or state is one winre-fix will not touch. Nothing was changed.',
  FailedSafe: 'Failed before any change: the PC is as it was.',
  FailedDegraded:
    'Failed after changes: WinRE works but not as planned, or a resume is needed. Read the log.',
  Usage: 'Bad command line (check the install command).',
  Environment:
    'Environment not usable: PowerShell missing, not elevated, or unsupported OS. Nothing changed.',
  ContractViolation: 'A tool output or stored document broke its schema. Nothing was changed because of it.',
  JournalRejected: 'The checkpoint journal is truncated, tampered with, of another version or another disk.',
  Internal: 'A defect of winre-fix: please report it with the log.',
  SimulatedPowerCut: 'Simulation only (--simulate): the simulated PC lost power.',
  Deferred:
    'Windows setup has not finished (audit mode, OOBE, Autopilot enrollment): nothing was changed; retried later.',
  ImageRejected:
    'The image given with --wim cannot be used (not found, share unreachable or denied, wrong build or architecture, damaged). Nothing was changed.',
  KeepBackupRefused:
    'The --keep-backup folder was refused (see the KEEP_BACKUP_* reason): nothing was changed. Fix the folder or the command line.',
};

/** The same meanings in Chinese, for a run with --lang zh-CN (its error lines on stderr). */
export const EXIT_CODE_MEANINGS_ZH: Readonly<Record<ExitCodeName, string>> = {
  Success: '完成：已合规、已修复或无需处理。',
  RemediationNeeded: '仅 `detect`：需要修复（fix 从不返回此代码）。',
  SoftReboot: '已完成或已安全暂停；重新启动后完成。重新启动后 winre-fix 会自行继续。',
  HardReboot: '安装其他内容之前必须重新启动；重新启动后 winre-fix 会自行继续。',
  Retry: '另一个 winre-fix 运行持有锁。未做任何更改；请稍后重试。',
  AuditNeedsFix: '仅 `audit`：此电脑需要修复，并且可以修复。',
  Refused: '已拒绝：winre-fix 不会处理这种磁盘布局或状态。未做任何更改。',
  FailedSafe: '在任何更改之前失败：电脑保持原样。',
  FailedDegraded: '更改之后失败：WinRE 可用但与计划不同，或需要继续运行。请查看日志。',
  Usage: '命令行有误（请检查安装命令）。',
  Environment: '环境不可用：缺少 PowerShell、未以管理员身份运行或操作系统不受支持。未做任何更改。',
  ContractViolation: '工具输出或存储的文档不符合其架构。未因此做任何更改。',
  JournalRejected: '检查点日志被截断、被篡改、版本不同或属于另一块磁盘。',
  Internal: 'winre-fix 的缺陷：请连同日志一起报告。',
  SimulatedPowerCut: '仅模拟 (--simulate)：模拟的电脑断电。',
  Deferred: 'Windows 安装尚未完成 (审核模式、OOBE、Autopilot 注册)：未做任何更改；稍后重试。',
  ImageRejected:
    '--wim 指定的映像无法使用 (找不到、共享无法访问或被拒绝、版本或架构不符、已损坏)。未做任何更改。',
  KeepBackupRefused:
    '--keep-backup 文件夹被拒绝 (见 KEEP_BACKUP_* 原因)：未做任何更改。请更正文件夹或命令行。',
};

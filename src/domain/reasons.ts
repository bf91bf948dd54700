/**
 * The reason-code catalogue: every code the planner can give, its default severity, and its message in English
 * and Simplified Chinese (the language of the first users). Messages are templates over the reason's params
 * (`{name}`), so they can be translated without touching the planner. Codes are stable: admins filter on them.
 */
export type Language = 'en' | 'zh-CN';
export type Severity = 'info' | 'warning' | 'blocker' | 'cause';

interface Entry {
  readonly severity: Severity;
  readonly en: string;
  readonly 'zh-CN': string;
  /** What the admin can do (blockers), shown under the message. */
  readonly remedy?: { readonly en: string; readonly 'zh-CN': string };
}

export const REASONS = {
  WINRE_PARTITION_TOO_SMALL: {
    severity: 'cause',
    en: 'The WinRE partition has {free} free; WinRE updates such as KB5034441 need {needed}. This is why they fail with 0x80070643.',
    'zh-CN':
      'WinRE 分区只有 {free} 可用空间；KB5034441 等 WinRE 更新需要 {needed}。这就是更新以 0x80070643 失败的原因。',
  },
  WINRE_FIXED: {
    severity: 'info',
    en: 'WinRE is enabled on a {size} recovery partition with {free} free; WinRE updates such as KB5034441 need {needed}.',
    'zh-CN': 'WinRE 已在 {size} 的恢复分区上启用，可用空间 {free}；KB5034441 等 WinRE 更新需要 {needed}。',
  },
  WINRE_FIXED_RESTART: {
    severity: 'info',
    en: 'WinRE is enabled on a {size} recovery partition with {free} free; WinRE updates such as KB5034441 need {needed}. Restart the PC to finish: BitLocker protection resumes after the restart.',
    'zh-CN':
      'WinRE 已在 {size} 的恢复分区上启用，可用空间 {free}；KB5034441 等 WinRE 更新需要 {needed}。请重启电脑以完成：重启后 BitLocker 保护将恢复。',
  },
  WINRE_PATCHED: {
    severity: 'info',
    en: 'WinRE is patched with {kb}: {from} -> {to}, read from the enabled image itself; it is enabled on a {size} recovery partition with {free} free, and BitLocker trusts the new image.',
    'zh-CN':
      'WinRE 已使用 {kb} 修补：{from} -> {to} (读取自已启用的映像本身)；它已在 {size} 的恢复分区上启用，可用空间 {free}，BitLocker 信任新映像。',
  },
  WINRE_PATCHED_RESTART: {
    severity: 'info',
    en: 'WinRE is patched with {kb}: {from} -> {to}, read from the enabled image itself; it is enabled on a {size} recovery partition with {free} free. Restart the PC to finish: BitLocker protection resumes after the restart.',
    'zh-CN':
      'WinRE 已使用 {kb} 修补：{from} -> {to} (读取自已启用的映像本身)；它已在 {size} 的恢复分区上启用，可用空间 {free}。请重启电脑以完成：重启后 BitLocker 保护将恢复。',
  },
  WINRE_HAS_ENOUGH_SPACE: {
    severity: 'info',
    en: 'The WinRE partition has {free} free, at least the {needed} WinRE updates need. Nothing to do.',
    'zh-CN': 'WinRE 分区有 {free} 可用空间，不少于 WinRE 更新所需的 {needed}。无需处理。',
  },
  WINRE_ON_OS_VOLUME: {
    severity: 'info',
    en: 'WinRE lives on the Windows volume ({location}), which has {free} free: updates to WinRE have room there. Nothing to do.',
    'zh-CN': 'WinRE 位于 Windows 卷 ({location})，该卷有 {free} 可用空间，WinRE 更新有足够空间。无需处理。',
  },
  // Microsoft's WinRE technical reference: a separate partition "enables your users to use WinRE even if the Windows
  // partition is encrypted with Windows BitLocker Drive Encryption"
  // (https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-recovery-environment--windows-re--technical-reference);
  // docs/reference/bitlocker.md#winre-on-an-encrypted-c.
  WINRE_ON_ENCRYPTED_OS_VOLUME: {
    severity: 'cause',
    en: 'WinRE lives on the Windows volume ({location}), which BitLocker encrypts ({volumeStatus}): when BitLocker recovery locks C:, WinRE on it cannot start, and reagentc /enable refuses an encrypted volume. The fix moves WinRE to a recovery partition after C:.',
    'zh-CN':
      'WinRE 位于 BitLocker 加密的 Windows 卷 ({location}, {volumeStatus})：BitLocker 恢复锁定 C: 时，其上的 WinRE 无法启动，且 reagentc /enable 拒绝加密卷。修复会将 WinRE 移到 C: 之后的恢复分区。',
  },
  WINRE_DISABLED_WIM_STAGED: {
    severity: 'cause',
    en: 'WinRE is disabled; its image is staged at {path} ({size}). The fix enables it on a recovery partition with room for updates.',
    'zh-CN': 'WinRE 已禁用；其映像位于 {path} ({size})。修复会在有足够更新空间的恢复分区上启用它。',
  },
  WINRE_DISABLED_WIM_MISSING: {
    severity: 'blocker',
    en: 'WinRE is disabled and no Winre.wim was found in C:\\Windows\\System32\\Recovery or on a recovery partition.',
    'zh-CN': 'WinRE 已禁用，且在 C:\\Windows\\System32\\Recovery 或恢复分区上找不到 Winre.wim。',
    remedy: {
      en: 'Give winre-fix a Winre.wim of the same build with --wim <path or \\\\server\\share\\...> (it is verified, then staged), or restore it from installation media by hand (reagentc /setreimage).',
      'zh-CN':
        '请用 --wim <路径或 \\\\server\\share\\...> 为 winre-fix 提供相同版本的 Winre.wim (先验证后暂存)，或从安装介质手动恢复 (reagentc /setreimage)。',
    },
  },
  WINRE_DISABLED_WIM_SUPPLIED: {
    severity: 'cause',
    en: 'WinRE is disabled and {detail}. The fix stages the supplied image {path} (WinRE {version}, family {family}, SHA256 {sha256}) as C:\\Windows\\System32\\Recovery\\Winre.wim, hash-checked after the copy, and enables it on a recovery partition with room for updates.',
    'zh-CN':
      'WinRE 已禁用，且{detail}。修复会将提供的映像 {path} (WinRE {version}，{family} 系列，SHA256 {sha256}) 复制为 C:\\Windows\\System32\\Recovery\\Winre.wim (复制后校验哈希)，并在有足够更新空间的恢复分区上启用它。',
  },
  WIM_SUPPLIED_NOT_NEEDED: {
    severity: 'info',
    en: '--wim {path} is not used: {detail}. The file was not read.',
    'zh-CN': '未使用 --wim {path}：{detail}。未读取该文件。',
  },
  WIM_SUPPLIED_OUTDATED: {
    severity: 'warning',
    en: 'The supplied image is WinRE {version}, older than {minimum} ({kb}), the minimum of baseline "{baseline}": it is used (a WinRE is better than none), and Windows Update can patch it once the recovery partition has room.',
    'zh-CN':
      '提供的映像为 WinRE {version}，低于基线「{baseline}」的最低版本 {minimum} ({kb})：仍会使用它 (有 WinRE 总比没有好)，恢复分区有足够空间后 Windows 更新可以为其打补丁。',
  },
  WIM_SUPPLIED_NOT_FOUND: {
    severity: 'blocker',
    en: 'The image given with --wim was not found: {error}',
    'zh-CN': '找不到 --wim 指定的映像：{error}',
    remedy: {
      en: 'Check the path (an absolute path on the PC, or \\\\server\\share\\...\\Winre.wim).',
      'zh-CN': '请检查路径 (电脑上的绝对路径，或 \\\\server\\share\\...\\Winre.wim)。',
    },
  },
  WIM_SUPPLIED_UNREACHABLE: {
    severity: 'blocker',
    en: 'The share of the image given with --wim cannot be reached: {error}',
    'zh-CN': '无法访问 --wim 指定映像所在的共享：{error}',
    remedy: {
      en: 'Check that the server is up and reachable from the PC (name resolution, firewall, VPN), then run winre-fix again.',
      'zh-CN': '请确认服务器已运行且该电脑可以访问 (名称解析、防火墙、VPN)，然后重新运行 winre-fix。',
    },
  },
  WIM_SUPPLIED_SHARE_DENIED: {
    severity: 'blocker',
    en: 'The share refused to let {account} read the image given with --wim: {error}',
    'zh-CN': '共享拒绝 {account} 读取 --wim 指定的映像：{error}',
    remedy: {
      en: 'winre-fix runs as SYSTEM, which reaches file servers as the computer account ({account}): grant read on the share and on its files to that account or to "Domain Computers".',
      'zh-CN':
        'winre-fix 以 SYSTEM 身份运行，访问文件服务器时使用计算机帐户 ({account})：请在共享及其文件上授予该帐户或 "Domain Computers" 读取权限。',
    },
  },
  WIM_SUPPLIED_ACCESS_DENIED: {
    severity: 'blocker',
    en: 'The image given with --wim cannot be read: {error}',
    'zh-CN': '无法读取 --wim 指定的映像：{error}',
    remedy: {
      en: 'Give SYSTEM read access to the file, or copy it to a folder SYSTEM can read.',
      'zh-CN': '请授予 SYSTEM 对该文件的读取权限，或将其复制到 SYSTEM 可读取的文件夹。',
    },
  },
  WIM_SUPPLIED_UNREADABLE: {
    severity: 'blocker',
    en: 'The image given with --wim cannot be read: {error}',
    'zh-CN': '无法读取 --wim 指定的映像：{error}',
    remedy: {
      en: 'Give a path to a Winre.wim file.',
      'zh-CN': '请指定 Winre.wim 文件的路径。',
    },
  },
  WIM_SUPPLIED_DAMAGED: {
    severity: 'blocker',
    en: 'The image given with --wim ({path}) is damaged: {detail}.',
    'zh-CN': '--wim 指定的映像 ({path}) 已损坏：{detail}。',
    remedy: {
      en: 'Copy Winre.wim again from installation media or a healthy PC of the same build to the share.',
      'zh-CN': '请从相同版本的安装介质或正常电脑重新复制 Winre.wim 到共享。',
    },
  },
  WIM_SUPPLIED_NOT_WINRE: {
    severity: 'blocker',
    en: 'The image given with --wim ({path}) is not a WinRE image: image 1 is "{name}", edition {edition}, installation type {installationType} (WinRE says WindowsPE for both).',
    'zh-CN':
      '--wim 指定的映像 ({path}) 不是 WinRE 映像：映像 1 为 "{name}"，版本 {edition}，安装类型 {installationType} (WinRE 两者均为 WindowsPE)。',
    remedy: {
      en: 'Supply Winre.wim itself (install.wim holds it at Windows\\System32\\Recovery\\Winre.wim), not install.wim or boot.wim.',
      'zh-CN':
        '请提供 Winre.wim 本身 (位于 install.wim 的 Windows\\System32\\Recovery\\Winre.wim)，而不是 install.wim 或 boot.wim。',
    },
  },
  WIM_SUPPLIED_WRONG_ARCHITECTURE: {
    severity: 'blocker',
    en: 'The image given with --wim ({path}) is for {architecture}; this PC runs {expected}.',
    'zh-CN': '--wim 指定的映像 ({path}) 适用于 {architecture}；此电脑为 {expected}。',
    remedy: {
      en: "Supply the Winre.wim of the PC's architecture (one share folder per architecture and build family).",
      'zh-CN': '请提供与此电脑架构相同的 Winre.wim (每种架构和版本系列一个共享文件夹)。',
    },
  },
  WIM_SUPPLIED_WRONG_FAMILY: {
    severity: 'blocker',
    en: 'The image given with --wim ({path}) is WinRE {version} (family {family}); this PC (OS build {osBuild}, {releases}) carries WinRE family {expected}.',
    'zh-CN':
      '--wim 指定的映像 ({path}) 为 WinRE {version} ({family} 系列)；此电脑 (OS 版本 {osBuild}，{releases}) 使用 WinRE {expected} 系列。',
    remedy: {
      en: 'Supply a Winre.wim of family {expected} (e.g. from media of the same release); WinRE is versioned by its own build, not the OS build.',
      'zh-CN':
        '请提供 {expected} 系列的 Winre.wim (例如来自相同版本的安装介质)；WinRE 按其自身版本号而非 OS 版本号编号。',
    },
  },
  WIM_SUPPLIED_FAMILY_UNKNOWN: {
    severity: 'blocker',
    en: 'winre-fix does not know which WinRE build family OS build {osBuild} carries, so it cannot check the image given with --wim ({path}).',
    'zh-CN':
      'winre-fix 不知道 OS 版本 {osBuild} 使用哪个 WinRE 版本系列，因此无法检查 --wim 指定的映像 ({path})。',
    remedy: {
      en: 'Restore Winre.wim by hand (reagentc /setreimage) or use a winre-fix version that knows this build.',
      'zh-CN': '请手动恢复 Winre.wim (reagentc /setreimage)，或使用支持此版本的 winre-fix。',
    },
  },
  WINRE_STATUS_UNKNOWN: {
    severity: 'blocker',
    en: 'reagentc /info did not report a usable WinRE status (exit code {exitCode}).',
    'zh-CN': 'reagentc /info 未报告可用的 WinRE 状态 (退出代码 {exitCode})。',
    remedy: {
      en: 'Run "reagentc /info" on the PC and check C:\\Windows\\Logs\\ReAgent\\ReAgent.log.',
      'zh-CN': '请在该电脑上运行 "reagentc /info" 并检查 C:\\Windows\\Logs\\ReAgent\\ReAgent.log。',
    },
  },
  WINRE_LOCATION_INCONSISTENT: {
    severity: 'blocker',
    en: 'reagentc reports WinRE on disk {disk} partition {partition}, but {detail}.',
    'zh-CN': 'reagentc 报告 WinRE 位于磁盘 {disk} 分区 {partition}，但 {detail}。',
    remedy: {
      en: 'Check "reagentc /info" and C:\\Windows\\System32\\Recovery\\ReAgent.xml by hand; winre-fix does not guess which is right.',
      'zh-CN':
        '请手动检查 "reagentc /info" 和 C:\\Windows\\System32\\Recovery\\ReAgent.xml；winre-fix 不会猜测哪个正确。',
    },
  },
  RECOVERY_BEFORE_OS: {
    severity: 'info',
    en: "The WinRE partition ({size}) lies before the Windows partition, so it cannot grow. The fix creates a new recovery partition after Windows, as Microsoft's own script does, and leaves the old one in place.",
    'zh-CN':
      'WinRE 分区 ({size}) 位于 Windows 分区之前，无法扩展。修复会像 Microsoft 官方脚本一样在 Windows 分区之后新建恢复分区，并保留旧分区。',
  },
  PARTITION_BETWEEN_OS_AND_RECOVERY: {
    severity: 'blocker',
    en: 'Partition {partition} ({type}, {size}) lies between the Windows partition and the WinRE partition; the WinRE partition cannot grow into C: space.',
    'zh-CN':
      '分区 {partition} ({type}, {size}) 位于 Windows 分区和 WinRE 分区之间；WinRE 分区无法使用 C: 的空间扩展。',
    remedy: {
      en: 'Move or remove that partition by hand, or relocate WinRE; winre-fix does not move other partitions.',
      'zh-CN': '请手动移动或删除该分区，或重新放置 WinRE；winre-fix 不会移动其他分区。',
    },
  },
  RECOVERY_ON_OTHER_DISK: {
    severity: 'blocker',
    en: 'WinRE is on disk {disk}, not on the Windows disk {osDisk}.',
    'zh-CN': 'WinRE 位于磁盘 {disk}，而不是 Windows 所在的磁盘 {osDisk}。',
    remedy: {
      en: 'This layout is unusual; fix it by hand following KB5028997 on the disk that holds WinRE.',
      'zh-CN': '这种布局不常见；请按照 KB5028997 在 WinRE 所在磁盘上手动处理。',
    },
  },
  OEM_RECOVERY_PARTITION_LARGE: {
    severity: 'blocker',
    en: 'The recovery partition {partition} is {size}, larger than {limit}: it is an OEM image partition and winre-fix never deletes it.',
    'zh-CN': '恢复分区 {partition} 大小为 {size}，超过 {limit}：这是 OEM 映像分区，winre-fix 不会删除它。',
    remedy: {
      en: 'Ask the PC vendor how to service WinRE on this model, or move WinRE to its own partition by hand.',
      'zh-CN': '请咨询电脑厂商如何在此型号上维护 WinRE，或手动将 WinRE 移到单独分区。',
    },
  },
  BITLOCKER_CONVERSION_IN_PROGRESS: {
    severity: 'blocker',
    en: 'BitLocker is {state} on {mountPoint} ({percent}%); partitions must not change until it finishes.',
    'zh-CN': '{mountPoint} 上的 BitLocker 正在{state} ({percent}%)；完成之前不能更改分区。',
    remedy: {
      en: 'Wait until encryption or decryption completes (manage-bde -status), then run winre-fix again.',
      'zh-CN': '请等待加密或解密完成 (manage-bde -status)，然后重新运行 winre-fix。',
    },
  },
  BITLOCKER_LOCKED: {
    severity: 'blocker',
    en: 'The BitLocker volume {mountPoint} is locked.',
    'zh-CN': 'BitLocker 卷 {mountPoint} 已锁定。',
    remedy: { en: 'Unlock the volume first.', 'zh-CN': '请先解锁该卷。' },
  },
  BITLOCKER_WILL_SUSPEND: {
    severity: 'warning',
    en: 'BitLocker protection is on for {mountPoint}: the fix suspends it for exactly one restart before changing partitions, and it resumes by itself after that restart (exit code 3010 asks for it).',
    'zh-CN':
      '{mountPoint} 的 BitLocker 保护已开启：修复会在更改分区前将其暂停一次重启，重启后自动恢复 (退出代码 3010 请求重启)。',
  },
  INSUFFICIENT_SHRINK_SPACE: {
    severity: 'blocker',
    en: 'C: must shrink by {shrink}, but {detail}.',
    'zh-CN': 'C: 需要缩小 {shrink}，但 {detail}。',
    remedy: {
      en: 'Free space on C: (or defragment to move unmovable files such as the page file and hibernation file), then run winre-fix again.',
      'zh-CN':
        '请释放 C: 的空间 (或整理碎片、移动页面文件和休眠文件等不可移动文件)，然后重新运行 winre-fix。',
    },
  },
  SHRINK_LIMIT_WILL_RETRY: {
    severity: 'warning',
    en: 'C: must shrink by {shrink}, but Windows can shrink it by at most {maxShrink} now (files it cannot move lie near the end of C:). The fix tries anyway, at most {attempts} times: {immediate} more at once, {paused} after a {pauseSeconds} s pause, and one after free-space consolidation (defrag {drive} /X, at most {defragMinutes} min); if Windows still refuses, it stops with nothing changed (exit 22) and lists every attempt.',
    'zh-CN':
      'C: 需要缩小 {shrink}，但 Windows 目前最多只能缩小 {maxShrink} (C: 末尾附近有无法移动的文件)。修复仍会尝试，最多 {attempts} 次：立即重试 {immediate} 次，暂停 {pauseSeconds} 秒后重试 {paused} 次，并在整理可用空间 (defrag {drive} /X，最长 {defragMinutes} 分钟) 后再试一次；若 Windows 仍拒绝，则不做任何更改地停止 (退出代码 22) 并列出每次尝试。',
  },
  SHRINK_LADDER_REMEMBERED: {
    severity: 'warning',
    en: 'On {since} the whole shrink retry ladder, defrag {drive} /X included, could not shrink C: as it is now (same partition, size, free space and shrink limit): until {until} the fix skips the defrag step and stops with nothing changed (exit 22) if the quicker attempts are refused too.',
    'zh-CN':
      '{since} 时完整的缩小重试流程 (包括 defrag {drive} /X) 未能缩小当前的 C: (分区、大小、可用空间和缩小上限均相同)：在 {until} 之前，修复将跳过整理碎片步骤，若较快的尝试也被拒绝，则不做任何更改地停止 (退出代码 22)。',
    remedy: {
      en: 'To run the whole ladder again now, defrag included, run winre-fix fix --retry-shrink; freeing space on C: or resizing it also makes the next fix try defrag again.',
      'zh-CN':
        '若要立即重新运行完整流程 (包括整理碎片)，请运行 winre-fix fix --retry-shrink；释放 C: 的空间或调整其大小后，下次修复也会再次尝试整理碎片。',
    },
  },
  VOLUME_DIRTY: {
    severity: 'blocker',
    en: 'The volume {volume} is marked dirty (a disk check is pending); Windows refuses to shrink it.',
    'zh-CN': '卷 {volume} 被标记为脏 (等待磁盘检查)；Windows 拒绝缩小它。',
    remedy: {
      en: 'Run chkdsk {volume} /f and restart, then run winre-fix again.',
      'zh-CN': '请运行 chkdsk {volume} /f 并重启，然后重新运行 winre-fix。',
    },
  },
  MBR_NO_FREE_SLOT: {
    severity: 'blocker',
    en: 'The MBR disk already has {count} primary partitions; a new recovery partition needs a free slot.',
    'zh-CN': 'MBR 磁盘已有 {count} 个主分区；新建恢复分区需要空闲槽位。',
    remedy: {
      en: 'Convert the disk to GPT (mbr2gpt) or free a partition slot by hand.',
      'zh-CN': '请将磁盘转换为 GPT (mbr2gpt) 或手动腾出分区槽位。',
    },
  },
  DYNAMIC_DISK: {
    severity: 'blocker',
    en: 'Disk {disk} is a dynamic disk; its partitions are managed by LDM, not by the basic-disk rules KB5028997 relies on.',
    'zh-CN': '磁盘 {disk} 是动态磁盘；其分区由 LDM 管理，不适用 KB5028997 所依赖的基本磁盘规则。',
    remedy: { en: 'Fix by hand.', 'zh-CN': '请手动处理。' },
  },
  DISK_NOT_WRITABLE: {
    severity: 'blocker',
    en: 'Disk {disk} is offline or read-only.',
    'zh-CN': '磁盘 {disk} 处于脱机或只读状态。',
    remedy: { en: 'Bring the disk online and writable.', 'zh-CN': '请将磁盘联机并设为可写。' },
  },
  SERVER_CORE: {
    severity: 'blocker',
    en: 'This is Windows Server Core; winre-fix leaves servers to a person unless --allow-server-core is given.',
    'zh-CN': '这是 Windows Server Core；除非指定 --allow-server-core，winre-fix 会将服务器留给管理员处理。',
    remedy: {
      en: 'Review the audit and run with --allow-server-core in a maintenance window.',
      'zh-CN': '请审阅审计结果，并在维护窗口中使用 --allow-server-core 运行。',
    },
  },
  WINRE_IMAGE_CURRENT: {
    severity: 'info',
    en: 'WinRE image {version} (read from {from}) is at or above {minimum}, the minimum of baseline "{baseline}" for WinRE family {family}.',
    'zh-CN':
      'WinRE 映像 {version} (读取自{from}) 不低于基线「{baseline}」对 WinRE {family} 系列要求的最低版本 {minimum}。',
  },
  WINRE_IMAGE_OUTDATED: {
    severity: 'warning',
    en: 'WinRE image {version} (read from {from}) is older than {minimum} ({kb}), the minimum of baseline "{baseline}" for WinRE family {family}; {detail}.',
    'zh-CN':
      'WinRE 映像 {version} (读取自{from}) 低于基线「{baseline}」对 WinRE {family} 系列要求的最低版本 {minimum} ({kb})；{detail}。',
    remedy: {
      en: 'Install {kb} or later: through Windows Update once the recovery partition has room, or add its Safe OS Dynamic Update from the Microsoft Update Catalog to WinRE (Microsoft: "Add an update package to Windows RE").',
      'zh-CN':
        '请安装 {kb} 或更高版本：恢复分区有足够空间后通过 Windows 更新安装，或将 Microsoft 更新目录中对应的 Safe OS 动态更新添加到 WinRE (Microsoft 文档「向 Windows RE 添加更新包」)。',
    },
  },
  WINRE_IMAGE_DAMAGED: {
    severity: 'warning',
    en: 'The WinRE image (read from {from}) says a write to it never finished (WIM header flag WRITE_IN_PROGRESS): it is damaged, whatever its version {version}.',
    'zh-CN':
      'WinRE 映像 (读取自{from}) 的 WIM 头标记显示写入从未完成 (WRITE_IN_PROGRESS)：无论其版本 {version} 为何，映像均已损坏。',
    remedy: {
      en: 'Replace Winre.wim with a good copy of the same build (reagentc /setreimage), then run winre-fix again.',
      'zh-CN': '请用相同版本的完好 Winre.wim 替换 (reagentc /setreimage)，然后重新运行 winre-fix。',
    },
  },
  WINRE_FAMILY_NOT_IN_BASELINE: {
    severity: 'warning',
    en: 'WinRE image {version} (read from {from}) belongs to WinRE family {family}, for which baseline "{baseline}" has no minimum.',
    'zh-CN':
      'WinRE 映像 {version} (读取自{from}) 属于 WinRE {family} 系列，基线「{baseline}」未规定该系列的最低版本。',
    remedy: {
      en: 'Add the family to the baseline file given with --winre-baseline.',
      'zh-CN': '请在 --winre-baseline 指定的基线文件中添加该系列。',
    },
  },
  WINRE_VERSION_UNKNOWN: {
    severity: 'warning',
    en: 'The WinRE version could not be read (WIM metadata: {error}; no Windows RE Version line; no WinREVersion registry value).',
    'zh-CN':
      '无法读取 WinRE 版本 (WIM 元数据：「{error}」；没有 Windows RE 版本行；没有 WinREVersion 注册表值)。',
  },
  STALE_IMAGE_LOCATION: {
    severity: 'warning',
    en: "ReAgent.xml still names a staged image location ({path}, offset {offset}) although WinRE is enabled; the fix blanks it before reagentc /disable, as Microsoft's KB5028997 sample script does.",
    'zh-CN':
      'WinRE 已启用，但 ReAgent.xml 仍记录暂存映像位置 ({path}，偏移量 {offset})；修复会在 reagentc /disable 之前将其清空，与 Microsoft 的 KB5028997 示例脚本一致。',
  },
  SETUP_NOT_COMPLETE: {
    severity: 'blocker',
    en: 'Windows setup has not finished on this PC (ImageState {state}: audit mode, OOBE or Autopilot enrollment); reagentc /enable fails there with 0x4c7, so winre-fix waits and changes nothing.',
    'zh-CN':
      '此电脑尚未完成 Windows 安装 (ImageState {state}：审核模式、OOBE 或 Autopilot 注册)；此时 reagentc /enable 会以 0x4c7 失败，因此 winre-fix 等待且不做任何更改。',
    remedy: {
      en: 'Nothing to do by hand: run winre-fix again after setup completes (exit code 30 asks the deployment tool to retry later).',
      'zh-CN': '无需手动处理：Windows 安装完成后重新运行 winre-fix (退出代码 30 请部署工具稍后重试)。',
    },
  },
  KEEP_BACKUP_PATH_INVALID: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" is not an absolute local folder: {detail}. Nothing was changed.',
    'zh-CN': '--keep-backup "{folder}" 不是本地绝对路径的文件夹：{detail}。未做任何更改。',
    remedy: {
      en: 'Give a full path on a local drive, such as D:\\WinReBackups.',
      'zh-CN': '请提供本地驱动器上的完整路径，例如 D:\\WinReBackups。',
    },
  },
  KEEP_BACKUP_UNC: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" is a network (UNC) path: winre-fix runs as SYSTEM, reaches a share as the computer account and cannot restrict the copy to this PC\'s SYSTEM and Administrators there. Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}" 是网络 (UNC) 路径：winre-fix 以 SYSTEM 身份运行，以计算机帐户访问共享，无法将副本限制为此电脑的 SYSTEM 和 Administrators。未做任何更改。',
    remedy: {
      en: 'Keep the copy on a local NTFS drive; collect it from there if it must reach a share.',
      'zh-CN': '请将副本保存在本地 NTFS 驱动器上；如需放到共享上，再从本地收集。',
    },
  },
  KEEP_BACKUP_IN_STATE_FOLDER: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" lies inside winre-fix\'s state folder, whose backups winre-fix deletes. Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}" 位于 winre-fix 的状态文件夹内，winre-fix 会删除其中的备份。未做任何更改。',
    remedy: {
      en: 'Choose a folder outside %ProgramData%\\winre-fix.',
      'zh-CN': '请选择 %ProgramData%\\winre-fix 之外的文件夹。',
    },
  },
  KEEP_BACKUP_ON_RECOVERY: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" lies on the recovery partition (partition {partition}) whose content it would keep. Nothing was changed.',
    'zh-CN': '--keep-backup "{folder}" 位于其内容要被保存的恢复分区 (分区 {partition}) 上。未做任何更改。',
    remedy: {
      en: 'Choose a folder on another volume, such as C: or a data drive.',
      'zh-CN': '请选择其他卷上的文件夹，例如 C: 或数据驱动器。',
    },
  },
  KEEP_BACKUP_LINK: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" goes through a junction, symbolic link or mount point ({link}); winre-fix never writes through one. Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}" 经过联接点、符号链接或装入点 ({link})；winre-fix 绝不经由它们写入。未做任何更改。',
    remedy: {
      en: 'Give the real path of the folder, with no link on the way.',
      'zh-CN': '请提供该文件夹的真实路径，路径上不能有链接。',
    },
  },
  KEEP_BACKUP_NO_VOLUME: {
    severity: 'blocker',
    en: '--keep-backup "{folder}": {drive} is not a local volume (no such drive, or a subst or network drive). Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}"：{drive} 不是本地卷 (没有该驱动器，或为 subst 或网络驱动器)。未做任何更改。',
    remedy: {
      en: 'Choose a folder on a local NTFS drive.',
      'zh-CN': '请选择本地 NTFS 驱动器上的文件夹。',
    },
  },
  KEEP_BACKUP_NOT_NTFS: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" is on a {driveType} volume formatted {fileSystem}; the copy needs a fixed NTFS volume to be restricted to SYSTEM and Administrators. Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}" 位于 {driveType} 卷 (文件系统 {fileSystem}) 上；副本需要固定 NTFS 卷才能限制为 SYSTEM 和 Administrators。未做任何更改。',
    remedy: {
      en: 'Choose a folder on a fixed NTFS drive.',
      'zh-CN': '请选择固定 NTFS 驱动器上的文件夹。',
    },
  },
  KEEP_BACKUP_NOT_A_FOLDER: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" is a file, not a folder. Nothing was changed.',
    'zh-CN': '--keep-backup "{folder}" 是文件，不是文件夹。未做任何更改。',
  },
  KEEP_BACKUP_FOLDER_NOT_EMPTY: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" already holds {entries} entries and is not a folder winre-fix made for {computer} (no {marker} naming it); winre-fix does not mix its copies into another folder. Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}" 已有 {entries} 个条目，且不是 winre-fix 为 {computer} 创建的文件夹 (没有指明它的 {marker})；winre-fix 不会将副本混入其他文件夹。未做任何更改。',
    remedy: {
      en: 'Name a new or empty folder; winre-fix makes one sub-folder per run in it, so the same folder serves every later run.',
      'zh-CN':
        '请指定新的或空的文件夹；winre-fix 每次运行在其中创建一个子文件夹，之后的运行可继续使用同一文件夹。',
    },
  },
  KEEP_BACKUP_NO_SPACE: {
    severity: 'blocker',
    en: '--keep-backup "{folder}": the copy needs {need} and its volume has {free} free ({detail}). Nothing was changed.',
    'zh-CN':
      '--keep-backup "{folder}"：副本需要 {need}，其所在卷只有 {free} 可用空间 ({detail})。未做任何更改。',
    remedy: {
      en: 'Free space there or choose another volume.',
      'zh-CN': '请释放该卷空间或选择其他卷。',
    },
  },
  KEEP_BACKUP_NOT_READ: {
    severity: 'blocker',
    en: '--keep-backup "{folder}" could not be examined ({error}); winre-fix writes nowhere it could not check. Nothing was changed.',
    'zh-CN': '无法检查 --keep-backup "{folder}" ({error})；winre-fix 不会写入未经检查的位置。未做任何更改。',
  },
  KEEP_BACKUP_NOTHING_TO_KEEP: {
    severity: 'warning',
    en: '--keep-backup "{folder}": this fix backs up no recovery partition (it deletes none and moves no WinRE), so there is nothing to keep.',
    'zh-CN':
      '--keep-backup "{folder}"：此次修复不备份任何恢复分区 (不删除分区，也不移动 WinRE)，因此无需保存副本。',
  },
  NOT_ELEVATED: {
    severity: 'blocker',
    en: 'winre-fix is not running elevated; the storage commands and reagentc need administrator rights.',
    'zh-CN': 'winre-fix 未以管理员权限运行；存储命令和 reagentc 需要管理员权限。',
    remedy: {
      en: 'Run as SYSTEM (Intune/ConfigMgr do) or from an elevated prompt.',
      'zh-CN': '请以 SYSTEM 身份 (Intune/ConfigMgr 即如此) 或在提升的命令提示符中运行。',
    },
  },
  PENDING_REBOOT: {
    severity: 'blocker',
    en: 'A restart is pending ({reasons}); partition changes wait until after it.',
    'zh-CN': '有挂起的重启 ({reasons})；分区更改需等到重启之后。',
    remedy: {
      en: 'Restart the PC, then run winre-fix again.',
      'zh-CN': '请重启电脑，然后重新运行 winre-fix。',
    },
  },
  OS_PARTITION_NOT_FOUND: {
    severity: 'blocker',
    en: 'The partition holding Windows ({drive}) was not found among the disks.',
    'zh-CN': '在磁盘中找不到 Windows 所在的分区 ({drive})。',
  },
  NO_ROOM_FOR_RECOVERY: {
    severity: 'blocker',
    en: 'There is no room after the Windows partition for a recovery partition of {size}.',
    'zh-CN': 'Windows 分区之后没有空间容纳 {size} 的恢复分区。',
  },
  UPDATE_FAILURE_EVIDENCE: {
    severity: 'info',
    en: '{count} failed installs of {updates} with 0x80070643 in the update history; {events} WinREAgent 4502 event(s).',
    'zh-CN': '更新历史中有 {count} 次 {updates} 安装失败 (0x80070643)；WinREAgent 4502 事件 {events} 个。',
  },
  NO_UPDATE_FAILURE_EVIDENCE: {
    severity: 'info',
    en: 'No failed KB5034441/KB5034439 install and no WinREAgent 4502 event were found; the verdict rests on the partition sizes alone.',
    'zh-CN': '未发现 KB5034441/KB5034439 安装失败或 WinREAgent 4502 事件；结论仅基于分区大小。',
  },
  FREE_SPACE_USED: {
    severity: 'info',
    en: '{free} of unallocated space next to the WinRE partition is used first; C: shrinks by {shrink}.',
    'zh-CN': '优先使用 WinRE 分区旁 {free} 的未分配空间；C: 缩小 {shrink}。',
  },
  RECOVERY_ENCRYPTED: {
    severity: 'info',
    en: 'The WinRE partition itself is BitLocker-encrypted (Device Encryption); the fix recreates it typed as recovery so reagentc can use it.',
    'zh-CN':
      'WinRE 分区本身已被 BitLocker 加密 (设备加密)；修复会以恢复类型重新创建该分区，以便 reagentc 使用。',
  },
  SAFEOS_PATCH_PLANNED: {
    severity: 'cause',
    en: 'WinRE image {version} gets the Safe OS update {kb} offline: a copy is patched and verified, then swapped in while WinRE is disabled, and reagentc /enable records its hash for BitLocker.',
    'zh-CN':
      'WinRE 映像 {version} 将离线安装 Safe OS 更新 {kb}：先修补并验证一份副本，在 WinRE 禁用期间替换，再由 reagentc /enable 为 BitLocker 记录其哈希。',
  },
  SAFEOS_PACKAGE_MISSING: {
    severity: 'blocker',
    en: 'The Safe OS package {path} was not found ({error}).',
    'zh-CN': '找不到 Safe OS 更新包 {path} ({error})。',
    remedy: {
      en: 'Give the full path of the .cab or .msu downloaded from the Microsoft Update Catalog ("Safe OS Dynamic Update" for this Windows release and architecture).',
      'zh-CN':
        '请提供从 "Microsoft Update Catalog" 下载的 `.cab` 或 `.msu` 的完整路径 (适用于此 Windows 版本和体系结构的“Safe OS 动态更新”)。',
    },
  },
  SAFEOS_PACKAGE_UNREADABLE: {
    severity: 'blocker',
    en: 'The Safe OS package {path} cannot be read ({error}).',
    'zh-CN': '无法读取 Safe OS 更新包 {path} ({error})。',
    remedy: {
      en: 'Copy the package to a local folder SYSTEM can read, then run winre-fix again.',
      'zh-CN': '请将更新包复制到 SYSTEM 可读取的本地文件夹，然后重新运行 winre-fix。',
    },
  },
  SAFEOS_NOT_A_PACKAGE: {
    severity: 'blocker',
    en: '{path} is not an update package: DISM adds only .cab and .msu files.',
    'zh-CN': '{path} 不是更新包：DISM 只能添加 `.cab` 和 `.msu` 文件。',
  },
  SAFEOS_ARCHITECTURE_MISMATCH: {
    severity: 'blocker',
    en: 'The Safe OS package {kb} is for {packageArch}, but the WinRE image is {imageArch}: DISM would refuse it as not applicable (0x800f081e).',
    'zh-CN':
      'Safe OS 更新包 {kb} 适用于 {packageArch}，而 WinRE 映像为 {imageArch}：DISM 会以“不适用”(0x800f081e) 拒绝。',
    remedy: {
      en: 'Download the package of the same architecture as the PC from the Microsoft Update Catalog.',
      'zh-CN': '请从 "Microsoft Update Catalog" 下载与电脑体系结构相同的更新包。',
    },
  },
  SAFEOS_ALREADY_CURRENT: {
    severity: 'info',
    en: 'WinRE image {version} is already at or above {minimum}, the version {kb} brings (baseline "{baseline}"): the patch is not needed.',
    'zh-CN': 'WinRE 映像 {version} 已不低于 {kb} 带来的版本 {minimum} (基线「{baseline}」)：无需修补。',
  },
  SAFEOS_IMAGE_UNREADABLE: {
    severity: 'blocker',
    en: 'The WinRE image cannot be patched: its WIM metadata is unreadable or damaged ({error}), so no version can be compared before and after.',
    'zh-CN': '无法修补 WinRE 映像：其 WIM 元数据不可读或已损坏 ({error})，无法比较修补前后的版本。',
    remedy: {
      en: 'Restore a whole Winre.wim of the same build (reagentc /setreimage), then run winre-fix again.',
      'zh-CN': '请恢复相同版本的完整 Winre.wim (reagentc /setreimage)，然后重新运行 winre-fix。',
    },
  },
  SAFEOS_WINRE_ON_OS_VOLUME: {
    severity: 'blocker',
    en: 'WinRE lives on the Windows volume ({location}); winre-fix patches WinRE only on a recovery partition or staged in C:\\Windows\\System32\\Recovery.',
    'zh-CN':
      'WinRE 位于 Windows 卷 ({location})；winre-fix 只修补恢复分区上或暂存在 C:\\Windows\\System32\\Recovery 中的 WinRE。',
  },
  SAFEOS_NO_ROOM_ON_OS_VOLUME: {
    severity: 'blocker',
    en: 'Patching a copy of Winre.wim needs {need} free on C: (copy, mount, export, DISM scratch) after this run; C: would have {free}.',
    'zh-CN':
      '修补 Winre.wim 副本需要 C: 在本次运行后有 {need} 可用空间 (副本、装载、导出、DISM 暂存)；C: 将只有 {free}。',
    remedy: {
      en: 'Free space on C:, then run winre-fix again.',
      'zh-CN': '请释放 C: 上的空间，然后重新运行 winre-fix。',
    },
  },
} as const satisfies Record<string, Entry>;

export type ReasonCode = keyof typeof REASONS;

export function reasonSeverity(code: ReasonCode): Severity {
  return REASONS[code].severity;
}

/**
 * The `{detail}` of a reason, by its detail code (the planner gives the code and the numbers, never a sentence,
 * so the Chinese line carries no English clause).
 */
export const REASON_DETAILS = {
  NO_SUCH_PARTITION: { en: 'no such partition exists', 'zh-CN': '该分区不存在' },
  XML_OFFSET_DIFFERS: {
    en: 'ReAgent.xml places it at offset {xmlOffset}, not {offset}',
    'zh-CN': 'ReAgent.xml 记录的偏移量为 {xmlOffset}，而不是 {offset}',
  },
  SHRINK_LIMIT_UNKNOWN: {
    en: 'Windows did not report how far C: can shrink',
    'zh-CN': 'Windows 未报告 C: 最多可缩小多少',
  },
  SHRINK_LIMIT: {
    en: 'Windows can shrink it by at most {maxShrink} (unmovable files or used space)',
    'zh-CN': 'Windows 最多只能缩小 {maxShrink} (不可移动的文件或已用空间)',
  },
  ROOM_NOW: {
    en: 'the recovery partition has room for the update',
    'zh-CN': '恢复分区有足够空间安装该更新',
  },
  ROOM_AFTER_FIX: {
    en: 'the recovery partition has room for the update once winre-fix has fixed this PC',
    'zh-CN': 'winre-fix 修复此电脑后，恢复分区将有足够空间安装该更新',
  },
  ROOM_NONE: {
    en: 'the recovery partition has no room for the update and winre-fix cannot make it (see the blockers)',
    'zh-CN': '恢复分区没有空间安装该更新，且 winre-fix 无法腾出空间 (见阻止原因)',
  },
  STAGED_WIM_MISSING: {
    en: 'Winre.wim is missing',
    'zh-CN': '缺少 Winre.wim',
  },
  STAGED_WIM_DAMAGED: {
    en: 'the staged Winre.wim is damaged (its WIM header says a write never finished, or it does not read whole)',
    'zh-CN': '暂存的 Winre.wim 已损坏 (其 WIM 头表明写入未完成，或无法完整读取)',
  },
  WINRE_ENABLED: {
    en: 'WinRE is enabled with its image',
    'zh-CN': 'WinRE 已随其映像启用',
  },
  WIM_HEALTHY_STAGED: {
    en: 'a healthy Winre.wim is staged in C:\\Windows\\System32\\Recovery',
    'zh-CN': 'C:\\Windows\\System32\\Recovery 中已暂存完好的 Winre.wim',
  },
  WIM_WRITE_IN_PROGRESS: {
    en: 'its WIM header says a write never finished (WRITE_IN_PROGRESS)',
    'zh-CN': '其 WIM 头表明写入未完成 (WRITE_IN_PROGRESS)',
  },
  WIM_UNREADABLE: {
    en: 'its WIM metadata does not read whole ({error})',
    'zh-CN': '其 WIM 元数据无法完整读取 ({error})',
  },
  KEEP_PATH_RELATIVE: { en: 'a relative path', 'zh-CN': '相对路径' },
  KEEP_PATH_DRIVE_RELATIVE: {
    en: 'a drive-relative path (no backslash after the colon)',
    'zh-CN': '相对于驱动器的路径 (冒号后没有反斜杠)',
  },
  KEEP_PATH_DEVICE_PATH: {
    en: 'a device path (\\\\?\\ or \\\\.\\)',
    'zh-CN': '设备路径 (\\\\?\\ 或 \\\\.\\)',
  },
  KEEP_PATH_DOT_SEGMENT: { en: 'a . or .. segment', 'zh-CN': '包含 . 或 .. 段' },
  KEEP_PATH_SHORT_NAME: { en: 'an 8.3 short name (~1)', 'zh-CN': '8.3 短文件名 (~1)' },
  KEEP_PATH_BAD_NAME: {
    en: 'an empty name, a character Windows forbids, or a name ending in a space or period',
    'zh-CN': '空名称、Windows 禁止的字符，或以空格或句点结尾的名称',
  },
  KEEP_PATH_DRIVE_ROOT: { en: 'the root of a drive', 'zh-CN': '驱动器的根目录' },
  KEEP_PATH_TOO_LONG: { en: 'longer than 150 characters', 'zh-CN': '超过 150 个字符' },
  KEEP_SPACE_SYSTEM: {
    en: "on the Windows volume {reserved} stays reserved for the shrink, the run's own backup and the free space C: must keep",
    'zh-CN': '在 Windows 卷上需预留 {reserved}，用于缩小分区、本次运行自己的备份以及 C: 必须保留的可用空间',
  },
  KEEP_SPACE_OTHER: { en: 'plus 64 MiB for the manifest', 'zh-CN': '另加 64 MiB 用于清单' },
  OS_FREE_BELOW_POLICY: {
    en: 'C: would keep only {keepFree} free (policy minimum {minFree})',
    'zh-CN': 'C: 将只剩 {keepFree} 可用空间 (策略最低要求 {minFree})',
  },
} as const satisfies Record<string, { readonly en: string; readonly 'zh-CN': string }>;

/** Words a reason's params carry that are not numbers or names: said in the reader's language. */
const PARAM_WORDS_ZH: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  state: { encrypting: '加密', decrypting: '解密' },
  from: {
    'the active Winre.wim': '当前使用的 Winre.wim',
    'the staged Winre.wim': '暂存的 Winre.wim',
    'reagentc /info': ' reagentc /info',
    'the WinREVersion registry value': ' WinREVersion 注册表值',
    'nothing readable': '无可读来源',
  },
};

function localParams(
  params: Readonly<Record<string, string | number | boolean | undefined>>,
  language: Language,
): Readonly<Record<string, string | number | boolean | undefined>> {
  const out: Record<string, string | number | boolean | undefined> = { ...params };
  const detail = params['detail'];
  if (typeof detail === 'string' && detail in REASON_DETAILS) {
    out['detail'] = fill(REASON_DETAILS[detail as keyof typeof REASON_DETAILS][language], params);
  }
  if (language === 'zh-CN') {
    for (const [key, words] of Object.entries(PARAM_WORDS_ZH)) {
      const value = params[key];
      if (typeof value === 'string' && words[value]) out[key] = words[value];
    }
  }
  return out;
}

function fill(
  template: string,
  params: Readonly<Record<string, string | number | boolean | undefined>>,
): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    return value === undefined ? `{${key}}` : String(value);
  });
}

export function reasonMessage(
  code: string,
  params: Readonly<Record<string, string | number | boolean | undefined>>,
  language: Language = 'en',
): string {
  const entry = (REASONS as Record<string, Entry>)[code];
  if (!entry) return `${code} ${JSON.stringify(params)}`;
  return fill(entry[language], localParams(params, language));
}

export function reasonRemedy(
  code: string,
  params: Readonly<Record<string, string | number | boolean | undefined>>,
  language: Language = 'en',
): string | undefined {
  const entry = (REASONS as Record<string, Entry>)[code];
  return entry?.remedy ? fill(entry.remedy[language], localParams(params, language)) : undefined;
}

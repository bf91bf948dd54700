/**
 * The plan as a person reads it (Terraform's plan output): what is wrong, the evidence, the case, what a fix
 * would do step by step with a symbol per kind, how much C: shrinks, and the risks. A snapshot test keeps it
 * reviewable as text.
 */
import type { Plan } from '../contracts/generated/plan';
import { enablesInPlace, shrinkSentence, sizingArithmetic, sizingFigures } from '../domain/messages/sizing';
import { isDeferral } from '../domain/planning/blockers';
import { reasonMessage, reasonRemedy, type Language } from '../domain/reasons';
import type { Snapshot } from '../domain/snapshot';
import { stepReason as catalogueStepReason, stepDefinition } from '../domain/steps/catalogue';
import type { PlanSymbol } from '../domain/steps/definition';
import { formatBytes } from '../domain/units';

const T = {
  en: {
    verdict: {
      compliant: 'COMPLIANT: nothing to do.',
      'needs-fix': 'NEEDS FIX: WinRE blocks KB5034441/KB5034439 (0x80070643) and winre-fix can fix it.',
      refused: 'REFUSED: winre-fix will not change this PC.',
      deferred:
        'DEFERRED: Windows setup has not finished; winre-fix changes nothing until it has (exit code 30).',
    },
    findings: 'Findings',
    layout: 'OS disk',
    steps: 'What `winre-fix fix` would do',
    sizing: 'Sizing',
    risks: 'Risks',
    risk: [
      'While WinRE is disabled (between steps "disable" and "enable") the PC has no recovery environment; only delete, create and format run in that window, and an interrupted run resumes from its journal.',
      'A second copy of Winre.wim and of every file on the old recovery partition is kept in C:\\ProgramData\\winre-fix\\backup until the end.',
    ],
    riskMove:
      'While WinRE is disabled (between steps "disable" and "enable") the PC has no recovery environment; every partition change is done before it, so nothing else runs in that window, and an interrupted run resumes from its journal.',
    todo: 'To do',
    findingMarks: 'x blocks the fix, ! the cause, ~ a warning, - for information',
    stepMarks: { '+': 'creates', '~': 'changes', '?': 'checks', '-': 'deletes' },
    legend: 'Marks',
  },
  'zh-CN': {
    verdict: {
      compliant: '合规：无需处理。',
      'needs-fix': '需要修复：WinRE 导致 KB5034441/KB5034439 失败 (0x80070643)，winre-fix 可以修复。',
      refused: '已拒绝：winre-fix 不会更改此电脑。',
      deferred: '已推迟：Windows 安装尚未完成；完成之前 winre-fix 不做任何更改 (退出代码 30)。',
    },
    findings: '发现',
    layout: '系统磁盘',
    steps: '`winre-fix fix` 将执行的操作',
    sizing: '容量计算',
    risks: '风险',
    risk: [
      'WinRE 禁用期间 ("禁用" 与 "启用" 步骤之间) 电脑没有恢复环境；此期间只执行删除、创建和格式化，中断的运行会根据日志继续。',
      'Winre.wim 及旧恢复分区上所有文件的第二份副本保存在 C:\\ProgramData\\winre-fix\\backup，直到结束。',
    ],
    riskMove:
      'WinRE 禁用期间 ("禁用" 与 "启用" 步骤之间) 电脑没有恢复环境；所有分区更改都在此之前完成，此期间不执行其他操作，中断的运行会根据日志继续。',
    todo: '处理建议',
    findingMarks: 'x 阻止修复，! 原因，~ 警告，- 仅供参考',
    stepMarks: { '+': '创建', '~': '更改', '?': '检查', '-': '删除' },
    legend: '标记',
  },
} as const;

type PlanStep = Plan['steps'][number];

/**
 * Why a step runs, in the reader's language. plan.steps[].reason stays English: it is data (JSON report, journal,
 * CMTrace log); the step catalogue (src/domain/steps/) says the same per step kind in every language, with the
 * numbers from the plan.
 */
export function stepReason(step: PlanStep, plan: Plan, language: Language): string {
  return catalogueStepReason(step, plan, language);
}

export function renderPartitionTable(
  snapshot: Snapshot,
  diskUniqueId: string | undefined,
  language: Language = 'en',
): string[] {
  // Partition types (System, Reserved, Basic, Recovery), styles and file systems are Windows' own names: kept.
  const [diskWord, freeWord] = language === 'zh-CN' ? ['磁盘', '可用'] : ['Disk', 'free'];
  const disk =
    snapshot.disks.find((d) => d.uniqueId === diskUniqueId) ??
    snapshot.disks.find((d) => d.isBoot) ??
    snapshot.disks[0];
  if (!disk) return [];
  const lines = [
    `  ${diskWord} ${disk.number} (${disk.partitionStyle}, ${formatBytes(disk.size)}, ${disk.busType})`,
  ];
  for (const p of disk.partitions) {
    const v = p.volume;
    const vol = v ? ` ${v.fileSystem} "${v.label}" ${formatBytes(v.sizeRemaining)} ${freeWord}` : '';
    lines.push(
      `    #${p.number} ${p.type.padEnd(9)} @${formatBytes(p.offset).padEnd(11)} ${formatBytes(p.size).padEnd(11)}${p.driveLetter ? ` ${p.driveLetter}:` : ''}${vol}`,
    );
  }
  return lines;
}

export function renderPlan(plan: Plan, snapshot: Snapshot | undefined, language: Language): string[] {
  const t = T[language];
  const out: string[] = [t.verdict[shownVerdict(plan)], ''];
  out.push(`${t.findings}:`);
  for (const r of plan.reasons) {
    const mark =
      r.severity === 'blocker' ? 'x' : r.severity === 'cause' ? '!' : r.severity === 'warning' ? '~' : '-';
    out.push(`  ${mark} [${r.code}] ${reasonMessage(r.code, r.params, language)}`);
    const remedy = r.severity === 'blocker' ? reasonRemedy(r.code, r.params, language) : undefined;
    if (remedy) out.push(`      ${t.todo}: ${remedy}`);
  }
  if (plan.reasons.length > 0) out.push(`  (${t.legend}: ${t.findingMarks})`);
  if (snapshot) {
    out.push('', `${t.layout}:`, ...renderPartitionTable(snapshot, plan.target.disk?.uniqueId, language));
  }
  if (plan.steps.length > 0) {
    out.push('', `${t.steps} (${plan.case}):`);
    for (const s of plan.steps)
      out.push(
        `  ${stepDefinition(s.kind).symbol} ${String(s.id).padStart(2)}. ${s.kind}: ${stepReason(s, plan, language)}`,
      );
    out.push(`  (${t.legend}: ${stepLegend(plan, language)})`);
    // The sizing catalogue writes the arithmetic in every language (plan.sizing.explanation is its English).
    const arithmetic = sizingArithmetic(sizingFigures(plan.sizing, enablesInPlace(plan)), language);
    out.push('', `${t.sizing}:`, ...arithmetic.map((e) => `  ${e}`));
    out.push(`  ${shrinkSentence(plan.sizing.shrinkOsBy, language)}`);
    // Moving WinRE off an encrypted C: changes every partition before /disable (src/domain/planner.ts).
    const window = plan.case === 'move-winre-off-os-volume' ? t.riskMove : t.risk[0];
    const backup = plan.steps.some((s) => s.kind === 'backup-recovery-files') ? [t.risk[1]] : [];
    out.push('', `${t.risks}:`, ...[window, ...backup].map((r) => `  - ${r}`));
  }
  return out;
}

/** What the step symbols of this plan mean, in the catalogue's order of symbols (+ ~ ? -), only those it uses. */
export function stepLegend(plan: Plan, language: Language): string {
  const used = new Set<PlanSymbol>(plan.steps.map((s) => stepDefinition(s.kind).symbol));
  const marks = T[language].stepMarks;
  const order: readonly PlanSymbol[] = ['+', '~', '?', '-'];
  return order
    .filter((m) => used.has(m))
    .map((m) => `${m} ${marks[m]}`)
    .join(language === 'zh-CN' ? '，' : ', ');
}

/** The one line Intune shows (last stdout line, < 2,048 characters). */
/** A refusal that only asks to wait (Windows setup not finished) is shown as deferred, as its exit code 30 says. */
function shownVerdict(plan: Plan): Plan['verdict'] | 'deferred' {
  return plan.verdict === 'refused' && isDeferral(plan.reasons) ? 'deferred' : plan.verdict;
}

/** The detection line of a PC whose WinRE image is outdated or damaged (detect --require-current-winre). */
export function winreLine(plan: Plan, language: Language): string {
  const r = plan.reasons.find((x) => x.code === 'WINRE_IMAGE_OUTDATED' || x.code === 'WINRE_IMAGE_DAMAGED');
  const text = r ? `${r.code}: ${reasonMessage(r.code, r.params, language)}` : '';
  return `winre-fix WINRE-NOT-CURRENT ${text}`.replace(/\s+/g, ' ').slice(0, 2000);
}

export function summaryLine(plan: Plan, language: Language): string {
  const first =
    plan.reasons.find((r) => r.severity === 'blocker' || r.severity === 'cause') ?? plan.reasons[0];
  const text = first ? `${first.code}: ${reasonMessage(first.code, first.params, language)}` : '';
  // The shrink is what a fix WOULD do: only a PC that will be fixed gets it (a refused one will not shrink C:).
  const shrink =
    plan.verdict === 'needs-fix' && plan.sizing.shrinkOsBy > 0
      ? ` (C: -${formatBytes(plan.sizing.shrinkOsBy)})`
      : '';
  return `winre-fix ${shownVerdict(plan).toUpperCase()} ${text}${shrink}`.replace(/\s+/g, ' ').slice(0, 2000);
}

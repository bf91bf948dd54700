/**
 * A run's verdict in Simplified Chinese, shown beside the English verdict (which stays, so scripts and searches
 * find it in either language) by the console summary line and the roll-up table.
 */
import type { RunVerdict } from '../contracts/generated/run-report';

export const VERDICT_ZH: Readonly<Record<RunVerdict, string>> = {
  compliant: '合规',
  fixed: '已修复',
  'reboot-pending': '待重启',
  'needs-fix': '需要修复',
  refused: '已拒绝',
  'rolled-back': '已回滚',
  degraded: '降级',
  error: '出错',
};

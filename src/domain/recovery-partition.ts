/**
 * What makes a partition the recovery partition Windows setup makes (https://support.microsoft.com/help/5028997): its GPT type
 * and attributes or MBR id, and the label of its volume. Shared by the planner and the step catalogue.
 */
import type { PartitionFacts } from './snapshot';

export const RECOVERY_GPT_TYPE = '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}';
export const RECOVERY_GPT_ATTRIBUTES = '0x8000000000000001';
export const RECOVERY_MBR_TYPE = 0x27;
export const RECOVERY_LABEL = 'Windows RE tools';

export function isRecoveryPartition(p: PartitionFacts): boolean {
  return p.gptType === RECOVERY_GPT_TYPE || p.mbrType === RECOVERY_MBR_TYPE;
}

/**
 * GPT partition type GUIDs, lower case in braces as Get-Partition prints them
 * (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes). The one TypeScript copy: the planner,
 * the fixture builder and the tests import it; ps-scripts/lib/StepCommon.ps1 holds the one PowerShell copy and
 * test/contract/one-copy.test.ts keeps the two equal.
 */
export const GPT_TYPE = {
  esp: '{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}',
  msr: '{e3c9e316-0b5c-4db8-817d-f92df00215ae}',
  basic: '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}',
  recovery: '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}',
  ldmMetadata: '{5808c8aa-7e8f-42e0-85d2-e1e90434cfb3}',
  ldmData: '{af9b60a0-1431-4f62-bc68-3311714a69ad}',
} as const;

/** The Microsoft recovery partition type (KB5028997 `create partition primary id=de94bba4-...`). */
export const RECOVERY_GPT_TYPE = GPT_TYPE.recovery;

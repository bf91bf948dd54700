/**
 * The validated facts the planner reasons over: one value, assembled by src/engine/facts/gather.ts from the
 * fact-gathering ps-scripts (each validated against its schema). Pure data: no functions, no Dates (ISO strings),
 * numbers in bytes. Disks and partitions carry stable identities (disk GUID or MBR signature; partition GUID or
 * offset), because numbers change across reboots (StorageDsc README; docs/reference/storage-cmdlets.md#get-partition).
 *
 * ONE source of truth: schemas/snapshot.schema.json. The types below are the generated ones
 * (src/contracts/generated/snapshot.ts, `npm run gen:types`), made deeply read-only for the planner, which never
 * changes its input. Field documentation lives in the schema.
 */
import type * as generated from '../contracts/generated/snapshot';

/** Read-only all the way down (json-schema-to-typescript has no `readonly` output). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type PartitionStyle = generated.PartitionStyle;
export type VolumeFacts = DeepReadonly<generated.VolumeFacts>;
export type PartitionFacts = DeepReadonly<generated.PartitionFacts>;
export type DiskFacts = DeepReadonly<generated.DiskFacts>;
export type OsFacts = DeepReadonly<generated.OsFacts>;
export type ReAgentCInfo = DeepReadonly<generated.ReAgentCInfo>;
export type ReAgentXmlFacts = DeepReadonly<generated.ReAgentXmlFacts>;
export type WinReFacts = DeepReadonly<generated.WinReFacts>;
export type BitLockerFacts = DeepReadonly<generated.BitLockerFacts>;
export type UpdateFailureEvidence = DeepReadonly<generated.UpdateFailureEvidence>;
export type Snapshot = DeepReadonly<generated.Snapshot>;

/** A part of the snapshot read by its own scripts: what a step can change, so the executor re-reads only that. */
export type SnapshotPart = 'disks' | 'winre' | 'bitlocker';

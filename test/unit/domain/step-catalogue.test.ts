/**
 * The step catalogue (src/domain/steps/): every entry's postcondition holds on the PC its step leaves and fails on
 * the PC before it, its retry rule follows the structured error id, its reasons exist in every language, its
 * script exists with its schema, and its mutating flag agrees with the read-only runner's verb rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMutating } from '../../../src/adapters/powershell/call-limits';
import { schemaNameOf } from '../../../src/adapters/powershell/script-runner';
import type { Step } from '../../../src/contracts/generated/plan';
import type { Snapshot } from '../../../src/domain/snapshot';
import {
  checkPostcondition,
  shouldRetry,
  STEP_CATALOGUE,
  STEP_KINDS,
  stepDefinition,
} from '../../../src/domain/steps/catalogue';
import { REFUSALS, type StepKind, type StepParams } from '../../../src/domain/steps/definition';
import { projectRoot } from '../../../src/project-root';
import { defaultSnapshot, layout, snapshotWith, wimInfo, WIM_SHA } from '../../builders/snapshot-builder';

const DISK = 'NVME-DISK-0';
const NEW = layout.RE_OFFSET - 1024 * 1024 * 1024;

/** One step of each kind that has a postcondition check: its parameters, a PC where it holds and one where not. */
type Case<K extends StepKind> = { params: StepParams<K>; holds: Snapshot; fails: Snapshot; why: RegExp };
const bitLocker = (protectionStatus: number): Snapshot =>
  snapshotWith((s) => {
    s.bitLocker.push({
      mountPoint: 'C:',
      volumeStatus: 1,
      protectionStatus,
      lockStatus: 0,
      encryptionPercentage: 100,
      keyProtectors: ['Tpm'],
    });
  });
const withNewPartition = (change: (p: Record<string, unknown>) => void = () => {}): Snapshot =>
  snapshotWith((s) => {
    const p = {
      ...s.disks[0]!.partitions[3]!,
      number: 5,
      offset: NEW,
      size: 900,
      gptAttributes: '0x8000000000000001',
    };
    change(p as unknown as Record<string, unknown>);
    s.disks[0]!.partitions.push(p);
  });
const winre = (status: 'Enabled' | 'Disabled', partitionNumber: number | null, staged = false): Snapshot =>
  snapshotWith((s) => {
    s.winre.reagentc.status = status;
    s.winre.reagentc.location = partitionNumber
      ? {
          diskNumber: 0,
          partitionNumber,
          path: `\\\\?\\GLOBALROOT\\device\\harddisk0\\partition${partitionNumber}`,
        }
      : null;
    s.winre.stagedImage = staged ? { size: 1, sha256: WIM_SHA } : null;
  });

/** WinRE with its image staged (disabled) or active (enabled), of this version and hash. */
const patched = (
  status: 'Enabled' | 'Disabled',
  version: string,
  sha256: string,
  writeInProgress = false,
): Snapshot =>
  snapshotWith((s) => {
    const image = { size: 1, sha256, wim: { ...wimInfo(version), writeInProgress } };
    s.winre.reagentc.status = status;
    s.winre.stagedImage = status === 'Disabled' ? image : null;
    s.winre.activeImage = status === 'Enabled' ? image : null;
  });

const CASES: { [K in StepKind]?: Case<K> } = {
  'suspend-bitlocker': {
    params: { mountPoint: 'c:', rebootCount: 1 },
    holds: bitLocker(0),
    fails: bitLocker(1),
    why: /still on/,
  },
  'resume-bitlocker': {
    params: { mountPoint: 'C:' },
    holds: bitLocker(1),
    fails: bitLocker(0),
    why: /still off/,
  },
  'resize-os-partition': {
    params: {
      diskUniqueId: DISK,
      partitionOffset: layout.C_OFFSET,
      fromSize: layout.C_SIZE,
      toSize: layout.C_SIZE,
    },
    holds: defaultSnapshot(),
    fails: snapshotWith((s) => {
      s.disks[0]!.partitions[2]!.size += 1;
    }),
    why: /C: is \d+ bytes, expected/,
  },
  'disable-winre': {
    params: {},
    holds: winre('Disabled', null, true),
    fails: winre('Disabled', null, false),
    why: /not in C:/,
  },
  'stage-supplied-image': {
    params: { sourcePath: '\\\\fs01\\WinRE\\Winre.wim', imageSha256: WIM_SHA, imageSize: 1 },
    holds: winre('Disabled', null, true),
    fails: snapshotWith((s) => {
      s.winre.stagedImage = { size: 1, sha256: 'B'.repeat(64) };
    }),
    why: /differs/,
  },
  'verify-staged-image': {
    params: { imageSha256: WIM_SHA, imageSize: 1 },
    holds: winre('Disabled', null, true),
    fails: snapshotWith((s) => {
      s.winre.stagedImage = { size: 1, sha256: 'B'.repeat(64) };
    }),
    why: /differs/,
  },
  'remove-recovery-partition': {
    params: { diskUniqueId: DISK, partitionOffset: NEW, partitionSize: 900, partitionGuid: null },
    holds: defaultSnapshot(),
    fails: withNewPartition(),
    why: /still at that offset/,
  },
  'new-recovery-partition': {
    params: {
      diskUniqueId: DISK,
      offset: NEW,
      size: 900,
      partitionStyle: 'GPT',
      gptType: '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}',
      gptAttributes: 'defer',
      mbrType: null,
    },
    holds: withNewPartition(),
    fails: withNewPartition((p) => {
      p['gptType'] = '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}';
    }),
    why: /not typed as recovery/,
  },
  'format-recovery-volume': {
    params: { diskUniqueId: DISK, offset: NEW, label: 'Windows RE tools' },
    holds: withNewPartition(),
    fails: withNewPartition((p) => {
      p['volume'] = null;
    }),
    why: /not NTFS/,
  },
  'enable-winre': {
    params: { diskUniqueId: DISK, partitionOffset: layout.RE_OFFSET, imageSha256: WIM_SHA },
    holds: winre('Enabled', 4),
    fails: winre('Enabled', 3),
    why: /WinRE landed on/,
  },
  'set-recovery-attributes': {
    params: { diskUniqueId: DISK, partitionOffset: NEW, gptAttributes: '0x8000000000000001' },
    holds: withNewPartition(),
    fails: withNewPartition((p) => {
      p['gptAttributes'] = '0x0000000000000000';
    }),
    why: /the attributes are/,
  },
  'install-patched-image': {
    params: { fromSha256: WIM_SHA, fromVersion: '10.0.22621.2428' },
    holds: patched('Disabled', '10.0.22621.7077', 'C'.repeat(64)),
    fails: patched('Disabled', '10.0.22621.2428', WIM_SHA),
    why: /still the unpatched one/,
  },
  'restore-staged-image': {
    params: { imageSha256: WIM_SHA },
    holds: patched('Disabled', '10.0.22621.2428', WIM_SHA),
    fails: patched('Disabled', '10.0.22621.7077', 'C'.repeat(64)),
    why: /not A{64}/,
  },
  'verify-patched-winre': {
    params: { fromSha256: WIM_SHA, fromVersion: '10.0.22621.2428' },
    holds: patched('Enabled', '10.0.22621.7077', 'C'.repeat(64)),
    fails: patched('Enabled', '10.0.22621.7077', 'C'.repeat(64), true),
    why: /damaged/,
  },
  'enable-winre-on-os-volume': {
    params: { imageSha256: WIM_SHA },
    holds: winre('Enabled', 3),
    fails: winre('Disabled', null),
    why: /reagentc reports Disabled/,
  },
};

function step<K extends StepKind>(kind: K, params: StepParams<K>): Pick<Step, 'kind' | 'params'> {
  return { kind, params: params as unknown as Step['params'] };
}

describe('step catalogue', () => {
  it('has a postcondition case here for every kind that checks one (a new kind needs its row)', () => {
    const checked = STEP_KINDS.filter((k) => stepDefinition(k).postcondition.check !== null);
    expect(Object.keys(CASES).sort()).toEqual([...checked].sort());
  });

  it.each(Object.keys(CASES) as StepKind[])(
    '%s: its postcondition holds after it and fails before it',
    (kind) => {
      const c = CASES[kind] as Case<typeof kind>;
      expect(checkPostcondition(step(kind, c.params), c.holds, DISK)).toBeNull();
      expect(checkPostcondition(step(kind, c.params), c.fails, DISK)).toMatch(c.why);
      expect(checkPostcondition(step(kind, c.params), c.holds, 'ANOTHER-DISK')).toMatch(/no longer present/);
    },
  );

  it.each(STEP_KINDS)('%s: re-reads exactly when it has a check', (kind) => {
    const post = stepDefinition(kind).postcondition;
    expect(post.rereads.length > 0).toBe(post.check !== null);
  });

  it.each(STEP_KINDS)('%s: retried by its rule and the error id only, never after a refusal', (kind) => {
    const { retries } = stepDefinition(kind).retry;
    expect(shouldRetry(kind, 1, 'StorageWMI 40000')).toBe(retries === 1);
    expect(shouldRetry(kind, 1, null)).toBe(retries === 1);
    expect(shouldRetry(kind, 2, null)).toBe(false);
    for (const refusal of REFUSALS) expect(shouldRetry(kind, 1, refusal)).toBe(false);
  });

  it.each(STEP_KINDS)('%s: says why it runs in English and in Chinese, for every purpose', (kind) => {
    for (const purpose of ['fix', 'roll-back', 'last-resort'] as const)
      for (const createsPartition of [true, false]) {
        const reason = stepDefinition(kind).reason({
          params: CASES[kind]?.params ?? ({} as never),
          purpose,
          shrinkOsBy: 1024 * 1024,
          createsPartition,
        });
        expect(reason.en).toMatch(/^[\x20-\x7e]+$/);
        expect(reason['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      }
  });

  it.each(STEP_KINDS)(
    '%s: its script exists with its schema, and its verb agrees with "mutating"',
    (kind) => {
      const { script, mutating } = STEP_CATALOGUE[kind];
      const root = projectRoot();
      expect(fs.existsSync(path.join(root, 'ps-scripts', `${script}.ps1`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'schemas', `${schemaNameOf(script)}.schema.json`))).toBe(true);
      // The read-only runner of audit/detect admits scripts by verb: a mutating step must never pass it.
      expect(isMutating(script)).toBe(mutating);
    },
  );
});

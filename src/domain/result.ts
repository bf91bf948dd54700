/**
 * What a finished fix says about the PC now, for the line Intune and ConfigMgr show (the last stdout line) and the
 * run report: the new partition's size, its free space as verified, what updates need, and whether a restart must
 * follow - not the problem the PC had before (that is in the plan and the log). Pure: reads the journal only.
 */
import type { Journal } from '../contracts/generated/journal';
import { formatBytes } from './units';

export interface ResultReason {
  readonly code: 'WINRE_FIXED' | 'WINRE_FIXED_RESTART' | 'WINRE_PATCHED' | 'WINRE_PATCHED_RESTART';
  readonly params: Readonly<Record<string, string>>;
}

interface VerifiedVolume {
  readonly volume?: { readonly size?: number; readonly sizeRemaining?: number } | null;
  readonly partition?: { readonly size?: number } | null;
}

/** The result of a fixed run, from its verify step (Test-WinReHealth) and its plan; undefined when not verified. */
export function fixedResult(journal: Journal): ResultReason | undefined {
  const verify = journal.steps.find((s) => s.kind === 'verify-winre' && s.status === 'completed');
  const result = verify?.result as VerifiedVolume | undefined;
  const free = result?.volume?.sizeRemaining;
  const size = result?.partition?.size ?? journal.plan.target.newRecoveryPartition?.size;
  if (free === undefined || size === undefined) return undefined;
  // A Safe OS patch (fix --safeos-package): the line says the versions before and after, proven from the header.
  const build = journal.steps.find((s) => s.kind === 'build-patched-image');
  const proof = journal.steps.find((s) => s.kind === 'verify-patched-winre' && s.status === 'completed');
  const after = proof?.result as { readonly version?: string } | undefined;
  if (build && after?.version) {
    const p = build.params as { readonly kb?: string | null; readonly fromVersion?: string };
    return {
      code: journal.rebootRequired ? 'WINRE_PATCHED_RESTART' : 'WINRE_PATCHED',
      params: {
        kb: p.kb ?? 'the Safe OS update',
        from: String(p.fromVersion),
        to: after.version,
        size: formatBytes(size),
        free: formatBytes(free),
      },
    };
  }
  return {
    code: journal.rebootRequired ? 'WINRE_FIXED_RESTART' : 'WINRE_FIXED',
    params: {
      size: formatBytes(size),
      free: formatBytes(free),
      needed: formatBytes(journal.plan.sizing.policy.servicingFreeBytes),
    },
  };
}

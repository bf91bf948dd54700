/**
 * The image given with `--wim`: read (ps-scripts/Read-SuppliedWinReImage.ps1, read-only) only when the PC needs
 * one, so that a fleet-wide command line never makes healthy PCs read the share (src/domain/supplied-image.ts).
 * Only the snapshot a plan is made from carries it: the executor's own reads (resume, postconditions) never read
 * the share again, and the fix step verifies its local copy against the hash planned, not the share.
 */
import type { ReadSuppliedWinReImageOutput } from '../contracts/generated/read-supplied-win-re-image';
import type { Snapshot } from '../domain/snapshot';
import { needsSuppliedImage } from '../domain/supplied-image';
import { assertValid } from '../schemas/validators';
import type { RunContext } from './run-context';

export const READ_SUPPLIED_IMAGE_SCRIPT = 'Read-SuppliedWinReImage';

/** The PC's facts (ctx.gather), with the supplied image's when --wim is given and the PC needs it. */
export async function planningSnapshot(ctx: RunContext): Promise<Snapshot> {
  const snapshot = await ctx.gather();
  const path = ctx.args.wim;
  if (path === undefined || !needsSuppliedImage(snapshot)) return snapshot;
  const facts = await ctx.runner.run<ReadSuppliedWinReImageOutput>(READ_SUPPLIED_IMAGE_SCRIPT, {
    Path: path,
  });
  const what = facts.readable
    ? `${path}: ${facts.size} bytes, SHA256 ${facts.sha256}, WinRE ${facts.wim?.version ?? '?'} (ARCH ${facts.wim?.architecture ?? '?'}, ${facts.wim?.editionId ?? '?'})`
    : `${path}: not readable (${facts.errorKind}): ${facts.error}`;
  ctx.emit({
    kind: 'fact-gathered',
    fact: READ_SUPPLIED_IMAGE_SCRIPT,
    summary: facts.account ? `${what}; read as ${facts.account}` : what,
    data: facts,
  });
  return assertValid<Snapshot>('snapshot', { ...snapshot, suppliedImage: facts }, 'planningSnapshot');
}

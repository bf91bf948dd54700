/**
 * `fix --safeos-package` end to end in real pwsh against the simulated PC and its simulated DISM
 * (docs/safeos-patch.md): an outdated WinRE ends enabled with the new version and a new, recorded hash; a package of
 * another WinRE family is refused by DISM (0x800f081e) with the PC as it was; a PC that needs room gets the room
 * and the patch in one run; audit shows the patch steps and changes nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { runFix, quietArgs, silently } from '../../support/fix-runner';
import { runAudit } from '../../../src/cli/commands/audit';
import { invariantProblems, leftoverProblems, baselineOf } from '../../support/fix-invariants';
import { PACKAGE_PATH, withPackage } from '../../support/safeos-machines';
import type { MachineView } from '../../support/fix-runner';
import { openSimHarness } from '../../support/harness';
import { rebootSimulatedMachines } from '../../../src/simulation/reboot';

jest.setTimeout(600_000);

type File = {
  path: string;
  size: number;
  sha256: string;
  wim?: { version?: string; writeInProgress?: boolean };
};
type M = MachineView & {
  registry?: Record<string, Record<string, { value: unknown }>>;
  dismMounts?: unknown[];
  disks: { partitions: { driveLetter?: string; volume?: { files: File[] } }[] }[];
};

function place(machine: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-safeos-'));
  const file = path.join(dir, 'machine.json');
  fs.writeFileSync(file, JSON.stringify(machine, null, 2));
  return file;
}
const read = (file: string): M => JSON.parse(fs.readFileSync(file, 'utf8')) as M;
function activeImage(m: M): File | undefined {
  const loc = m.winre.location!;
  const part = m.disks
    .find((d) => d.uniqueId === loc.diskUniqueId)!
    .partitions.find((p) => p.offset === loc.partitionOffset)!;
  return part.volume!.files.find((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path));
}
function reportOf(machine: string): RunReport {
  const folder = `${machine}.winre-fix/Reports`;
  const [name] = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse();
  return JSON.parse(fs.readFileSync(path.join(folder, name!), 'utf8')) as RunReport;
}
/** The machine file as a comparison sees it: no call trace, no status record, no (empty) state folders. */
function meaningful(m: M): unknown {
  const copy = JSON.parse(JSON.stringify(m)) as Omit<M, 'trace'> & { trace?: unknown };
  delete copy['trace'];
  if (copy.registry) delete copy.registry['HKLM:\\SOFTWARE\\winre-fix'];
  for (const d of copy.disks)
    for (const p of d.partitions) {
      const v = p.volume as (Record<string, unknown> & { directories?: string[] }) | undefined;
      if (v?.directories) v.directories = v.directories.filter((x) => !/^\\ProgramData\\winre-fix/i.test(x));
      if (v?.directories?.length === 0) delete v.directories;
    }
  // The simulator writes empty collections it did not list before (links, mounts, tasks, registry): no change.
  const prune = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(prune);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) {
        const empty =
          (Array.isArray(v) && v.length === 0) ||
          (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
        if (!empty) out[k] = prune(v);
      }
      return out;
    }
    return x;
  };
  return prune(copy);
}
const fixArgs = (machine: string) =>
  quietArgs(machine, { report: true, 'safeos-package': PACKAGE_PATH } as Partial<
    Parameters<typeof quietArgs>[1]
  >);

describe('fix --safeos-package', () => {
  it('patches an outdated WinRE with room alone: enabled, new version, new hash recorded in the report and the status record', async () => {
    const machine = place(withPackage('win11-24h2-winre-already-resized'));
    const before = read(machine);
    const oldImage = activeImage(before)!;
    expect(oldImage.wim?.version ?? '10.0.26100.8235').toBe('10.0.26100.8235');
    const run = await silently(() => runFix(fixArgs(machine), 'fix'));
    expect(run.value).toBe(0);
    const after = read(machine);
    const image = activeImage(after)!;
    expect(after.winre.status).toBe('Enabled');
    expect(image.wim).toMatchObject({ version: '10.0.26100.8455' });
    expect(image.wim?.writeInProgress).toBeFalsy();
    expect(image.sha256).not.toBe(oldImage.sha256);
    expect(after.dismMounts ?? []).toEqual([]);
    expect(leftoverProblems(after)).toEqual([]);
    // Every invariant of a fix but the image hash, which changes by design.
    const base = { ...baselineOf(before), imageSha256: image.sha256 };
    expect(invariantProblems(after, base)).toEqual([]);
    const report = reportOf(machine);
    expect(report).toMatchObject({
      verdict: 'fixed',
      exitCode: 0,
      safeosPatch: {
        kb: 'KB5089593',
        before: { version: '10.0.26100.8235', sha256: oldImage.sha256 },
        after: { version: '10.0.26100.8455', sha256: image.sha256 },
      },
      winre: { status: 'current', version: '10.0.26100.8455' },
    });
    expect(report.reasons.map((r) => r.code)).toEqual(['WINRE_PATCHED']);
    const record = after.registry!['HKLM:\\SOFTWARE\\winre-fix']!;
    expect(record['WinReVersion']!.value).toBe('10.0.26100.8455');
    expect(record['WinRePatchStatus']!.value).toBe('current');

    // Again with the same command line (Intune reruns it): the image is at the package's level now (the baseline's
    // KB): nothing to do, exit 0, nothing changed.
    const bytes = meaningful(read(machine));
    const again = await silently(() => runFix(fixArgs(machine), 'fix'));
    expect(again.value).toBe(0);
    expect(meaningful(read(machine))).toEqual(bytes);
  });

  it('refuses a package of another WinRE family (DISM 0x800f081e): nothing swapped, the machine as it was but the status record', async () => {
    const machine = place(
      withPackage('win11-24h2-winre-already-resized', {
        targetBuild: 22621,
        resultingVersion: '10.0.22621.7077',
      }),
    );
    const before = read(machine);
    const run = await silently(() => runFix(fixArgs(machine), 'fix'));
    expect(run.value).toBe(22);
    expect(run.stderr).toMatch(/PackageNotApplicable: DISM: .* not applicable .*0x800f081e/);
    const after = read(machine);
    expect(meaningful(after)).toEqual(meaningful(before));
    expect(after.trace.log.some((e) => e.command === 'Add-WindowsPackage')).toBe(false); // refused, nothing added
    expect(reportOf(machine)).toMatchObject({ verdict: 'error', safeosPatch: { built: null, after: null } });
  });

  it('makes room and patches in one run on a PC whose WinRE partition is too small', async () => {
    const machine = place(
      withPackage('win11-gpt-small-winre-en', { targetBuild: 22621, resultingVersion: '10.0.22621.7077' }),
    );
    const before = read(machine);
    const run = await silently(() => runFix(fixArgs(machine), 'fix'));
    expect(run.value).toBe(0);
    const after = read(machine);
    const image = activeImage(after)!;
    expect(image.wim).toMatchObject({ version: '10.0.22621.7077' });
    expect(leftoverProblems(after)).toEqual([]);
    expect(invariantProblems(after, { ...baselineOf(before), imageSha256: image.sha256 })).toEqual([]);
    expect(reportOf(machine).reasons.map((r) => r.code)).toEqual(['WINRE_PATCHED']);
  });

  it('audit --safeos-package shows the patch steps and changes nothing', async () => {
    const machine = place(withPackage('win11-24h2-winre-already-resized'));
    const before = fs.readFileSync(machine, 'utf8');
    const run = await silently(() =>
      runAudit({
        ...quietArgs(machine),
        quiet: false,
        json: true,
        'safeos-package': PACKAGE_PATH,
        'status-record': false,
      } as never),
    );
    expect(run.value).toBe(20);
    const out = JSON.parse(run.stdout) as { plan: { case: string; steps: { kind: string }[] } };
    expect(out.plan.case).toBe('patch-winre');
    expect(out.plan.steps.map((s) => s.kind)).toContain('build-patched-image');
    const strip = (t: string) => {
      const m = JSON.parse(t) as Record<string, unknown>;
      delete m['trace'];
      return m;
    };
    expect(strip(fs.readFileSync(machine, 'utf8'))).toEqual(strip(before));
  });
});

describe('fix --safeos-package after another tool left a mount', () => {
  it('discards a mount of winre.wim that a restart left needing a remount, records it, and patches a copy', async () => {
    const machine = place(withPackage('win11-24h2-winre-already-resized'));
    // Microsoft's sample script mounts the live image with reagentc /mountre; the PC then restarted.
    const h = openSimHarness(machine);
    try {
      const mounted = await h.snippet(
        "New-Item -ItemType Directory -Path 'C:\\mnt' | Out-Null; (Invoke-ReAgentC -Arguments @('/mountre', '/path', 'C:\\mnt')).exitCode",
      );
      expect(mounted.errors).toEqual([]);
      expect(mounted.output).toEqual([0]);
      // The harness works on its own copy of the machine file: that copy is the PC from now on.
      fs.copyFileSync(h.machinePath, machine);
    } finally {
      await h.dispose();
    }
    await rebootSimulatedMachines([machine]);
    const stale = read(machine).dismMounts as { status: string }[];
    expect(stale.map((m) => m.status)).toEqual(['NeedsRemount']);
    const liveBefore = activeImage(read(machine))!;

    const run = await silently(() => runFix(fixArgs(machine), 'fix'));
    expect(run.value).toBe(0);
    const after = read(machine);
    expect(after.dismMounts ?? []).toEqual([]);
    expect(activeImage(after)!.wim).toMatchObject({ version: '10.0.26100.8455' });
    expect(activeImage(after)!.sha256).not.toBe(liveBefore.sha256);
    const journal = JSON.parse(fs.readFileSync(`${machine}.winre-fix/journal.json`, 'utf8')) as {
      steps: {
        kind: string;
        result: { staleMounts?: { path: string; imagePath: string; mountStatus: string; outcome: string }[] };
      }[];
    };
    const build = journal.steps.find((s) => s.kind === 'build-patched-image')!;
    expect(build.result.staleMounts).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^C:\\mnt$/i),
        mountStatus: 'NeedsRemount',
        outcome: 'discarded',
      }),
    ]);
  });
});

/**
 * The simulator is one PowerShell module made of simulator/*.ps1 concatenated in file-name order
 * (00-Machine.ps1 first), so its parts share script-scope state. See docs/simulation.md.
 */
import { listAssets, readAsset } from '../assets';

export function simulatorLibrary(): { name: string; source: string } {
  const parts = listAssets('simulator')
    .filter((f) => /^simulator\/[^/]+\.ps1$/.test(f))
    .sort();
  const source = parts.map((f) => `# ---- ${f} ----\n${readAsset(f)}`).join('\n');
  return { name: 'Simulator', source };
}

/**
 * Whether this build carries the simulator: always in a checkout; in the Windows exe only when built with
 * `npm run build:exe -- --with-simulator` (the production exe leaves simulator/ out, build/build-exe.ts).
 */
export function simulatorIncluded(): boolean {
  return listAssets('simulator').some((f) => /^simulator\/[^/]+\.ps1$/.test(f));
}

// Types of build/pwsh-tool.cjs (for the tests that load it).
export interface FoundPwsh {
  readonly exe: string;
  readonly version: string;
  readonly source: 'tools' | 'path';
}
export const PWSH_VERSION: string;
export function bundledPwsh(root: string, platform?: NodeJS.Platform): string;
export function pwshVersion(exe: string, env?: NodeJS.ProcessEnv): string | undefined;
export function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export function findPwsh(
  root: string,
  env?: NodeJS.ProcessEnv,
  options?: { trustBundled?: boolean },
): FoundPwsh | undefined;
export function installPwsh(
  root: string,
  options?: { env?: NodeJS.ProcessEnv; output?: 'inherit' | 'stderr' },
): FoundPwsh;

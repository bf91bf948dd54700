/**
 * The global options of every command that looks at a PC, declared to yargs. Their values are plain data
 * (RunArgs, src/app/run-context.ts) that the use cases take as they are; a bad value is a usage error (24) here,
 * before anything runs.
 */
import type { Argv } from 'yargs';
import type { RunArgs } from '../app/run-context';
import { DEFAULT_POLICY } from '../domain/policy';
import { DEFAULT_WINRE_BASELINE } from '../domain/winre-baseline';
import { loadWinReBaseline } from '../app/winre-baseline-file';
import { MiB } from '../domain/units';
import { UsageError } from '../errors';

export function withGlobalOptions<T>(y: Argv<T>): Argv<T & RunArgs> {
  return y
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print one JSON document on stdout and nothing else there.',
    })
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'Only warnings and errors on the console.',
    })
    .option('verbose', { type: 'boolean', default: false, describe: 'More detail on the console.' })
    .option('log', {
      type: 'boolean',
      default: true,
      describe: 'Write the CMTrace and JSON-lines logs (--no-log: write no file at all).',
    })
    .option('compact-log', {
      type: 'boolean',
      default: false,
      describe: 'One compact log record per run (detection scripts that run at every agent evaluation).',
    })
    .option('log-dir', { type: 'string', describe: 'Log folder (default %ProgramData%\\winre-fix\\Logs).' })
    .option('log-copy-dir', {
      type: 'string',
      describe: 'Also write a CMTrace copy here (e.g. the IME or CCM Logs folder).',
    })
    .option('report', {
      type: 'boolean',
      default: true,
      describe: 'Write the JSON run report (--no-report: do not).',
    })
    .option('report-dir', {
      type: 'string',
      describe: 'Report folder (default %ProgramData%\\winre-fix\\Reports).',
    })
    .option('report-copy-dir', {
      type: 'string',
      describe:
        'Also write the run report here, e.g. a UNC share the fleet collects from (as SYSTEM: the computer account writes it). Never fails the run.',
    })
    .option('lang', {
      type: 'string',
      choices: ['en', 'zh-CN'],
      describe: 'Message language (default: from the OS UI language).',
    })
    .option('simulate', {
      type: 'string',
      describe:
        'Run against a simulated PC described by this machine file, or `builtin` (English, the default on non-Windows) or `builtin:zh-CN` (Chinese): the built-in simulated PC.',
    })
    .option('allow-server-core', {
      type: 'boolean',
      default: false,
      describe: 'Fix Windows Server Core too.',
    })
    .option('headroom-mib', {
      type: 'number',
      coerce: mibOption('headroom-mib'),
      describe: `Free space kept for WinRE image growth (default ${DEFAULT_POLICY.growthHeadroomBytes / MiB}).`,
    })
    .option('min-os-free-mib', {
      type: 'number',
      coerce: mibOption('min-os-free-mib'),
      describe: `Free space C: must keep after the shrink (default ${DEFAULT_POLICY.minOsFreeAfterShrinkBytes / MiB}).`,
    })
    .option('winre-baseline', {
      type: 'string',
      // Read and checked while parsing, so a bad file stops the run before anything else (24 or 26).
      coerce: keepingError((file: unknown) =>
        typeof file === 'string' ? loadWinReBaseline(file) : undefined,
      ),
      describe: `Minimum WinRE versions per WinRE build family (schemas/winre-baseline.schema.json; default: the shipped "${DEFAULT_WINRE_BASELINE.name}").`,
    })
    .option('wim', {
      type: 'string',
      coerce: wimOption,
      describe:
        'A Winre.wim (C:\\... or \\\\server\\share\\...) for a PC whose WinRE is disabled with its image missing or damaged: verified (WinRE image, architecture, build family, hash), then staged. Read only on PCs that need it; as SYSTEM the share sees the computer account (DOMAIN\\PC$).',
    }) as Argv<T & RunArgs>;
}

/**
 * `--keep-backup <folder>` (fix, and audit to see the plan): keep the verified backup of the old recovery partition
 * in a new folder per run under <folder>. Its form is judged with the folder itself, by the planner, so every
 * refusal is a reason code with exit 32 (src/domain/keep-backup.ts); only an empty value is a usage error here.
 */
export function withKeepBackupOption<T>(y: Argv<T>): Argv<T & { 'keep-backup'?: string }> {
  return y.option('keep-backup', {
    type: 'string',
    coerce: (value: unknown) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '')
        throw new UsageError('--keep-backup needs a folder, such as D:\\WinReBackups.');
      return value;
    },
    describe:
      'Also keep the verified backup of the old recovery partition (Winre.wim and every OEM file) in a new folder per run under this local NTFS folder (SYSTEM and Administrators only; not UNC, not through a link, not inside the state folder).',
  }) as Argv<T & { 'keep-backup'?: string }>;
}

/**
 * yargs re-throws whatever a coerce callback throws as a plain YError (a usage error, 24), losing its type; an
 * option whose value is a document (a baseline file that breaks its schema: 26) must keep it. The error is kept
 * here and main's fail handler throws it instead.
 */
let optionError: unknown;
function keepingError<T>(coerce: (value: unknown) => T): (value: unknown) => T {
  return (value) => {
    try {
      return coerce(value);
    } catch (error) {
      optionError = error;
      throw error;
    }
  };
}

/** The typed error an option's coerce callback threw during this parse, once. */
export function takeOptionError(): unknown {
  const error = optionError;
  optionError = undefined;
  return error;
}

/**
 * A size option in MiB: a finite number from 0 to 1 TiB. yargs turns `abc` into NaN and takes `-400` as given;
 * either would reach the planner (NaN sizes) or the journal schema after the startup task was registered, so a
 * bad value is a usage error (24) before anything runs.
 */
export function mibOption(name: string): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1024 * 1024) {
      throw new UsageError(
        `--${name} must be a number of MiB from 0 to 1048576, not ${Number.isNaN(n) ? 'a number' : String(value)}.`,
      );
    }
    return n;
  };
}

/** `--safeos-package <file>` of fix and audit (audit shows the patch steps it would run). */
export function withSafeOsPackage<T>(y: Argv<T>): Argv<T> {
  return y.option('safeos-package', {
    type: 'string',
    coerce: (value: unknown) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '')
        throw new UsageError('--safeos-package needs the path of a .cab or .msu file.');
      return value;
    },
    describe:
      'Also patch WinRE offline with this Safe OS Dynamic Update (.cab/.msu from the Microsoft Update Catalog): a copy of Winre.wim is patched, verified and swapped in through the journal (docs/safeos-patch.md).',
  }) as Argv<T>;
}

/**
 * `--wim`: an absolute path, on a drive (C:\...) or a share (\\server\share\...). A relative path would resolve
 * against SYSTEM's working folder (C:\Windows\System32), never what the admin meant: a usage error (24).
 */
export function wimOption(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const path = String(value);
  if (/^[A-Za-z]:\\[^\\]/.test(path) || /^\\\\[^\\?.][^\\]*\\[^\\]+\\[^\\]/.test(path)) return path;
  throw new UsageError(
    `--wim must be an absolute path to a Winre.wim (C:\\...\\Winre.wim or \\\\server\\share\\...\\Winre.wim), not ${path || 'an empty value'}.`,
  );
}

/**
 * The WinRE baseline winre-fix ships: for each WinRE build family, the newest Safe OS update whose resulting WinRE
 * version Microsoft's KB pages state (docs/reference/winre-version.md#minimum-versions). It is data that ages in
 * weeks: admins keep their own with `--winre-baseline <file>` (schemas/winre-baseline.schema.json), and every
 * report names the baseline it used. A test validates this value against the schema.
 *
 * Families without a stated version for a later update keep the last stated one (Windows 10: KB5034441's
 * 10.0.19041.3920, the CVE-2024-20666 floor; later Windows 10 WinRE updates such as KB5087593 publish no version).
 */
import type { WinReBaseline } from '../contracts/generated/winre-baseline';

export const DEFAULT_WINRE_BASELINE: WinReBaseline = {
  schemaVersion: 1,
  name: 'winre-fix default 2026-05',
  published: '2026-05-12',
  families: [
    {
      build: 19041,
      minimum: '10.0.19041.3920',
      releases: 'Windows 10 21H2/22H2',
      kb: 'KB5034441',
      date: '2024-01-09',
      source: 'https://support.microsoft.com/help/5034441',
    },
    {
      build: 20348,
      minimum: '10.0.20348.2846',
      releases: 'Windows Server 2022, Azure Stack HCI 22H2',
      kb: 'KB5046916',
      source: 'https://support.microsoft.com/topic/b127d1e8-3e33-458f-817f-d9b9d8968658',
    },
    {
      build: 22000,
      minimum: '10.0.22000.2710',
      releases: 'Windows 11 21H2',
      kb: 'KB5034440',
      date: '2024-01-09',
      source: 'https://support.microsoft.com/help/5034440',
    },
    {
      build: 22621,
      minimum: '10.0.22621.7077',
      releases: 'Windows 11 22H2/23H2',
      kb: 'KB5087594',
      date: '2026-05-12',
      source: 'https://support.microsoft.com/help/5087594',
    },
    {
      build: 26100,
      minimum: '10.0.26100.8455',
      releases: 'Windows 11 24H2/25H2, Windows Server 2025',
      kb: 'KB5089593',
      date: '2026-05-12',
      source: 'https://support.microsoft.com/help/5089593',
    },
    {
      build: 28000,
      minimum: '10.0.28000.2110',
      releases: 'Windows 11 26H1',
      kb: 'KB5089591',
      date: '2026-05-12',
      source: 'https://support.microsoft.com/help/5089591',
    },
  ],
};

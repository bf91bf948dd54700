/**
 * The fixture library: one compact description per simulated PC. `npx tsx build/machines/generate.ts` turns
 * them into test/fixtures/machines/*.json, catalog.json and simulator/machines/builtin-*.json (the built-in PCs).
 *
 * References are sections of docs/reference/ (each names its public sources). Real numbers are used wherever a capture has them; every other number is an
 * ASSUMPTION chosen inside the range the sources give (see docs/fixtures.md).
 */
import type { BuiltInLanguage } from '../../src/simulation/built-in-machines';
import {
  GPT_TYPE,
  gib,
  mib,
  type DiskSpec,
  type MachineSpec,
  type OsPreset,
  type PartSpec,
  type ShareFileSpec,
  type ShareSpec,
} from './builder';

// ---------------------------------------------------------------------------------------------------------------
// Winre.wim sizes. Real WinRE images: 438 MB on Server 2019 (BladeFireLight/WindowsImageTools #3), "about 450MB"
// for Windows 10 2004+ (takondo/WinREupdate #1), 757 MiB on an ASUS Windows 11 (docs/reference/tools-landscape.md#what-a-better-tool-must-do, WinRE-Manager); the
// SetupPlatform log of a 23H2 upgrade shows a 674 MiB partition holding one (docs/reference/partition-layouts.md#real-layouts). ASSUMPTION: the exact byte
// counts below are ours, chosen in that range and growing with the release, as WinRE does.
export const WIM = {
  win10_22h2: 456_287_064, // ~435 MiB
  win11_23h2: 563_212_450, // ~537 MiB
  win11_24h2: 703_654_110, // ~671 MiB
  server2022: 451_829_780, // ~431 MiB
  win11_21h2: 531_488_123, // ~507 MiB
  win11_26h1: 742_915_072, // ~708 MiB (arm64)
} as const;

// ---------------------------------------------------------------------------------------------------------------
// OS presets. Builds/UBRs: 19045.4123 (docs/reference/transcripts.md#e1-windows-10-22h2-disabled), 22631.3296 (pastebin CcTJdKTe via docs/reference/reagentc.md#info-output-when-enabled), 26100 (docs/reference/transcripts.md#e2-windows-11-24h2-enabled-with-version-line),
// 20348 Server 2022 (docs/reference/storage-cmdlets.md#captured-get-partition-output). WinRE versions are those of machines that have NOT taken the January 2024 WinRE
// update: 10.0.19041.3920 is what that update brings to Windows 10 (docs/reference/reagentc.md#winre-registry-values), so a failing machine is below it.
// ASSUMPTION: 10.0.19041.3636, 10.0.22621.2428 (the schema's example), 10.0.20348.1 (RTM, never serviced).
export const OS = {
  win10Pro: {
    caption: 'Microsoft Windows 10 Pro',
    edition: 'Professional',
    build: 19045,
    ubr: 4123,
    displayVersion: '22H2',
    isServer: false,
    winreVersion: '10.0.19041.3636',
    wimSize: WIM.win10_22h2,
  },
  win10Enterprise: {
    caption: 'Microsoft Windows 10 Enterprise',
    edition: 'Enterprise',
    build: 19045,
    ubr: 4123,
    displayVersion: '22H2',
    isServer: false,
    winreVersion: '10.0.19041.3636',
    wimSize: WIM.win10_22h2,
  },
  win11Pro: {
    caption: 'Microsoft Windows 11 Pro',
    edition: 'Professional',
    build: 22631,
    ubr: 3296,
    displayVersion: '23H2',
    isServer: false,
    winreVersion: '10.0.22621.2428',
    wimSize: WIM.win11_23h2,
  },
  win11Home: {
    caption: 'Microsoft Windows 11 Home',
    edition: 'Core',
    build: 22631,
    ubr: 3296,
    displayVersion: '23H2',
    isServer: false,
    winreVersion: '10.0.22621.2428',
    wimSize: WIM.win11_23h2,
  },
  win11Pro24h2: {
    caption: 'Microsoft Windows 11 Pro',
    edition: 'Professional',
    build: 26100,
    ubr: 8235,
    displayVersion: '24H2',
    isServer: false,
    winreVersion: '10.0.26100.8235', // docs/reference/transcripts.md#e2-windows-11-24h2-enabled-with-version-line prints this WinRE version
    wimSize: WIM.win11_24h2,
  },
  win11Home24h2: {
    caption: 'Microsoft Windows 11 Home',
    edition: 'Core',
    build: 26100,
    ubr: 8235,
    displayVersion: '24H2',
    isServer: false,
    winreVersion: '10.0.26100.8235',
    wimSize: WIM.win11_24h2,
  },
  // ASSUMPTION: Windows 11 21H2 at its last servicing UBR range (22000.2538) with a WinRE never updated past
  // 10.0.22000.2538, below KB5034440's 10.0.22000.2710 (winre-version facts table, Greenbone NASL).
  win11Pro21h2: {
    caption: 'Microsoft Windows 11 Pro',
    edition: 'Professional',
    build: 22000,
    ubr: 2538,
    displayVersion: '21H2',
    isServer: false,
    winreVersion: '10.0.22000.2538',
    wimSize: WIM.win11_21h2,
  },
  // ASSUMPTION: Windows 11 26H1 (build 28000, shipped on new Arm PCs) before KB5089591 (10.0.28000.2110, 12 May 2026).
  win11Pro26h1: {
    caption: 'Microsoft Windows 11 Pro',
    edition: 'Professional',
    build: 28000,
    ubr: 1900,
    displayVersion: '26H1',
    isServer: false,
    winreVersion: '10.0.28000.1900',
    wimSize: WIM.win11_26h1,
  },
  server2022Std: {
    caption: 'Microsoft Windows Server 2022 Standard',
    edition: 'ServerStandard',
    build: 20348,
    ubr: 2227,
    displayVersion: '21H2',
    isServer: true,
    winreVersion: '10.0.20348.1',
    wimSize: WIM.server2022,
  },
  server2022Dc: {
    caption: 'Microsoft Windows Server 2022 Datacenter',
    edition: 'ServerDatacenter',
    build: 20348,
    ubr: 2227,
    displayVersion: '21H2',
    isServer: true,
    winreVersion: '10.0.20348.1',
    wimSize: WIM.server2022,
  },
} satisfies Record<string, OsPreset>;

// ---------------------------------------------------------------------------------------------------------------
// Disk sizes of real drives (bytes = sectors x 512).
const DISK = {
  /** 1,000,215,216 sectors: "476.94 GB" NVMe (ASUS ROG, docs/reference/partition-layouts.md#captured-layouts / 1.5; SK hynix 512 GB laptop, docs/reference/partition-layouts.md#captured-layouts). */
  ssd512: 512_110_190_592,
  /** 500,118,192 sectors: 256 GB class. */
  ssd256: 256_060_514_304,
  /** 250,069,680 sectors: 128 GB class. */
  ssd128: 128_035_676_160,
  /** 1,953,525,168 sectors: 1 TB class (931.51 GiB). */
  tb1: 1_000_204_886_016,
  /** 2,000,409,264 sectors: 1024 GB class (953.87 GiB), the Dell disk whose C: shows 931 GB (docs/reference/storage-cmdlets.md#localized-list-volume). */
  gb1024: 1_024_209_543_168,
} as const;

const KB5034441 = { kb: 'KB5034441' as const, attempts: 3, firstDate: '2024-01-10T03:12:09Z' };
const KB5034439 = { kb: 'KB5034439' as const, attempts: 3, firstDate: '2024-01-10T04:02:41Z' };
/** Windows 11 22H2/23H2: no KB title sourced, WinREAgent 4500/4502 only (see builder.failureRecords). */
const WINRE_SERVICING_FAILED = { attempts: 2, firstDate: '2024-01-10T03:12:09Z' };

// ---------------------------------------------------------------------------------------------------------------
// Partition helpers

const esp = (sizeMiB = 100, label = ''): PartSpec => ({
  role: 'esp',
  kind: 'esp',
  size: mib(sizeMiB),
  label,
});
const msr = (sizeMiB = 16): PartSpec => ({ role: 'msr', kind: 'msr', size: mib(sizeMiB) });
const osPart = (over: Partial<PartSpec> = {}): PartSpec => ({
  role: 'os',
  kind: 'os',
  size: 'fill',
  driveLetter: 'C',
  label: '',
  usedBytes: gib(187.3),
  ...over,
});
const winrePart = (sizeMiB: number, over: Partial<PartSpec> = {}): PartSpec => ({
  role: 'winre',
  kind: 'recovery',
  size: mib(sizeMiB),
  label: '',
  ...over,
});

/** Windows 11 clean install: ESP 100 MiB, MSR 16 MiB, C:, WinRE at the end (docs/reference/partition-layouts.md#real-layouts, pastebin CcTJdKTe). */
function win11Disk(over: Partial<DiskSpec> = {}, winreMiB = 674, osOver: Partial<PartSpec> = {}): DiskSpec {
  return {
    role: 'disk0',
    number: 0,
    style: 'GPT',
    size: DISK.ssd512,
    busType: 'NVMe',
    friendlyName: 'SAMSUNG MZVL2512HCJQ-00B00',
    partitions: [esp(), msr(), osPart(osOver), winrePart(winreMiB)],
    ...over,
  };
}

/**
 * The Windows 10 1903 laptop of docs/reference/partition-layouts.md#captured-layouts (SK hynix HFM512GDJTNG-8310): ESP 260 MiB, MSR 16 MiB at 273,678,336,
 * C: at 290,455,552 = 511,137,808,384 bytes, recovery 650 MiB at 511,428,263,936. The builder reproduces every
 * offset from the disk size alone (test/unit/fixtures-builder.test.ts checks it).
 */
function win10LaptopDisk(osOver: Partial<PartSpec> = {}, winre: Partial<PartSpec> = {}): DiskSpec {
  return {
    role: 'disk0',
    number: 0,
    style: 'GPT',
    size: DISK.ssd512,
    busType: 'NVMe',
    friendlyName: 'SKHynix_HFM512GDJTNG-8310A',
    partitions: [esp(260), msr(), osPart({ usedBytes: gib(301.4), ...osOver }), winrePart(650, winre)],
  };
}

const SEED_SOURCE =
  'Seed report (the PC this project started from): Windows 11 23H2 Pro, GPT NVMe, WinRE partition right after C: at the disk end with under 250 MB free, Chinese UI. Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install ESP 100 MiB/MSR 16 MiB, pastebin CcTJdKTe) and the 674 MiB WinRE partition of a 23H2 machine (docs/reference/partition-layouts.md#real-layouts, pastebin bFDBdWgs); zh-CN reagentc output docs/reference/transcripts.md#chinese-captures.';

function seed(name: string, over: Partial<MachineSpec>): MachineSpec {
  return {
    name,
    summary: 'Windows 11 23H2, WinRE partition after C: with under 250 MB free.',
    source: SEED_SOURCE,
    notes: 'The seed case.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win11Pro, uiLanguage: 'zh-CN' },
    disks: [win11Disk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'zh-CN' },
    failures: WINRE_SERVICING_FAILED,
    ...over,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pasted reagentc transcripts (machine.reagentc.transcript; docs/simulation.md "reagentc transcripts"). Lines as a
// console prints them; each marks its basis. The body values (status, location, GUID, ...) are replaced by the
// machine's state when /info runs, so the example values below only show the shape.

type TranscriptLine = {
  text: string;
  stream: 'stdout' | 'stderr';
  basis?: 'capture' | 'report' | 'assumption';
};

/** Console columns of `s`: Hangul, kana and CJK ideographs take two (docs/reference/reagentc.md#what-stays-the-same-in-every-language). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

/** '    <label>' padded to column 31 (one space when wider), as every captured block (E1-E4, ZH1-ZH4). */
function infoLine(label: string, value: string, basis: TranscriptLine['basis']): TranscriptLine {
  const pad = value === '' ? 0 : Math.max(1, 27 - displayWidth(label));
  return { text: `    ${label}${' '.repeat(pad)}${value}`, stream: 'stdout', basis };
}

const out = (text: string, basis: TranscriptLine['basis']): TranscriptLine => ({
  text,
  stream: 'stdout',
  basis,
});
const err = (text: string, basis: TranscriptLine['basis']): TranscriptLine => ({
  text,
  stream: 'stderr',
  basis,
});

/** ko-KR: no Korean reagentc output is public (docs/reference/transcripts.md#languages-with-no-capture): every line is an ASSUMPTION. */
const KO_SUCCESS = 'REAGENTC.EXE: 작업이 완료되었습니다.';
const KO_TRANSCRIPT = {
  source:
    'No public capture (pages, issues and code searched, 2026-12): docs/reference/transcripts.md#languages-with-no-capture. ASSUMPTION for every line; layout (title, second line, indented body, status line on stderr) as the captured en-US/zh-CN blocks (docs/reference/transcripts.md#chinese-captures).',
  info: [
    out('Windows 복구 환경(Windows RE) 및 시스템 초기화 구성', 'assumption'),
    out('정보:', 'assumption'),
    out('', 'assumption'),
    infoLine('Windows RE 상태:', 'Enabled', 'assumption'),
    infoLine(
      'Windows RE 위치:',
      '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      'assumption',
    ),
    infoLine('BCD(부팅 구성 데이터) 식별자:', '7c3c4ab6-7a4e-11ee-b962-0242ac120002', 'assumption'),
    infoLine('복구 이미지 위치:', '', 'assumption'),
    infoLine('복구 이미지 인덱스:', '0', 'assumption'),
    infoLine('사용자 지정 이미지 위치:', '', 'assumption'),
    infoLine('사용자 지정 이미지 인덱스:', '0', 'assumption'),
    out('', 'assumption'),
    err(KO_SUCCESS, 'assumption'),
  ],
  disable: [err(KO_SUCCESS, 'assumption')],
  enable: [err(KO_SUCCESS, 'assumption')],
};

/**
 * ja-JP: the success line is a capture (Windows 11 24H2, docs/reference/transcripts.md#japanese-reports); the status,
 * location and version labels are reported (ryo-aoki-pc/setup-notes, without the colon: the colon is ASSUMED as in
 * zh-CN); everything else is an ASSUMPTION.
 */
const JA_SUCCESS = 'REAGENTC.EXE: 操作は成功しました。';
const JA_TRANSCRIPT = {
  source:
    'docs/reference/transcripts.md#japanese-reports: success line captured on Windows 11 24H2 (Japanese blog post, 2025-11-26); labels reported by https://github.com/ryo-aoki-pc/setup-notes (windows-dual-boot.md). Other lines ASSUMPTION (marked per line).',
  info: [
    out('Windows 回復環境 (Windows RE) およびシステム リセットの構成', 'assumption'),
    out('情報:', 'assumption'),
    out('', 'assumption'),
    infoLine('Windows RE の状態:', 'Enabled', 'report'),
    infoLine(
      'Windows RE の場所:',
      '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      'report',
    ),
    infoLine('ブート構成データ (BCD) ID:', '7c3c4ab6-7a4e-11ee-b962-0242ac120002', 'assumption'),
    infoLine('回復イメージの場所:', '', 'assumption'),
    infoLine('回復イメージのインデックス:', '0', 'assumption'),
    infoLine('カスタム イメージの場所:', '', 'assumption'),
    infoLine('カスタム イメージのインデックス:', '0', 'assumption'),
    infoLine('Windows RE のバージョン:', '10.0.26100.8235', 'report'),
    out('', 'assumption'),
    err(JA_SUCCESS, 'assumption'),
  ],
  disable: [err(JA_SUCCESS, 'capture')],
  enable: [err(JA_SUCCESS, 'capture')],
};

// ---------------------------------------------------------------------------------------------------------------
// The machines

// ---------------------------------------------------------------------------------------------------------------
// `fix --wim <path|UNC>`: the PC of win10-winre-disabled-wim-missing (or a Windows 11 23H2 one) given a Winre.wim,
// in the organisation's share the way Intune remediations fetch a build-matching image
// (docs/reference/winre-version.md#restoring-a-missing-image), or on C:. The share admits 'CONTOSO\Domain
// Computers': SYSTEM reaches it as the computer account CONTOSO\<PC>$.

const SUPPLIED_SOURCE =
  'docs/reference/winre-version.md#restoring-a-missing-image (an Intune remediation fetches a build-matching Winre.wim from an organisation share; SYSTEM reads it as the computer account); the PC as win10-winre-disabled-wim-missing: docs/reference/tools-landscape.md#f8-recovery-partition-deleted-by-hand, layout docs/reference/partition-layouts.md#captured-layouts.';
const SHARE_WIM = '\\\\fs01.contoso.com\\WinRE\\19041\\x64\\Winre.wim';

function winreShare(
  over: Partial<ShareSpec> = {},
  wim: ShareFileSpec['wim'] = { version: '10.0.19041.5728' },
): ShareSpec {
  return {
    server: 'fs01.contoso.com',
    share: 'WinRE',
    readers: ['CONTOSO\\Domain Computers'],
    files: [
      {
        path: '\\19041\\x64\\Winre.wim',
        size: WIM.win10_22h2,
        contentId: `share Winre.wim ${JSON.stringify(wim)}`,
        wim,
      },
      {
        path: '\\22621\\x64\\Winre.wim',
        size: WIM.win11_23h2,
        contentId: 'share Winre.wim 10.0.22621.7077',
        wim: { version: '10.0.22621.7077' },
      },
    ],
    ...over,
  };
}

function suppliedWimMachines(): MachineSpec[] {
  const base = {
    source: SUPPLIED_SOURCE,
    os: { ...OS.win10Pro, uiLanguage: 'en-US', domain: 'CONTOSO' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Disabled', wim: 'missing', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
    args: { wim: SHARE_WIM },
  } satisfies Partial<MachineSpec>;
  return [
    {
      ...base,
      name: 'win10-wim-missing-fixed-from-share',
      summary:
        'WinRE disabled, Winre.wim missing; `--wim \\\\server\\share\\...` supplies a 19041 x64 image the computer account may read.',
      notes:
        'Fixed with --wim from the share: the image is verified, copied, hash-checked, renamed to Winre.wim, then enabled on a grown recovery partition.',
      expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_SUPPLIED', fixable: true },
      shares: [winreShare()],
    },
    {
      ...base,
      name: 'win10-wim-missing-fixed-from-local-file',
      summary:
        'WinRE disabled, Winre.wim missing; `--wim C:\\Deploy\\winre-19041-x64.wim` supplies the image from a local folder.',
      notes:
        'Fixed with a local --wim (e.g. a package that carries the image); the supplied file itself stays where it was.',
      expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_SUPPLIED', fixable: true },
      disks: [
        win10LaptopDisk({
          files: [
            {
              path: '\\Deploy\\winre-19041-x64.wim',
              size: WIM.win10_22h2,
              contentId: 'Winre.wim 10.0.19041.3636',
            },
          ],
        }),
      ],
      args: { wim: 'C:\\Deploy\\winre-19041-x64.wim' },
    },
    {
      ...base,
      name: 'win10-wim-damaged-staged-fixed-from-share',
      summary:
        'WinRE disabled with a damaged staged Winre.wim (WIM header write-in-progress); `--wim` from the share replaces it.',
      notes:
        'A copy into System32\\Recovery cut short left a WIM whose header says a write never finished; the supplied image replaces it.',
      expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_SUPPLIED', fixable: true },
      winre: { status: 'Disabled', wim: 'system32', bcd: 'kept', wimMetadata: { writeInProgress: true } },
      shares: [winreShare()],
    },
    {
      ...base,
      name: 'win10-wim-supplied-wrong-architecture',
      summary:
        'WinRE disabled, Winre.wim missing; the share holds an arm64 image for this x64 PC: refused, nothing changed (exit 31).',
      notes: 'The image is the right family and a WinRE, but ARCH 12 (arm64).',
      expect: { verdict: 'refused', reason: 'WIM_SUPPLIED_WRONG_ARCHITECTURE', fixable: false },
      shares: [winreShare({}, { version: '10.0.19041.5728', architecture: 12 })],
    },
    {
      ...base,
      name: 'win11-wim-supplied-wrong-family',
      summary:
        'Windows 11 23H2 (22631, WinRE family 22621), Winre.wim missing; `--wim` names the 19041 image: refused, nothing changed (exit 31).',
      notes: 'The admin pointed the 23H2 ring at the Windows 10 folder of the share.',
      expect: { verdict: 'refused', reason: 'WIM_SUPPLIED_WRONG_FAMILY', fixable: false },
      os: { ...OS.win11Pro, uiLanguage: 'en-US', domain: 'CONTOSO' },
      disks: [win11Disk()],
      failures: WINRE_SERVICING_FAILED,
      shares: [winreShare()],
    },
    {
      ...base,
      name: 'win10-wim-supplied-damaged',
      summary:
        'WinRE disabled, Winre.wim missing; the image on the share has a write-in-progress WIM header: refused, nothing changed (exit 31).',
      notes: 'A copy to the share that never finished.',
      expect: { verdict: 'refused', reason: 'WIM_SUPPLIED_DAMAGED', fixable: false },
      shares: [winreShare({}, { version: '10.0.19041.5728', writeInProgress: true })],
    },
    {
      ...base,
      name: 'win10-wim-supplied-share-unreachable',
      summary:
        'WinRE disabled, Winre.wim missing; the file server does not answer (off, blocked, no VPN): refused with "The network path was not found.", nothing changed (exit 31).',
      notes: 'shares[].reachable false: every open of the UNC path fails with ERROR_BAD_NETPATH.',
      expect: { verdict: 'refused', reason: 'WIM_SUPPLIED_UNREACHABLE', fixable: false },
      shares: [winreShare({ reachable: false })],
    },
    {
      ...base,
      name: 'win10-wim-supplied-share-denied',
      summary:
        'WinRE disabled, Winre.wim missing; the share admits only CONTOSO\\WinRE-Admins, not the computer account: refused, nothing changed (exit 31).',
      notes:
        'Access denied as CONTOSO\\<PC>$: the share grants an admins group, which SYSTEM is not on the network.',
      expect: { verdict: 'refused', reason: 'WIM_SUPPLIED_SHARE_DENIED', fixable: false },
      shares: [winreShare({ readers: ['CONTOSO\\WinRE-Admins'] })],
    },
  ];
}

export const MACHINES: MachineSpec[] = [
  seed('win11-gpt-small-winre-zh', {
    notes:
      'Seed case: 674 MiB WinRE (706,736,128-byte volume) holding a 23H2 Winre.wim, 130.9 MB (124.9 MiB) free; zh-CN UI and reagentc text.',
  }),
  seed('win11-gpt-small-winre-en', {
    summary: 'The seed case on an English system.',
    notes: 'Same layout as the seed, en-US UI and reagentc output.',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
  }),
  {
    name: 'win11-24h2-winre-already-resized',
    summary:
      'WinRE partition already grown by the KB5028997 procedure (1699 MiB to the last usable LBA): nothing to do.',
    source:
      'docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough: Windows 10.0.26100 VM, 110 GB disk, KB5028997 done by hand; the new recovery partition took the freed 1024 MB + 674 MB + the 1 MiB tail (list disk Free 0 B).',
    notes:
      'Compliant: ~1 GB free after a 24H2 Winre.wim; recovery partition ends at the last usable byte, not on a MiB.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro24h2, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: gib(110),
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        partitions: [
          esp(),
          msr(),
          osPart({ size: gib(110) - mib(1 + 100 + 16 + 674 + 1) - mib(1024), usedBytes: gib(38.2) }),
          winrePart(0, { size: 'last-usable', label: 'Recovery' }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win10-gpt-free-after-winre',
    summary:
      'WinRE too small but 33 GiB unallocated after it (VM disk grown from 127 to 160 GiB): grow without shrinking C:.',
    source:
      'docs/reference/tools-landscape.md#f20-the-reverse-problem (recovery partition after C: in grown VM disks: kernalix7/winpodx #324, MicrosoftDocs/azure-docs #32161); 127 GB Hyper-V disk (docs/reference/storage-cmdlets.md#alignment-and-disk-end, pastebin CcTJdKTe); Server 2022 524 MB recovery size (docs/reference/storage-cmdlets.md#diskpart-detail-partition).',
    notes: 'Free extent directly after WinRE; WinRE 524 MiB with ~81 MB free.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: gib(160),
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        partitions: [
          esp(),
          msr(),
          // C: as Setup left it on the original 127 GiB disk (aligned end 127 GiB - 1 MiB).
          osPart({ size: gib(127) - mib(1 + 100 + 16 + 524 + 1), usedBytes: gib(61.7) }),
          winrePart(524),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-gpt-gap-before-winre',
    summary:
      'A 200 MiB unallocated gap between C: and WinRE (earlier half-done resize): the shrink needed is smaller.',
    source:
      "MS sample script (docs/reference/reagentc.md#microsofts-sample-script: 'shrink 250MB minus any unallocated gap'); docs/reference/tools-landscape.md#f7-winre-on-c-with-an-unused-old-partition (unallocated space next to WinRE, MHimken/WinRE-Customization #9); layout docs/reference/partition-layouts.md#captured-layouts Win10 laptop.",
    notes: 'Gap of exactly 200 MiB before a 650 MiB WinRE; C: is 200 MiB smaller than in the capture.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk({}, { gapBefore: mib(200) })],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-1507-recovery-first',
    summary:
      'Windows 10 1507-era layout: WinRE partition (450 MiB) first on the disk, before the ESP and C:.',
    source:
      'docs/reference/partition-layouts.md#real-layouts: Win10 1507-1703 UEFI layout Recovery 450 MiB @ 1 MiB (attr 0x8000000000000001) -> ESP 99 MiB -> MSR 16 MiB -> C: (tenox7/listdisk); ReAgent.xml offset=1048576 (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml); docs/reference/tools-landscape.md#f6-winre-on-a-partition-before-the-os (MHimken/WinRE-Customization #4).',
    notes:
      "WinRE enabled on partition 1; upgraded to 22H2, the 22H2 Winre.wim leaves ~7 MB free. Expected fix: a new recovery partition after C:, the old one left in place (Microsoft's sample script, docs/reference/reagentc.md#microsofts-sample-script).",
    expect: { verdict: 'needs-fix', reason: 'RECOVERY_BEFORE_OS', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd256,
        busType: 'SATA',
        friendlyName: 'Samsung SSD 850 EVO 250GB',
        partitions: [
          winrePart(450, { label: 'Recovery', usedBytes: mib(8.5) }),
          esp(99),
          msr(),
          osPart({ size: 'rest', usedBytes: gib(97.6) }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'azure-server2022-recovery-first',
    summary:
      'Azure Windows Server 2022 image: MSR, Recovery 450 MiB, ESP, C: to the last usable LBA; WinRE disabled by default, WIM staged: enable it on a new partition after C: (the old recovery partition before C: stays; RECOVERY_BEFORE_OS is reported too).',
    source:
      'docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner (GitHub windows-latest runner: 150 GiB disk, C: 160,467,762,688 bytes ending 16,896 bytes before the end); WinRE disabled on Azure images and KB5034439 failing (actions/runner-images #9148, PR #9149).',
    notes: 'C: ends exactly at the last usable byte (not MiB aligned); no free space anywhere.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_STAGED', fixable: true },
    os: { ...OS.server2022Dc, uiLanguage: 'en-US', computerName: 'fv-az123-456' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: 161_061_273_600,
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        partitions: [
          msr(),
          winrePart(450, { role: 'recovery', label: 'Recovery' }),
          esp(99),
          osPart({ size: 'last-usable', label: 'Windows', usedBytes: gib(88.4) }),
        ],
      },
    ],
    winre: { status: 'Disabled', wim: 'system32', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034439,
  },
  {
    name: 'server2022-bios-mbr',
    summary: 'BIOS/MBR: System Reserved (active) + C: + 0x27 recovery partition (523 MiB, 83.41 MB free).',
    source:
      'docs/reference/partition-layouts.md#captured-layouts: Windows Server 2022 on QEMU, MBR, installed by Setup: System Reserved 100 MB IFS @ 1 MiB, C: @ 105,906,176 (15.39 GB), 523 MB Unknown (0x27) @ 16,629,366,784; Get-Volume free 68.18 MB / 8.18 GB / 83.41 MB. (The capture is Server Core; this twin has the Desktop Experience.)',
    notes: 'Real offsets and free space; 2 MiB left unused at the end of the 16 GiB disk, as captured.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.server2022Dc, uiLanguage: 'en-US' },
    disks: [serverQemuMbrDisk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034439,
  },
  {
    name: 'server2022-core-mbr',
    summary: 'Windows Server 2022 Datacenter Server Core (BIOS/MBR): KB5034439 fails; refused (Server Core).',
    source:
      'docs/reference/partition-layouts.md#captured-layouts (Server Core on QEMU, real layout and free space); docs/reference/tools-landscape.md#f19-windows-server (KB5034439 on Server 2022: actions/runner-images #9148; Server Core cannot be fixed by resizing, say-tech.co.jp vol.3).',
    notes: 'Same disk as server2022-bios-mbr, isServerCore true.',
    expect: { verdict: 'refused', reason: 'SERVER_CORE', fixable: false },
    os: { ...OS.server2022Dc, uiLanguage: 'en-US', isServerCore: true },
    disks: [serverQemuMbrDisk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034439,
  },
  {
    name: 'win10-mbr-four-primaries',
    summary:
      'BIOS/MBR disk with four primary partitions (System Reserved, C:, D:, E:), WinRE disabled with its image staged: no slot for a recovery partition.',
    source:
      'docs/reference/partition-layouts.md#real-layouts layout rules (MBR: at most 4 primary partitions, configure-biosmbr); docs/reference/tools-landscape.md#what-a-better-tool-must-do (MBR with four primaries is a case to classify); docs/reference/reagentc.md#info-output-when-disabled, docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (disabled, WIM in System32\\Recovery); System Reserved 499 MiB @ 1 MiB (docs/reference/partition-layouts.md#real-layouts, technologytoolbox).',
    notes:
      'No recovery partition: WinRE must get a new partition after C:, and MBR has no fifth primary slot (no extended partitions modelled).',
    expect: { verdict: 'refused', reason: 'MBR_NO_FREE_SLOT', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'MBR',
        size: 500_107_862_016,
        busType: 'SATA',
        friendlyName: 'ST500DM002-1BD142',
        partitions: [
          {
            role: 'sysres',
            kind: 'system-reserved',
            size: mib(499),
            label: 'System Reserved',
            usedBytes: mib(33),
          },
          osPart({ size: gib(200), usedBytes: gib(121.5) }),
          {
            role: 'data',
            kind: 'data',
            size: gib(180),
            driveLetter: 'D',
            label: 'Data',
            usedBytes: gib(140),
          },
          {
            role: 'backup',
            kind: 'data',
            size: 'rest',
            driveLetter: 'E',
            label: 'Backup',
            usedBytes: gib(44),
          },
        ],
      },
    ],
    winre: { status: 'Disabled', wim: 'system32', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-winre-disabled-wim-staged',
    summary:
      'WinRE disabled, Winre.wim staged in C:\\Windows\\System32\\Recovery; the 650 MiB recovery partition is empty.',
    source:
      'docs/reference/reagentc.md#info-output-when-disabled (reagentc /info while disabled), docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (/disable moves the WIM to System32\\Recovery); docs/reference/transcripts.md#e1-windows-10-22h2-disabled (Win10 19045.4123 disabled, old BCD id kept); layout docs/reference/partition-layouts.md#captured-layouts.',
    notes: 'A half-finished earlier attempt: WinRE disabled, WIM intact in System32.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_STAGED', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Disabled', wim: 'system32', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-winre-disabled-wim-missing',
    summary: 'WinRE disabled and Winre.wim nowhere on the machine: nothing to enable.',
    source:
      "docs/reference/tools-landscape.md#f8-recovery-partition-deleted-by-hand (recovery partition deleted without /disable, 'No WinRE location found': MHimken/WinRE-Customization #12); reagentc 'The Windows RE image was not found.' (docs/reference/reagentc.md#disable-enable-and-setreimage); layout docs/reference/partition-layouts.md#captured-layouts.",
    notes: 'Empty recovery partition, no WIM in System32; BCD id kept.',
    expect: { verdict: 'refused', reason: 'WINRE_DISABLED_WIM_MISSING', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Disabled', wim: 'missing', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  ...suppliedWimMachines(),
  {
    name: 'win10-winre-on-c',
    summary:
      'WinRE lives in C:\\Recovery\\WindowsRE (plenty of room); an old, unused 450 MiB recovery partition sits before C:.',
    source:
      'docs/reference/tools-landscape.md#f7-winre-on-c-with-an-unused-old-partition (WinRE in %SystemDrive%\\Recovery with an unused old recovery partition: MHimken/WinRE-Customization #9); docs/reference/reagentc.md#info-output-when-enabled (location points at the C: partition; commercialization-public #324).',
    notes:
      'reagentc location = the C: partition; the old recovery partition holds no WIM. WinRE updates have room on C:, so there is nothing to fix.',
    expect: { verdict: 'compliant', reason: 'WINRE_ON_OS_VOLUME', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd256,
        busType: 'SATA',
        friendlyName: 'CT250MX500SSD1',
        partitions: [
          winrePart(450, { role: 'old-recovery', label: 'Recovery', usedBytes: mib(9) }),
          esp(99),
          msr(),
          osPart({ size: 'rest', usedBytes: gib(121) }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'os' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'dell-winretools-image-dellsupport',
    summary:
      'Dell OEM layout: C: "OS", WINRETOOLS 990 MiB (WinRE, enough space), a 19 GB recovery-typed "Image" and DELLSUPPORT, all hidden.',
    source:
      'docs/reference/storage-cmdlets.md#localized-list-volume / MicrosoftDocs/windowsserverdocs #7688 (Dell Win 11 list volume: OS 931 GB, ESP 200 MB, WINRETOOLS 990 MB, Image 19 GB, DELLSUPPORT 1524 MB); docs/reference/tools-landscape.md#f15-oem-layouts.',
    notes:
      'Compliant, but two recovery-typed partitions: WinRE must be found via ReAgent.xml, not by type. ASSUMPTION: Image is recovery-typed, DELLSUPPORT basic+hidden.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.gb1024,
        busType: 'NVMe',
        friendlyName: 'PC SN810 NVMe WDC 1024GB',
        partitions: [
          esp(200, 'ESP'),
          msr(),
          osPart({ label: 'OS', usedBytes: gib(412.8) }),
          winrePart(990, { label: 'WINRETOOLS' }),
          { role: 'image', kind: 'recovery', size: mib(20173), label: 'Image', freeBytes: mib(690) },
          { role: 'dellsupport', kind: 'oem', size: mib(1524), label: 'DELLSUPPORT', usedBytes: mib(1187) },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'lenovo-winre-drv',
    summary:
      'Lenovo layout: SYSTEM_DRV ESP, MSR, C: "OS", WINRE_DRV 1000 MiB with 503.32 MB free: compliant.',
    source:
      'docs/reference/storage-cmdlets.md#get-volume (corporate Lenovo Get-Volume: OS 475.69 GB/164.69 GB free, WinRE_DRV 1000 MB/503.32 MB free); docs/reference/partition-layouts.md#real-layouts and docs/reference/storage-cmdlets.md#localized-list-volume (Lenovo SYSTEM_DRV 260 MiB, WINRE_DRV 1000 MiB hidden).',
    notes: 'Real free space; the WinRE volume also holds Lenovo recovery drivers (in usedBytes).',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Enterprise, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'NVMe',
        friendlyName: 'SAMSUNG MZVLB512HBJQ-000L7',
        partitions: [
          esp(260, 'SYSTEM_DRV'),
          msr(),
          osPart({ label: 'OS', freeBytes: gib(164.69), usedBytes: undefined }),
          winrePart(1000, { label: 'WINRE_DRV', freeBytes: mib(503.32) }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'razer-recpar-winre-end',
    summary:
      'Razer: a 100 MiB recovery-typed OEM partition (RazerRecPar) before C:, the real WinRE (916 MiB) at the end, too small for 24H2.',
    source:
      'docs/reference/partition-layouts.md#real-layouts (Razer: RazerRecPar 100 MB with Recovery GptType, OEM tool not WinRE; WinRE 916 MB at end; public notes).',
    notes: 'ASSUMPTION: RazerRecPar sits after the ESP; ~244 MB free on the WinRE volume (below 250 MB).',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win11Home24h2, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.tb1,
        busType: 'NVMe',
        friendlyName: 'SAMSUNG MZVL21T0HCLR-00B00',
        partitions: [
          esp(100),
          {
            role: 'razerrecpar',
            kind: 'recovery',
            size: mib(100),
            label: 'RazerRecPar',
            usedBytes: mib(4),
            files: [
              {
                path: '\\Razer\\Recovery\\RazerRecovery.exe',
                size: 41_922_560,
                contentId: 'RazerRecovery.exe 1.0',
              },
            ],
          },
          msr(),
          osPart({ usedBytes: gib(311.9) }),
          winrePart(916),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: WINRE_SERVICING_FAILED,
  },
  {
    name: 'oem-image-right-after-c',
    summary:
      'WinRE lives inside an 11.1 GiB recovery-typed OEM image partition right after C: that has 92 KB free: too large to delete and recreate.',
    source:
      'docs/reference/tools-landscape.md#f15-oem-layouts (builtbybel/FlyOOBE #63: a recovery partition of 11.1 GB with 92 KB free); OEM factory image partitions of 7-20 GiB carrying the recovery type (docs/reference/partition-layouts.md#real-layouts, WinRE-Manager docs/recovery-partition.md); docs/reference/tools-landscape.md#what-a-better-tool-must-do (never delete a recovery-typed partition > 2 GiB).',
    notes:
      'ASSUMPTION: the factory image (install.wim) and Winre.wim share that partition, as the report suggests (one recovery partition, full).',
    expect: { verdict: 'refused', reason: 'OEM_RECOVERY_PARTITION_LARGE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'SATA',
        friendlyName: 'TOSHIBA KSG60ZMV512G',
        partitions: [
          esp(260),
          msr(),
          osPart({ usedBytes: gib(266.3) }),
          {
            role: 'oem-image',
            kind: 'recovery',
            size: mib(11366),
            label: 'RECOVERY',
            freeBytes: 94_208,
            files: [
              {
                path: '\\RecoveryImage\\install.wim',
                size: 11_398_582_272,
                contentId: 'OEM factory install.wim',
              },
            ],
          },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'oem-image' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'oem-image-between-os-and-winre',
    summary:
      'An 11.1 GiB recovery-typed OEM image partition sits between C: and a too-small WinRE at the end: WinRE cannot grow into C: space.',
    source:
      'docs/reference/tools-landscape.md#f15-oem-layouts (builtbybel/FlyOOBE #63: recovery partition of 11.1 GB with 92 KB free); OEM factory image partitions of 7-20 GiB carrying the recovery type (docs/reference/partition-layouts.md#real-layouts, WinRE-Manager docs/recovery-partition.md); docs/reference/tools-landscape.md#what-a-better-tool-must-do (never delete a recovery-typed partition > 2 GiB).',
    notes: 'ASSUMPTION: WinRE (650 MiB) follows the image at the end of the disk.',
    expect: { verdict: 'refused', reason: 'PARTITION_BETWEEN_OS_AND_RECOVERY', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'SATA',
        friendlyName: 'TOSHIBA KSG60ZMV512G',
        partitions: [
          esp(260),
          msr(),
          osPart({ usedBytes: gib(266.3) }),
          { role: 'oem-image', kind: 'recovery', size: mib(11366), label: 'RECOVERY', freeBytes: 94_208 },
          winrePart(650),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'asus-rog-winre-before-oem-image',
    summary:
      'ASUS ROG: WinRE 750 MiB right after C:, then a 24 GiB factory image and a 260 MiB OEM partition; WinRE too small.',
    source:
      'docs/reference/partition-layouts.md#captured-layouts (ASUS ROG, Windows 11 Home 22631, INTEL SSDPEKNU512GZ: sizes 272,629,760 / 16,777,216 / 484,989,804,032 / 786,432,000 / 25,769,803,776 / 272,629,760).',
    notes:
      'Every size is the captured one: C: is not whole MiB and WinRE starts right behind it (offset 485,280,259,584, not MiB aligned); the fix must not touch the image.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win11Home, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'NVMe',
        friendlyName: 'INTEL SSDPEKNU512GZ',
        partitions: [
          esp(260),
          msr(),
          osPart({ size: 484_989_804_032, usedBytes: gib(205.6) }),
          winrePart(750, { contiguous: true }),
          {
            role: 'oem-image',
            kind: 'recovery',
            size: 25_769_803_776,
            label: 'RECOVERY',
            freeBytes: mib(1210),
            contiguous: true,
          },
          {
            role: 'myasus',
            kind: 'oem',
            size: 272_629_760,
            label: 'MYASUS',
            usedBytes: mib(96),
            contiguous: true,
          },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: WINRE_SERVICING_FAILED,
  },
  seed('win11-bitlocker-tpm', {
    summary: 'The seed layout with C: fully encrypted by BitLocker (TPM + recovery password), protection on.',
    source: `${SEED_SOURCE} BitLocker values: docs/reference/bitlocker.md#volume-status-and-protection (VolumeStatus 1, ProtectionStatus 1, EncryptionMethod 6, protectors RecoveryPassword + Tpm).`,
    notes:
      'The fix must suspend BitLocker around the partition-table change (docs/reference/bitlocker.md#volume-status-and-protection).',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    disks: [
      win11Disk({}, 674, {
        bitLocker: { volumeStatus: 1, protectionStatus: 1, encryptionPercentage: 100 },
      }),
    ],
  }),
  {
    name: 'win10-winre-on-bitlocker-c',
    summary:
      'As win10-winre-on-c, but BitLocker encrypted C: after WinRE landed there (TPM + recovery password, protection on).',
    source:
      "docs/reference/tools-landscape.md#f7-winre-on-c-with-an-unused-old-partition (WinRE in %SystemDrive%\\Recovery: MHimken/WinRE-Customization #9); docs/reference/bitlocker.md#winre-on-an-encrypted-c (Microsoft's WinRE technical reference: a separate partition keeps WinRE usable when the Windows partition is encrypted; reagentc /enable refuses an encrypted volume).",
    notes:
      'WinRE cannot start once BitLocker recovery locks C:. The fix creates a recovery partition after C: while WinRE still runs from C:, then moves WinRE there; the unused partition before C: stays.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_ON_ENCRYPTED_OS_VOLUME', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd256,
        busType: 'SATA',
        friendlyName: 'CT250MX500SSD1',
        partitions: [
          winrePart(450, { role: 'old-recovery', label: 'Recovery', usedBytes: mib(9) }),
          esp(99),
          msr(),
          osPart({
            size: 'rest',
            usedBytes: gib(121),
            bitLocker: { volumeStatus: 1, protectionStatus: 1, encryptionPercentage: 100 },
          }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'os' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  seed('win11-winre-fell-back-to-bitlocker-c', {
    summary:
      'WinRE in C:\\Recovery\\WindowsRE on a BitLocker C: (reagentc fell back there: the 500 MiB recovery partition after C: was too small), partition empty.',
    source: `${SEED_SOURCE} Variant: docs/reference/tools-landscape.md (REAgentC silently put WinRE back on C: when a custom 500 MB recovery partition was too small); docs/reference/bitlocker.md#winre-on-an-encrypted-c.`,
    notes:
      'The fix regrows the partition after C: while WinRE still runs from C:, then disables WinRE and enables it there.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_ON_ENCRYPTED_OS_VOLUME', fixable: true },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    disks: [
      win11Disk({}, 500, {
        bitLocker: { volumeStatus: 1, protectionStatus: 1, encryptionPercentage: 100 },
      }),
    ],
    winre: { status: 'Enabled', partition: 'os' },
  }),
  {
    name: 'win10-bitlocker-encrypting',
    summary: 'BitLocker encryption of C: in progress (37.4%): deferred until the conversion ends.',
    source:
      'docs/reference/bitlocker.md#volume-status-and-protection (VolumeStatus 2 EncryptionInProgress; shrink while converting treated as unsafe, inferred); docs/reference/tools-landscape.md#what-a-better-tool-must-do (BitLocker encryption/decryption in progress => defer); layout docs/reference/partition-layouts.md#captured-layouts.',
    notes:
      'Intune BitLocker policy just applied: XtsAes256, TPM + recovery password, protection Off until done.',
    expect: { verdict: 'refused', reason: 'BITLOCKER_CONVERSION_IN_PROGRESS', fixable: false },
    os: { ...OS.win10Enterprise, uiLanguage: 'en-US' },
    disks: [
      win10LaptopDisk({
        bitLocker: { volumeStatus: 2, protectionStatus: 0, encryptionPercentage: 37.4, encryptionMethod: 7 },
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  seed('win11-device-encryption', {
    summary:
      'Windows 11 Home with Device Encryption active (C: encrypted automatically): a new partition must be typed recovery at creation.',
    source:
      'docs/reference/tools-landscape.md#f1-new-partition-encrypted-before-it-is-typed (new recovery partition encrypted before it was typed: MHimken/WinRE-Customization #13); docs/reference/bitlocker.md#volume-status-and-protection (Device Encryption, WinRE-Manager troubleshooting.md); seed layout.',
    notes: 'deviceEncryption.enabled; C: FullyEncrypted with deviceEncryption true.',
    os: { ...OS.win11Home, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    deviceEncryption: true,
    disks: [
      win11Disk({}, 674, {
        bitLocker: {
          volumeStatus: 1,
          protectionStatus: 1,
          encryptionPercentage: 100,
          deviceEncryption: true,
        },
      }),
    ],
  }),
  seed('win11-device-encryption-in-progress', {
    summary: 'Device Encryption still encrypting C: (73.6%, protection Off): deferred.',
    source:
      'docs/reference/tools-landscape.md#f3-device-encryption-in-progress-lost-the-recovery-partition and docs/reference/bitlocker.md#volume-status-and-protection (WinRE-Manager troubleshooting.md: ProtectionStatus Off while EncryptionInProgress 73.6%; Dell Latitude 3550 and HP ProBook 450 G10 lost their recovery partition mid-encryption).',
    notes: 'The most severe failure mode reported: touching partitions now loses WinRE.',
    expect: { verdict: 'refused', reason: 'BITLOCKER_CONVERSION_IN_PROGRESS', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    deviceEncryption: true,
    disks: [
      win11Disk({ friendlyName: 'KBG50ZNV512G KIOXIA' }, 674, {
        bitLocker: {
          volumeStatus: 2,
          protectionStatus: 0,
          encryptionPercentage: 73.6,
          deviceEncryption: true,
        },
      }),
    ],
  }),
  {
    name: 'win10-c-too-full',
    summary: 'C: has 180 MiB free: not enough to give WinRE 250 MB more.',
    source:
      'docs/reference/tools-landscape.md#what-a-better-tool-must-do (preflight: C: free space >= shrink + staged WIM + backup + reserve); docs/reference/storage-cmdlets.md#get-partitionsupportedsize (SizeMin).',
    notes: '128 GB SSD, C: almost full.',
    expect: { verdict: 'refused', reason: 'INSUFFICIENT_SHRINK_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd128,
        busType: 'SATA',
        friendlyName: 'SanDisk SD8SN8U128G1002',
        partitions: [esp(260), msr(), osPart({ usedBytes: undefined, freeBytes: mib(180) }), winrePart(650)],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-c-unmovable-until-retry',
    summary:
      'Windows refuses the shrink of C: twice (a shadow copy being taken holds the end of C:), then allows it: fixed on the third attempt, after the pause.',
    source:
      'docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin (Size Not Supported below SizeMin); docs/reference/storage-cmdlets.md#get-partitionsupportedsize (SizeMin from immovable files, "can change slightly" between calls); WinRE-Manager retries the pre-shrink at once, after 10 s and after defrag /x (docs/reference/tools-landscape.md#existing-tools).',
    notes: 'unmovableFiles until attempt 3 (limit = C: volume size - 100 MiB); SizeMin blocks at plan time.',
    expect: { verdict: 'needs-fix', reason: 'SHRINK_LIMIT_WILL_RETRY', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      win10LaptopDisk({
        unmovableFiles: {
          limitBytes: 511_137_808_384 - 4096 - mib(100),
          until: 'attempt',
          attempt: 3,
          what: ['System Volume Information (a shadow copy being taken)'],
        },
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-c-unmovable-until-defrag',
    summary:
      'Windows refuses the shrink of C: until free-space consolidation (defrag C: /X) moves the files at its end: fixed on the fourth attempt.',
    source:
      'docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin; defrag /X "Perform free space consolidation" (https://learn.microsoft.com/windows-server/administration/windows-commands/defrag); WinRE-Manager shrinks again after defrag /x (docs/reference/tools-landscape.md#existing-tools).',
    notes: 'unmovableFiles until defrag (limit = C: volume size - 100 MiB), defrag /X takes 300 s.',
    expect: { verdict: 'needs-fix', reason: 'SHRINK_LIMIT_WILL_RETRY', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      win10LaptopDisk({
        unmovableFiles: {
          limitBytes: 511_137_808_384 - 4096 - mib(100),
          until: 'defrag',
          defragSeconds: 300,
          what: ['movable files consolidated late at the end of C:'],
        },
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-c-unmovable',
    summary:
      'C: has 140 GB free but unmovable files (the page file) end 100 MiB before its end: SizeMin blocks the shrink, and no retry or defrag /X moves them. The fix tries 4 times, then stops with nothing changed (22).',
    source:
      'docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin (Resize-Partition "Size Not Supported" from unmovable NTFS metadata: cloudfoundry/bosh-agent #434, cloudbase/windows-imaging-tools #291); docs/reference/storage-cmdlets.md#get-partitionsupportedsize (SizeMin from immovable files).',
    notes: 'unmovableBoundary = C: volume size - 100 MiB, and unmovableFiles until never (pagefile.sys).',
    expect: { verdict: 'needs-fix', reason: 'SHRINK_LIMIT_WILL_RETRY', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      win10LaptopDisk({
        usedBytes: gib(335.1),
        unmovableBoundary: 511_137_808_384 - 4096 - mib(100),
        unmovableFiles: {
          limitBytes: 511_137_808_384 - 4096 - mib(100),
          until: 'never',
          what: ['pagefile.sys'],
        },
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-c-dirty',
    summary: 'C: has its dirty bit set (chkdsk pending, HealthStatus Warning): a shrink would fail.',
    source:
      'docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin (dirty volume blocks resize: WOA-Project/WOA-Deployer-Lumia #39, SergeCaron changelog 2024-05-12); docs/reference/storage-cmdlets.md#get-volume (C: HealthStatus Warning / Full Repair Needed); docs/reference/storage-cmdlets.md#get-partitionsupportedsize (42008 "Cannot shrink a partition containing a volume with errors.").',
    notes: 'dirty: true, healthStatus Warning.',
    expect: { verdict: 'refused', reason: 'VOLUME_DIRTY', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk({ dirty: true, healthStatus: 'Warning' })],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-winre-on-second-disk',
    summary: 'C: on a new NVMe (disk 0); the ESP and the WinRE partition are on the old disk 1.',
    source:
      'builtbybel/FlyOOBE #195 (the 100 MB and 500 MB partitions were on Disk 1, not on the OS disk); docs/reference/transcripts.md#zh5-setreimage-to-another-disk (/setreimage to harddisk2); docs/reference/tools-landscape.md#what-a-better-tool-must-do (require WinRE on the OS disk; never touch another disk).',
    notes: 'reagentc location = harddisk1\\partition3.',
    expect: { verdict: 'refused', reason: 'RECOVERY_ON_OTHER_DISK', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'NVMe',
        friendlyName: 'CT500P3SSD8',
        partitions: [msr(), osPart({ size: 'rest', usedBytes: gib(233.2) })],
      },
      {
        role: 'disk1',
        number: 1,
        style: 'GPT',
        size: DISK.tb1,
        busType: 'SATA',
        friendlyName: 'WDC WD10EZEX-08WN4A0',
        partitions: [
          esp(100),
          { ...msr(), role: 'msr1' },
          winrePart(500, { label: '', usedBytes: mib(9) }),
          { role: 'data', kind: 'data', size: 'rest', driveLetter: 'D', label: 'Data', usedBytes: gib(611) },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  seed('win11-disk-numbers-change', {
    summary: 'The OS disk is disk 1 now and disk 0 after the next reboot (a data disk swaps with it).',
    source: `docs/reference/tools-landscape.md#f14-disk-numbers-change-between-reboots (disk numbers change between reboots: dsccommunity/StorageDsc #81, #104). ${SEED_SOURCE}`,
    notes: 'numberAfterReboot on both disks; WinRE location harddisk1\\partition4 before the reboot.',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    disks: [
      win11Disk({ number: 1, numberAfterReboot: 0 }),
      {
        role: 'disk1',
        number: 0,
        numberAfterReboot: 1,
        style: 'GPT',
        size: DISK.tb1,
        busType: 'SATA',
        friendlyName: 'ST1000DM010-2EP102',
        partitions: [
          { role: 'msr1', kind: 'msr', size: mib(16) },
          { role: 'data', kind: 'data', size: 'rest', driveLetter: 'D', label: 'Data', usedBytes: gib(402) },
        ],
      },
    ],
  }),
  {
    name: 'win10-partition-between-os-and-winre',
    summary: 'A D: data partition sits between C: and WinRE: WinRE cannot grow into space from C:.',
    source:
      'MS sample script (docs/reference/reagentc.md#microsofts-sample-script: WinRE must be OS.PartitionNumber + 1); docs/reference/partition-layouts.md#real-layouts (data partitions go after the recovery partition); docs/reference/tools-landscape.md#what-a-better-tool-must-do (non-recovery partition between OS and RE is a case).',
    notes: 'C: was shrunk after Setup to make D:; WinRE still at the end.',
    expect: { verdict: 'refused', reason: 'PARTITION_BETWEEN_OS_AND_RECOVERY', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'NVMe',
        friendlyName: 'SKHynix_HFM512GDJTNG-8310A',
        partitions: [
          esp(260),
          msr(),
          osPart({ size: gib(250), usedBytes: gib(140) }),
          { role: 'data', kind: 'data', size: 'fill', driveLetter: 'D', label: 'Data', usedBytes: gib(120) },
          winrePart(650),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'win10-reagentc-de',
    summary: 'German Windows 10 22H2: reagentc prints German labels and success text.',
    source:
      'docs/reference/tools-landscape.md#f5-localized-output-breaks-parsing and docs/reference/transcripts.md#german-reports (German reagentc /disable prints "REAGENTC.EXE: Vorgang erfolgreich": MHimken/WinRE-Customization #3; status label "Windows RE-Status", value English); layout docs/reference/partition-layouts.md#captured-layouts.',
    notes: 'de-DE UI and reagentc; the plan must equal the English twin (win10-22h2-gpt-small-winre).',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'de-DE' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'de-DE' },
    failures: KB5034441,
  },
  seed('win11-reagentc-ru', {
    summary: 'Russian Windows 11 23H2: reagentc prints the Russian status label (value stays English).',
    source: `docs/reference/tools-landscape.md#f5-localized-output-breaks-parsing and docs/reference/transcripts.md#russian-report (AdventDevInc/kudu #444: "Состояние среды восстановления Windows:", values in English). ${SEED_SOURCE}`,
    notes: 'ru-RU UI and reagentc; otherwise the seed.',
    os: { ...OS.win11Pro, uiLanguage: 'ru-RU' },
    reagentc: { outputLanguage: 'ru-RU' },
  }),
  {
    name: 'win10-zh-ui-reagentc-en',
    summary: 'Chinese Windows 10 whose reagentc prints English (console code page fallback).',
    source:
      'docs/reference/transcripts.md#e1-windows-10-22h2-disabled and docs/reference/transcripts.md#zh5-setreimage-to-another-disk (the same zh-CN Windows 10 19045.4123 machine printed Chinese in cmd and English in PowerShell); docs/reference/reagentc.md#streams-code-pages-and-the-printed-language.',
    notes: 'uiLanguage zh-CN, reagentc outputLanguage en-US.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'zh-CN' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  seed('win11-not-elevated', {
    summary: 'The seed case run without elevation: nothing can be changed.',
    source: `docs/reference/reagentc.md#disable-enable-and-setreimage (reagentc not elevated: "This command can only be executed from an elevated command prompt."); docs/reference/storage-cmdlets.md#error-records (Access denied, StorageWMI 40001). ${SEED_SOURCE}`,
    notes: 'isElevated false; otherwise the English seed.',
    expect: { verdict: 'refused', reason: 'NOT_ELEVATED', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US', isElevated: false },
    reagentc: { outputLanguage: 'en-US' },
  }),
  {
    name: 'server2022-dynamic-mirror',
    summary: 'Windows Server 2022 whose boot disk was converted to dynamic (to mirror it): refused.',
    source:
      'docs/reference/storage-cmdlets.md#diskpart-detail-partition (Server 2022 default layout: C: @ 122,683,392 of 33,685,504,000 bytes, recovery 524 MB @ 33,808,187,392, from a "mirror the boot disk" write-up); docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes (LDM metadata/data type GUIDs); docs/reference/tools-landscape.md#what-a-better-tool-must-do (dynamic disk is a case).',
    notes:
      'ASSUMPTION: conversion carved a 1 MiB LDM metadata partition from the MSR start and retyped C: as LDM data; the recovery partition keeps its type.',
    expect: { verdict: 'refused', reason: 'DYNAMIC_DISK', fixable: false },
    os: { ...OS.server2022Std, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: gib(32),
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        isDynamic: true,
        partitions: [
          esp(100),
          { role: 'ldm-meta', kind: 'ldm-metadata', size: mib(1) },
          msr(15),
          osPart({ size: 33_685_504_000, usedBytes: gib(14.2), gptType: GPT_TYPE.ldmData }),
          winrePart(524),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034439,
  },
  seed('win11-pending-reboot', {
    summary: 'The seed case with a servicing reboot pending (CBS RebootPending): deferred.',
    source: `docs/reference/tools-landscape.md#what-a-better-tool-must-do (preflight: no pending reboot); docs/reference/tools-landscape.md#f11-pending-servicing-and-reagentc-unmount-errors (pending servicing breaks reagentc: halsey51013/UpdateWindowsRE-CVE-2022-41099 #1). ${SEED_SOURCE}`,
    notes: "os.pendingRebootReasons = ['CBS RebootPending'].",
    expect: { verdict: 'refused', reason: 'PENDING_REBOOT', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US', pendingRebootReasons: ['CBS RebootPending'] },
    reagentc: { outputLanguage: 'en-US' },
  }),
  seed('win11-stale-image-location', {
    summary:
      'The seed case whose ReAgent.xml keeps a stale ImageLocation (the MBR location of the PC an image was captured on) while WinRE is enabled.',
    source: `docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (Microsoft's example ReAgent.xml of an image captured from another computer: ImageLocation \\Recovery\\WindowsRE, id 4238117423, offset 1048576); docs/reference/reagentc.md#microsofts-sample-script (blanks ImageLocation before reagentc /disable). ${SEED_SOURCE}`,
    notes:
      'ASSUMPTION (simulator/30-ReAgentC.ps1): reagentc /disable fails with Operation failed: 2 while the stale ImageLocation is there; winre-fix blanks it first.',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    winre: {
      status: 'Enabled',
      partition: 'winre',
      staleImageLocation: { path: '\\Recovery\\WindowsRE', id: 4238117423, offset: 1048576 },
    },
  }),
  seed('win11-4kn-disk', {
    summary: 'The seed layout on a 4Kn disk (4096-byte logical sectors): ESP 260 MiB, backup GPT 5 sectors.',
    source: `docs/reference/partition-layouts.md#real-layouts layout rules (ESP 260 MB on 4Kn drives, configure-uefigpt); docs/reference/storage-cmdlets.md#alignment-and-disk-end (alignment). ${SEED_SOURCE}`,
    notes: 'logicalSectorSize 4096; the usable end is 20,480 bytes before the disk end.',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    disks: [
      {
        ...win11Disk({
          size: DISK.tb1,
          friendlyName: 'WUS4BB019D7P3E3',
          logicalSectorSize: 4096,
          busType: 'NVMe',
        }),
        partitions: [esp(260), msr(), osPart({ usedBytes: gib(402.5) }), winrePart(674)],
      },
    ],
  }),
  seed('oem-winre-with-extra-files', {
    summary:
      'OEM WinRE partition (WINRETOOLS, 990 MiB) holding OEM tools besides Winre.wim; too little free; the fix must keep the OEM files.',
    source:
      'docs/reference/partition-layouts.md#real-layouts / docs/reference/storage-cmdlets.md#localized-list-volume (Dell WINRETOOLS 990 MB hidden after C:); docs/reference/tools-landscape.md#what-a-better-tool-must-do (extra OEM content must survive). ASSUMPTION: the OEM file names and sizes.',
    notes: 'Winre.wim + \\OEM\\ tools (~227 MB); ~236 MB free.',
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    disks: [
      win11Disk({
        size: DISK.tb1,
        friendlyName: 'PC SN740 NVMe WD 1024GB',
        partitions: [
          esp(),
          msr(),
          osPart({ label: 'OS' }),
          winrePart(990, {
            label: 'WINRETOOLS',
            files: [
              {
                path: '\\OEM\\SupportAssist\\SARemediation.wim',
                size: 226_492_416,
                contentId: 'SARemediation.wim 5.5',
              },
              {
                path: '\\OEM\\SupportAssist\\RecoveryConfig.xml',
                size: 4_212,
                contentId: 'RecoveryConfig.xml 5.5',
              },
              { path: '\\OEM\\Drivers\\storage\\iaStorVD.inf', size: 91_310, contentId: 'iaStorVD.inf 19.5' },
            ],
          }),
        ],
      }),
    ],
  }),
  {
    name: 'win10-22h2-gpt-small-winre',
    summary:
      'Windows 10 22H2, WinRE 650 MiB right after C: at the disk end, ~213 MB free: the classic KB5034441 failure.',
    source:
      'docs/reference/partition-layouts.md#captured-layouts (Windows 10 1903 laptop, SK hynix 512 GB: ESP 260 MB, MSR 16 MB, C: 476.03 GB, Recovery 650 MB at 511,428,263,936), upgraded to 22H2; KB5034441 failure records docs/reference/update-failure.md#detecting-the-failure / docs/reference/update-failure.md#winreagent-events.',
    notes: 'Every offset equals the capture; KB5034441 failed three times.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk()],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  {
    name: 'server2022-gpt-small-winre',
    summary:
      'Windows Server 2022 default GPT install: recovery 524 MiB after C:, ~85 MB free; KB5034439 fails.',
    source:
      'docs/reference/storage-cmdlets.md#diskpart-detail-partition (Server 2022 default install: C: @ 122,683,392, 33,685,504,000 bytes, Attrib 0X8000000000000000; recovery 524 MB @ 33,808,187,392); docs/reference/update-failure.md#windows-update-client-events, docs/reference/update-failure.md#update-history-from-automation (KB5034439 title, failures).',
    notes: "Real offsets; C:'s GPT attributes are 0x8000000000000000 as captured.",
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.server2022Std, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: gib(32),
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        partitions: [
          esp(100),
          msr(),
          osPart({ size: 33_685_504_000, usedBytes: gib(14.2), gptAttributes: '0x8000000000000000' }),
          winrePart(524),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034439,
  },
  {
    name: 'msi-winre-tools-bios-rvy',
    summary:
      'MSI: WinRE "WinRE tools" 900 MiB after C: with 442.38 MB free, then a 17.74 GiB recovery-typed BIOS_RVY image: compliant.',
    source:
      'docs/reference/partition-layouts.md#captured-layouts (MSI laptop, WDC PC SN520 512 GB: ESP 300 MB, MSR 128 MB, C: 457.9 GB, 900 MB Recovery "WinRE tools" 442.38 MB free, 17.74 GB Recovery "BIOS_RVY" 675.05 MB free).',
    notes: 'Every offset and free-space figure is the captured one; two recovery-typed partitions.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'fr-FR' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: DISK.ssd512,
        busType: 'NVMe',
        friendlyName: 'WDC PC SN520 SDAPNUW-512G-1032',
        partitions: [
          esp(300),
          msr(128),
          osPart({ size: 491_667_849_216, label: 'Windows', usedBytes: undefined, freeBytes: gib(88.83) }),
          winrePart(900, { label: 'WinRE tools', freeBytes: mib(442.38) }),
          { role: 'bios-rvy', kind: 'recovery', size: 'rest', label: 'BIOS_RVY', freeBytes: mib(675.05) },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win10-zh-partition-numbers-out-of-order',
    summary:
      'WinRE was moved by hand to a new 2047 MiB partition created in a gap: it is partition 5 but lies before partition 4 (no reboot yet). Compliant.',
    source:
      'docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers (Chinese how-to, Windows 10 19045.4123: disk 2 of 953 GB with MSR 16 MB @ 1024 KB, ESP 350 MB @ 17 MB, C: 253 GB @ 367 MB, partition 5 2047 MB @ 254 GB listed before partition 4 697 GB @ 256 GB, Free 2048 KB; then set id / gpt attributes); docs/reference/transcripts.md#zh5-setreimage-to-another-disk (/setreimage to harddisk2\\partition5).',
    notes:
      'Every offset and size follows from the capture (the 2048 KB free = 1 MiB before partition 4 + the tail); two 1863 GB data disks 0 and 1; partitions renumber at the next reboot. ASSUMPTION: the WinRE volume has no label.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'zh-CN' },
    disks: [
      dataDisk('data0', 0, 'ST2000DM008-2FR102', 'E', 'Data1'),
      dataDisk('data1', 1, 'ST2000DM008-2FR102', 'F', 'Data2'),
      {
        role: 'disk2',
        number: 2,
        style: 'GPT',
        size: DISK.gb1024,
        busType: 'NVMe',
        friendlyName: 'WDC WDS100T2B0C-00PXH0',
        partitions: [
          msr(),
          esp(350),
          osPart({ size: gib(254) - mib(367), usedBytes: gib(171.4) }),
          winrePart(2047, { number: 5 }),
          {
            role: 'data',
            kind: 'data',
            size: 'rest',
            gapBefore: mib(1),
            number: 4,
            driveLetter: 'D',
            label: 'Data',
            usedBytes: gib(402.3),
          },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'zh-CN' },
    pendingRenumber: true,
  },
  {
    name: 'win10-ms-script-no-gpt-attributes',
    summary:
      "Already fixed by Microsoft's sample script: WinRE recreated 250 MB larger (900 MiB) with the recovery type but no GPT attributes and no label. Compliant.",
    source:
      "docs/reference/reagentc.md#microsofts-sample-script (Microsoft's 'Extend the Windows RE partition' script: New-Partition -GptType recovery, Format-Volume without label, no GPT attributes set, size = old + 250MB); rbalsleyMSFT/FFU PR #39 (without 0x8000... the partition is unlabeled in Disk Management); layout docs/reference/partition-layouts.md#captured-layouts.",
    notes: 'gptAttributes 0x0000000000000000 on the WinRE partition; C: 250 MiB smaller than in the capture.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk({ size: 'fill' }, { size: mib(900), gptAttributes: '0x0000000000000000' })],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  seed('win11-reagentc-ko', {
    summary:
      'Korean Windows 11 23H2: reagentc prints Korean labels (pasted transcript; values stay English).',
    source: `docs/reference/transcripts.md#languages-with-no-capture (no Korean reagentc output is public: every line of the transcript is an ASSUMPTION in the layout of the captured zh-CN blocks, docs/reference/transcripts.md#chinese-captures; the status label 'Windows RE 상태' is the one a public Korean post-install script greps for). ${SEED_SOURCE}`,
    notes:
      'ko-KR UI; reagentc.transcript gives /info, /disable and /enable as Korean text, every line basis "assumption" (no capture exists); otherwise the seed.',
    os: { ...OS.win11Pro, uiLanguage: 'ko-KR' },
    reagentc: { outputLanguage: 'ko-KR', transcript: KO_TRANSCRIPT },
  }),
  seed('win11-24h2-reagentc-ja', {
    summary:
      'Japanese Windows 11 24H2: reagentc prints Japanese labels and success line (pasted transcript; values stay English).',
    source: `docs/reference/transcripts.md#japanese-reports: 'REAGENTC.EXE: 操作は成功しました。' after /disable and /enable captured on Windows 11 24H2 (Japanese blog post of 2025-11-26); labels 'Windows RE の状態' / 'Windows RE の場所' and the English value reported by https://github.com/ryo-aoki-pc/setup-notes (windows-dual-boot.md), which also reports 'Windows RE のバージョン'. ${SEED_SOURCE}`,
    notes:
      'ja-JP UI, 24H2 (version line); reagentc.transcript: success lines captured, status/location/version labels reported, every other line an ASSUMPTION (marked per line).',
    os: { ...OS.win11Pro24h2, uiLanguage: 'ja-JP' },
    // ASSUMPTION: a 750 MiB WinRE partition (the 674 MiB of the seed cannot hold the 24H2 image).
    disks: [win11Disk({}, 750)],
    reagentc: { outputLanguage: 'ja-JP', transcript: JA_TRANSCRIPT },
  }),
  seed('win11-enable-deferred-until-reboot', {
    summary: 'reagentc /enable succeeds but /info says Disabled until the next reboot.',
    source: `Issue 13 (field report: "reagentc /enable succeeds but /info says Disabled until a reboot"); ASSUMPTION: no Microsoft source documents it. ${SEED_SOURCE}`,
    notes:
      'reagentc.enableDeferredUntilReboot: each /enable sets pendingReboot.winreEnable, so /info prints Disabled (no location) until a simulated reboot.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US', enableDeferredUntilReboot: true },
  }),
  {
    name: 'win10-enable-falls-back-to-c',
    summary:
      'WinRE disabled with Winre.wim staged, and no recovery partition left: reagentc /enable silently puts WinRE in C:\\Recovery\\WindowsRE.',
    source:
      'docs/reference/tools-landscape.md#f8-recovery-partition-deleted-by-hand (recovery partition deleted by hand: MHimken/WinRE-Customization #12); reagent FindTargetPartition option 5, the OS partition (docs/simulation-windows.md reagentc table; commercialization-public #324); layout docs/reference/partition-layouts.md#captured-layouts without its recovery partition.',
    notes:
      'The 650 MiB recovery partition of the captured laptop was deleted (its space is unallocated after C:); WIM staged in System32\\Recovery; BCD id kept.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_DISABLED_WIM_STAGED', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        ...win10LaptopDisk(),
        partitions: [esp(260), msr(), osPart({ usedBytes: gib(301.4) })],
      },
    ],
    winre: { status: 'Disabled', wim: 'system32', bcd: 'kept' },
    reagentc: { outputLanguage: 'en-US' },
    failures: KB5034441,
  },
  seed('win11-journal-cut-mid-write', {
    summary:
      'The seed case whose first fix loses power halfway through its 3rd journal write (journal.json.tmp torn).',
    source: `docs/reference/fleet-tools.md#atomic-file-writes (a write is cut at any byte; temp file, flush, rename keeps the old or the new version); src/engine/journal.ts. ${SEED_SOURCE}`,
    notes:
      'journalPowerCut { atWrite 3, stage temp-partial }: the run ends with 29 leaving half of the new journal in journal.json.tmp; the next run must resume from journal.json.',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    reagentc: { outputLanguage: 'en-US' },
    journalPowerCut: { atWrite: 3, stage: 'temp-partial' },
  }),
  seed('oobe-undeployable', {
    summary:
      'The seed case on an image that is not finished (ImageState IMAGE_STATE_UNDEPLOYABLE): /enable fails 0x4c7.',
    source: `https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states (IMAGE_STATE_UNDEPLOYABLE: the image is not yet deployable, e.g. during generalize or before Setup completes); reagentc /enable fails with 0x4c7 outside IMAGE_STATE_COMPLETE (docs/reference/tools-landscape.md#f16-audit-mode-and-oobe; ArthurJDurand/WinRE-Manager docs/deployment.md). ${SEED_SOURCE}`,
    notes:
      'os.imageState IMAGE_STATE_UNDEPLOYABLE; otherwise the English seed. Deferred (exit 30): a fix would disable WinRE and never get it back.',
    expect: { verdict: 'refused', reason: 'SETUP_NOT_COMPLETE', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US', imageState: 'IMAGE_STATE_UNDEPLOYABLE' },
    reagentc: { outputLanguage: 'en-US' },
  }),
  seed('oobe-specialize-reseal-to-oobe', {
    summary:
      'The seed case sitting in OOBE (ImageState IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE): /enable fails 0x4c7.',
    source: `https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states (IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE: specialize done, the PC boots to OOBE); Autopilot/Intune can run scripts before OOBE finishes; reagentc /enable fails with 0x4c7 outside IMAGE_STATE_COMPLETE (docs/reference/tools-landscape.md#f16-audit-mode-and-oobe). ${SEED_SOURCE}`,
    notes: 'os.imageState IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE; otherwise the English seed.',
    expect: { verdict: 'refused', reason: 'SETUP_NOT_COMPLETE', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US', imageState: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE' },
    reagentc: { outputLanguage: 'en-US' },
  }),
  seed('oobe-audit-mode', {
    summary:
      'The seed case booted to audit mode (ImageState IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT): /enable fails 0x4c7.',
    source: `https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states (IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT: specialize done, the PC boots to audit mode); reagentc /enable fails with 0x4c7 in audit mode (docs/reference/tools-landscape.md#f16-audit-mode-and-oobe; ArthurJDurand/WinRE-Manager docs/deployment.md). ${SEED_SOURCE}`,
    notes:
      'os.imageState IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT (an OEM technician in audit mode); otherwise the English seed.',
    expect: { verdict: 'refused', reason: 'SETUP_NOT_COMPLETE', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US', imageState: 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT' },
    reagentc: { outputLanguage: 'en-US' },
  }),
  // -------------------------------------------------------------------------------------------------------------
  // WinRE patch levels (issue 14): one image per WinRE build family, outdated against src/domain/winre-baseline.ts,
  // with a recovery partition that already has room (compliant on space, so `fix` has nothing to resize and the
  // power-cut matrix does not take them), some with Safe OS update packages on C: for `fix --safeos-package`
  // (simulator/66-Dism.ps1). Package sizes and growth: ASSUMPTION (Safe OS DUs "take seconds to apply",
  // MHimken/WinRE-Customization README; Microsoft's KBs state only the resulting version).
  {
    name: 'win10-22h2-winre-outdated-safeos-package',
    summary:
      'Windows 10 22H2, roomy WinRE partition, WinRE 10.0.19041.3636 (below KB5034441): the Safe OS update KB5034232 and a Windows 11 one on C:.',
    source:
      'Layout: docs/reference/partition-layouts.md#captured-layouts (SK hynix Windows 10 laptop), recovery partition grown to 1200 MiB as KB5028997 asks. KB5034441 applies Safe OS DU KB5034232 and brings WinRE to 10.0.19041.3920 (https://support.microsoft.com/help/5034441; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'Outdated 19041 WinRE with room to patch; \\Updates holds the matching x64 package (-> 10.0.19041.3920) and a 22621 one (0x800f081e).',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      win10LaptopDisk(
        {
          files: [
            {
              path: '\\Updates\\windows10.0-kb5034232-x64.cab',
              size: 71_303_168,
              package: {
                kb: 'KB5034232',
                targetBuild: 19041,
                architecture: 9,
                resultingVersion: '10.0.19041.3920',
                addsBytes: mib(96),
                reclaimableBytes: mib(64),
              },
            },
            {
              path: '\\Updates\\windows11.0-kb5087594-x64.cab',
              size: 88_080_384,
              package: {
                kb: 'KB5087594',
                targetBuild: 22621,
                architecture: 9,
                resultingVersion: '10.0.22621.7077',
                addsBytes: mib(110),
                reclaimableBytes: mib(80),
              },
            },
          ],
        },
        { size: mib(1200) },
      ),
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-21h2-winre-outdated',
    summary: 'Windows 11 21H2, roomy WinRE partition, WinRE 10.0.22000.2538 (below KB5034440).',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install), recovery partition 1024 MiB. KB5034440 brings the 22000 WinRE to 10.0.22000.2710 (https://support.microsoft.com/help/5034440; docs/reference/winre-version.md#minimum-versions).',
    notes: 'The 22000 family, outdated, no package supplied.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro21h2, uiLanguage: 'en-US' },
    disks: [win11Disk({}, 1024, { usedBytes: gib(143.6) })],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win10-22h2-winre-current',
    summary:
      'Windows 10 22H2 whose WinRE is 10.0.19041.3920 (KB5034441 applied) on a 1024 MiB recovery partition: current.',
    source:
      'Layout: the Win10 1903 laptop of docs/reference/partition-layouts.md#captured-layouts with a 1024 MiB recovery partition. KB5034441 = WinRE 10.0.19041.3920 (https://support.microsoft.com/help/5034441; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'A current WinRE of its family (at the shipped baseline minimum) with room: compliant, patch level current.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [win10LaptopDisk({}, { size: mib(1024) })],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.19041.3920' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'server2022-winre-current',
    summary:
      'Windows Server 2022 whose WinRE is 10.0.20348.2846 (KB5046916 applied) on a 1024 MiB recovery partition: current.',
    source:
      'Layout: the Win11 clean-install GPT layout of docs/reference/partition-layouts.md#real-layouts with a 1024 MiB recovery partition. KB5046916 = WinRE 10.0.20348.2846 (https://support.microsoft.com/help/5046916; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'A current WinRE of its family (at the shipped baseline minimum) with room: compliant, patch level current.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.server2022Std, uiLanguage: 'en-US' },
    disks: [win11Disk({}, 1024)],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.20348.2846' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-21h2-winre-current',
    summary:
      'Windows 11 21H2 whose WinRE is 10.0.22000.2710 (KB5034440 applied) on a 1024 MiB recovery partition: current.',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install) with a 1024 MiB recovery partition. KB5034440 = WinRE 10.0.22000.2710 (https://support.microsoft.com/help/5034440; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'A current WinRE of its family (at the shipped baseline minimum) with room: compliant, patch level current.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro21h2, uiLanguage: 'en-US' },
    disks: [win11Disk({}, 1024)],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.22000.2710' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-24h2-winre-current',
    summary:
      'Windows 11 24H2 whose WinRE is 10.0.26100.8455 (KB5089593 applied) on a 1024 MiB recovery partition: current.',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install) with a 1024 MiB recovery partition. KB5089593 = WinRE 10.0.26100.8455 (https://support.microsoft.com/help/5089593; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'A current WinRE of its family (at the shipped baseline minimum) with room: compliant, patch level current.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro24h2, uiLanguage: 'en-US' },
    disks: [win11Disk({}, 1024)],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.26100.8455' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-26h1-arm64-winre-current',
    summary:
      'Windows 11 26H1 on Arm whose WinRE is 10.0.28000.2110 arm64 (KB5089591 applied) on a 1200 MiB recovery partition: current.',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install) with a 1200 MiB recovery partition. KB5089591 = WinRE 10.0.28000.2110 (https://support.microsoft.com/help/5089591; docs/reference/winre-version.md#minimum-versions). WIM ARCH 12 = arm64 (wimlib header.h / xml.c).',
    notes:
      'A current WinRE of its family (at the shipped baseline minimum) with room: compliant, patch level current.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro26h1, uiLanguage: 'en-US' },
    disks: [win11Disk({ busType: 'NVMe', friendlyName: 'WD PC SN740 SDDPNQD-512G-1006' }, 1200)],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.28000.2110', architecture: 12 },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-23h2-winre-current-package-not-newer',
    summary:
      'Windows 11 23H2 whose WinRE is already 10.0.22621.7077 (KB5087594): current; the same package on C: is not applicable.',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install), recovery partition 1024 MiB. KB5087594 = WinRE 10.0.22621.7077 (https://support.microsoft.com/help/5087594; docs/reference/winre-version.md#minimum-versions).',
    notes: 'A current 22621 WinRE; adding KB5087594 again fails 0x800f081e and changes nothing.',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro, uiLanguage: 'en-US' },
    disks: [
      win11Disk({}, 1024, {
        usedBytes: gib(201.2),
        files: [
          {
            path: '\\Updates\\windows11.0-kb5087594-x64.cab',
            size: 88_080_384,
            package: {
              kb: 'KB5087594',
              targetBuild: 22621,
              architecture: 9,
              resultingVersion: '10.0.22621.7077',
              addsBytes: mib(110),
              reclaimableBytes: mib(80),
            },
          },
        ],
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre', version: '10.0.22621.7077' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-24h2-winre-outdated-safeos-package',
    summary:
      'Windows 11 24H2, roomy WinRE partition, WinRE 10.0.26100.8235 (below KB5089593): the Safe OS update KB5089593 and a 22621 one on C:.',
    source:
      'The already-resized 24H2 layout (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough) with WinRE 10.0.26100.8235 as /info printed it (docs/reference/transcripts.md#e2-windows-11-24h2-enabled-with-version-line). KB5089593 = WinRE 10.0.26100.8455 (https://support.microsoft.com/help/5089593; docs/reference/winre-version.md#minimum-versions).',
    notes:
      'The main Safe OS patch case: matching x64 package (-> 10.0.26100.8455) and a wrong-family one (22621, 0x800f081e).',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro24h2, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: gib(110),
        busType: 'SAS',
        friendlyName: 'Msft Virtual Disk',
        partitions: [
          esp(),
          msr(),
          osPart({
            size: gib(110) - mib(1 + 100 + 16 + 674 + 1) - mib(1024),
            usedBytes: gib(38.2),
            files: [
              {
                path: '\\Updates\\windows11.0-kb5089593-x64.cab',
                size: 104_857_600,
                package: {
                  kb: 'KB5089593',
                  targetBuild: 26100,
                  architecture: 9,
                  resultingVersion: '10.0.26100.8455',
                  addsBytes: mib(128),
                  reclaimableBytes: mib(96),
                },
              },
              {
                path: '\\Updates\\windows11.0-kb5087594-x64.cab',
                size: 88_080_384,
                package: {
                  kb: 'KB5087594',
                  targetBuild: 22621,
                  architecture: 9,
                  resultingVersion: '10.0.22621.7077',
                  addsBytes: mib(110),
                  reclaimableBytes: mib(80),
                },
              },
            ],
          }),
          winrePart(0, { size: 'last-usable', label: 'Recovery' }),
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
  },
  {
    name: 'win11-26h1-arm64-winre-outdated',
    summary:
      'Windows 11 26H1 on Arm, WinRE 10.0.28000.1900 arm64 (below KB5089591): the arm64 package and an x64 build of it on C:.',
    source:
      'Layout: docs/reference/partition-layouts.md#real-layouts (Win11 clean install), recovery partition 1200 MiB. KB5089591 = WinRE 10.0.28000.2110 (https://support.microsoft.com/help/5089591; docs/reference/winre-version.md#minimum-versions). WIM ARCH 12 = arm64 (wimlib header.h / xml.c).',
    notes:
      'The 28000 family on arm64: the arm64 package applies (-> 10.0.28000.2110), the x64 one is not applicable (architecture).',
    expect: { verdict: 'compliant', reason: 'WINRE_HAS_ENOUGH_SPACE', fixable: false },
    os: { ...OS.win11Pro26h1, uiLanguage: 'en-US' },
    disks: [
      win11Disk({ busType: 'NVMe', friendlyName: 'WD PC SN740 SDDPNQD-512G-1006' }, 1200, {
        usedBytes: gib(96.4),
        files: [
          {
            path: '\\Updates\\windows11.0-kb5089591-arm64.cab',
            size: 113_246_208,
            package: {
              kb: 'KB5089591',
              targetBuild: 28000,
              architecture: 12,
              resultingVersion: '10.0.28000.2110',
              addsBytes: mib(132),
              reclaimableBytes: mib(100),
            },
          },
          {
            path: '\\Updates\\windows11.0-kb5089591-x64.cab',
            size: 109_051_904,
            package: {
              kb: 'KB5089591',
              targetBuild: 28000,
              architecture: 9,
              resultingVersion: '10.0.28000.2110',
              addsBytes: mib(130),
              reclaimableBytes: mib(98),
            },
          },
        ],
      }),
    ],
    winre: { status: 'Enabled', partition: 'winre', architecture: 12 },
    reagentc: { outputLanguage: 'en-US' },
  },
];

/**
 * The built-in simulated PCs (simulator/machines/builtin-<language>.json, src/simulation/built-in-machines.ts):
 * the seed case in English, the default of the CLI on Linux, and in Chinese (`--simulate builtin:zh-CN`).
 */
export const BUILT_IN_MACHINES: Readonly<Record<BuiltInLanguage, string>> = {
  'en-US': 'win11-gpt-small-winre-en',
  'zh-CN': 'win11-gpt-small-winre-zh',
};

/** A data-only disk (one basic partition after an MSR). */
function dataDisk(
  role: string,
  number: number,
  friendlyName: string,
  letter: string,
  label: string,
): DiskSpec {
  return {
    role,
    number,
    style: 'GPT',
    size: 2_000_398_934_016, // 3,907,029,168 sectors: "1863 GB" (docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers)
    busType: 'SATA',
    friendlyName,
    partitions: [
      { role: `${role}-msr`, kind: 'msr', size: mib(16) },
      {
        role: `${role}-data`,
        kind: 'data',
        size: 'rest',
        driveLetter: letter,
        label,
        usedBytes: gib(1210.7),
      },
    ],
  };
}

/** The QEMU Server 2022 MBR disk of docs/reference/partition-layouts.md#captured-layouts, every offset and free figure as captured. */
function serverQemuMbrDisk(): DiskSpec {
  return {
    role: 'disk0',
    number: 0,
    style: 'MBR',
    size: gib(16),
    busType: 'SATA',
    friendlyName: 'QEMU HARDDISK',
    partitions: [
      {
        role: 'sysres',
        kind: 'system-reserved',
        size: mib(100),
        label: 'System Reserved',
        freeBytes: mib(68.18),
      },
      osPart({ size: 16_523_460_608, usedBytes: undefined, freeBytes: gib(8.18) }),
      winrePart(523, { freeBytes: mib(83.41) }),
    ],
  };
}

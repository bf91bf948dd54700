/**
 * Get-DiskLayout reads GPT attribute bits from diskpart `detail partition` (no Storage cmdlet exposes them:
 * docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes). Here the process start of the native seam (Start-WinReFixNativeProcess, ps-scripts/lib/NativeCommand.ps1) is a stand-in that records the commands fed on stdin and answers with the real
 * piped-mode capture of docs/reference/storage-cmdlets.md#diskpart-detail-partition (Windows Server 2025, recovery partition), its offset set to this
 * machine's, so the parsing is checked against real text, in English and with German labels.
 */
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { GetDiskLayoutOutput } from '../../../src/contracts/generated/get-disk-layout';

jest.setTimeout(120_000);

const RECOVERY_OFFSET = 511403098112; // win11-gpt-small-winre-en, partition 4

/** docs/reference/storage-cmdlets.md#diskpart-detail-partition, verbatim except the offset (74576822272 on the source machine). */
const CAPTURE_EN = `
Microsoft DiskPart version 10.0.26100.1150

Copyright (C) Microsoft Corporation.
On computer: SERVER-01

DISKPART>
Disk 0 is now the selected disk.

DISKPART>
Partition 4 is now the selected partition.

DISKPART>
Partition 4
Type    : de94bba4-06d1-4d40-a16a-bfd50179d6ac
Hidden  : Yes
Required: Yes
Attrib  : 0X8000000000000001
Offset in Bytes: ${RECOVERY_OFFSET}

  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info
  ----------  ---  -----------  -----  ----------  -------  ---------  --------
* Volume 5                      NTFS   Partition    674 MB  Healthy    Hidden

DISKPART>
Leaving DiskPart...`;

/**
 * CONSTRUCTED: the same answer with German labels. Only 'Typ', 'Versteckt' and 'Offset in Byte' are captured
 * (docs/reference/storage-cmdlets.md#diskpart-on-mbr, MBR); 'Erforderlich' and 'Attribut' are guesses, which is the point: the parser
 * must not care about labels.
 */
const CAPTURE_DE = CAPTURE_EN.replace('Type    :', 'Typ         :')
  .replace('Hidden  :', 'Versteckt   :')
  .replace('Required:', 'Erforderlich:')
  .replace('Attrib  :', 'Attribut    :')
  .replace('Offset in Bytes:', 'Offset in Byte:')
  .replace('Disk 0 is now the selected disk.', 'Datenträger 0 ist jetzt der gewählte Datenträger.');

describe('Get-DiskLayout GPT attributes from diskpart', () => {
  let h: SimHarness;
  beforeAll(() => {
    h = openSimHarness('win11-gpt-small-winre-en', { readOnly: true });
  });
  afterAll(async () => {
    await h.dispose();
  });

  async function layoutWith(answer: string): Promise<{ layout: GetDiskLayoutOutput; commands: string[] }> {
    const set = await h.snippet(
      // Base64 so the text reaches PowerShell byte for byte, whatever quotes or `$ it holds.
      `$b64 = '${Buffer.from(answer, 'utf8').toString('base64')}'
       $global:FakeDiskPartAnswer = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b64)) -split "\n"
       function global:Start-WinReFixNativeProcess { param($FilePath, $Arguments, $InputLines) $global:FakeDiskPartSeen = @($InputLines); [ordered]@{ exitCode = 0; stdout = $global:FakeDiskPartAnswer; stderr = @() } }`,
    );
    expect(set.errors).toEqual([]);
    const layout = await h.scripts.run<GetDiskLayoutOutput>('Get-DiskLayout');
    const seen = await h.snippet('@($global:FakeDiskPartSeen)');
    return { layout, commands: seen.output as string[] };
  }

  it('feeds diskpart only selects and detail partition for the recovery partition, through the pipeline', async () => {
    const { commands } = await layoutWith(CAPTURE_EN);
    expect(commands).toEqual(['select disk 0', 'select partition 4', 'detail partition', 'exit']);
  });

  it.each([
    ['English', CAPTURE_EN],
    ['German labels', CAPTURE_DE],
  ])('reads 0x8000000000000001 for the recovery partition only (%s)', async (_label, answer) => {
    const { layout } = await layoutWith(answer);
    const attrs = layout.disks[0]!.partitions.map((p) => [p.number, p.gptAttributes]);
    expect(attrs).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, '0x8000000000000001'],
    ]);
  });

  it('an answer for another offset (a different partition) is not taken: null, never guessed', async () => {
    const { layout } = await layoutWith(CAPTURE_EN.replace(String(RECOVERY_OFFSET), '74576822272'));
    expect(layout.disks[0]!.partitions[3]!.gptAttributes).toBeNull();
  });

  it('a zero attribute prints without 0X (docs/reference/storage-cmdlets.md#diskpart-detail-partition) and is still read', async () => {
    const { layout } = await layoutWith(CAPTURE_EN.replace('0X8000000000000001', '0000000000000000'));
    expect(layout.disks[0]!.partitions[3]!.gptAttributes).toBe('0x0000000000000000');
  });
});

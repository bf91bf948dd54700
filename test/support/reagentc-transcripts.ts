/**
 * The recorded `reagentc /info` transcripts (test/fixtures/transcripts, each a public capture listed in
 * docs/reference/transcripts.md) and what each one says. Both parsers are held to this table: the TypeScript one
 * (test/unit/facts/reagentc-info.test.ts) and its PowerShell twin the step scripts use
 * (test/powershell/facts/reagentc-parsers-agree.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReAgentCInfo } from '../../src/domain/snapshot';

export const TRANSCRIPT_DIR = path.join(__dirname, '..', 'fixtures', 'transcripts');

/** The transcript's lines without the `# ` header (and without the final newline's empty line). */
export function transcriptLines(file: string): string[] {
  const lines = fs.readFileSync(path.join(TRANSCRIPT_DIR, file), 'utf8').split('\n');
  while (lines.length > 0 && lines[0]!.startsWith('# ')) lines.shift();
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const E3_P4 = {
  status: 'Enabled',
  location: {
    diskNumber: 0,
    partitionNumber: 4,
    path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
  },
  bcdId: '8e73986c-289e-11f0-bf53-a4d06eada308',
  version: null,
} as const;

const loc = (disk: number, part: number) => ({
  diskNumber: disk,
  partitionNumber: part,
  path: `\\\\?\\GLOBALROOT\\device\\harddisk${disk}\\partition${part}\\Recovery\\WindowsRE`,
});

export type ExpectedInfo = Omit<ReAgentCInfo, 'exitCode'>;
/** What each transcript says, read by a person from the capture (docs/reference/transcripts.md). */
export const EXPECTED_INFO: Record<string, ExpectedInfo> = {
  'en-US-19045-disabled.txt': {
    status: 'Disabled',
    location: null,
    bcdId: '3b8d20ae-532c-11ec-974d-da6acdd4c584',
    version: null,
  },
  'en-US-26100-enabled-version-line.txt': {
    status: 'Enabled',
    location: loc(0, 8),
    bcdId: '66478abd-e478-11ef-936d-b4e8d5b5fa22',
    version: '10.0.26100.8235',
  },
  'en-US-26100-server2025-enabled-partition4.txt': E3_P4,
  'en-US-26100-server2025-disabled-zero-bcd.txt': {
    status: 'Disabled',
    location: null,
    bcdId: '00000000-0000-0000-0000-000000000000',
    version: null,
  },
  'en-US-26100-server2025-enabled-partition6.txt': {
    status: 'Enabled',
    location: loc(0, 6),
    bcdId: '8e73986e-289e-11f0-bf53-a4d06eada308',
    version: null,
  },
  'en-US-26100-enabled.txt': {
    status: 'Enabled',
    location: loc(0, 4),
    bcdId: '49337674-1cd6-11f1-9c45-be1ac8ff0e7b',
    version: null,
  },
  'en-US-22631-enabled-collapsed.txt': {
    status: 'Enabled',
    location: loc(0, 4),
    bcdId: '57bbe585-98c6-11ee-931f-e7071dc38554',
    version: null,
  },
  'en-US-18362-not-elevated.txt': { status: 'Unknown', location: null, bcdId: null, version: null },
  'zh-CN-17134-disabled.txt': {
    status: 'Disabled',
    location: null,
    bcdId: '47eabbdd-9fed-11e8-a7e5-de72ec3a542d',
    version: null,
  },
  'zh-CN-unknown-disabled.txt': {
    status: 'Disabled',
    location: null,
    bcdId: 'd0351a75-4283-11ec-8797-04421ad29d45',
    version: null,
  },
  'zh-CN-unknown-disabled-after-setreimage.txt': {
    status: 'Disabled',
    location: null,
    bcdId: 'd0351a75-4283-11ec-8797-04421ad29d45',
    version: null,
  },
  'zh-CN-unknown-disabled-six-lines.txt': {
    status: 'Disabled',
    location: null,
    bcdId: '19285d63-6ff2-11ee-9e01-f7bfb87067d9',
    version: null,
  },
  'zh-CN-unknown-enabled-os-partition3.txt': {
    status: 'Enabled',
    location: loc(0, 3),
    bcdId: '19285d65-6ff2-11ee-9e01-f7bfb87067d9',
    version: null,
  },
  'zh-CN-unknown-enabled-partition4-before.txt': {
    status: 'Enabled',
    location: loc(0, 4),
    bcdId: '64511af6-4dd0-11ec-9f84-d4c2febe2930',
    version: null,
  },
  'zh-CN-unknown-enabled-partition4-after.txt': {
    status: 'Enabled',
    location: loc(0, 4),
    bcdId: '64511af8-4dd0-11ec-9f84-d4c2febe2930',
    version: null,
  },
  'zh-CN-26100-disabled-excerpt.txt': { status: 'Disabled', location: null, bcdId: null, version: '0.0.0.0' },
  'de-DE-26200-enabled-partition4-constructed.txt': E3_P4,
  'ru-RU-unknown-enabled-partition4-constructed.txt': E3_P4,
};

/** Every transcript file, sorted. */
export function transcriptFiles(): string[] {
  return fs
    .readdirSync(TRANSCRIPT_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

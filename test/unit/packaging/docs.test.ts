/** The return-code tables in the deployment guides are the generator's own output, so they cannot drift. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  configMgrReturnCodes,
  intuneReturnCodes,
  returnCodeTable,
} from '../../../src/packaging/return-codes';
import { projectRoot } from '../../../src/project-root';

function fencedAfter(doc: string, marker: string): string {
  const text = fs.readFileSync(path.join(projectRoot(), 'docs', doc), 'utf8');
  const at = text.indexOf(`<!-- return-codes:${marker} `);
  expect(at).toBeGreaterThan(0);
  const block = /```\n([\s\S]*?)```/.exec(text.slice(at));
  if (!block?.[1]) throw new Error(`no table after the ${marker} marker in ${doc}`);
  return block[1];
}

describe('deployment guides', () => {
  it('docs/deploy-intune.md shows the Intune return-code table', () => {
    expect(fencedAfter('deploy-intune.md', 'intune')).toBe(
      returnCodeTable(intuneReturnCodes(), 'Intune type'),
    );
  });

  it('docs/deploy-configmgr.md shows the ConfigMgr return-code table', () => {
    expect(fencedAfter('deploy-configmgr.md', 'configmgr')).toBe(
      returnCodeTable(configMgrReturnCodes(), 'ConfigMgr type'),
    );
  });
});

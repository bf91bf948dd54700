import { readAsset } from './assets';

/** The package version, from package.json (embedded as an asset in the single executable). */
export function toolVersion(): string {
  return (JSON.parse(readAsset('package.json')) as { version: string }).version;
}

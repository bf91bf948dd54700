/* Generated from schemas/enable-win-re-on-os-volume.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface EnableWinReOnOsVolumeResult {
  changed: boolean;
  status: 'Enabled';
  /**
   * The GLOBALROOT path reagentc /info printed afterwards.
   */
  location: string;
  imageSha256: string;
  info: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  };
}

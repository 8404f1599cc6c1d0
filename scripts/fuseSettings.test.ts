import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { FUSE_SETTINGS } from './fuseSettings.mjs';

describe('the Electron fuses Wavelane ships with', () => {
  it('turn off every way to run code through the binary and lock the app to its checked asar', () => {
    expect(FUSE_SETTINGS).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
  });

  it('names only fuses @electron/fuses knows, so the packaging step cannot silently skip one', () => {
    for (const name of Object.keys(FUSE_SETTINGS)) expect(FuseV1Options).toHaveProperty(name);
  });
});

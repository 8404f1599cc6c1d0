// Packaging step: `node scripts/flip-fuses.mjs <path to the packaged Electron app or binary>` flips the
// fuses in scripts/fuseSettings.mjs on it (run it after packaging, before code signing; on macOS it resets
// the ad-hoc signature so the app still starts before it is signed for real).
//
// Not run in CI, on purpose: CI builds and tests but does not package (the repository has no packager
// yet), and flipping these fuses on node_modules/electron would break development and the e2e tests,
// which start Electron with a loose out/ folder (OnlyLoadAppFromAsar), under Node-style options, without
// an app.asar to validate. Wire this script into the packager's after-pack hook when one is added.
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { FUSE_SETTINGS } from './fuseSettings.mjs';

const target = process.argv[2];
if (!target) {
  console.error('usage: node scripts/flip-fuses.mjs <packaged Electron app or binary>');
  process.exit(2);
}
const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: process.platform === 'darwin' };
for (const [name, value] of Object.entries(FUSE_SETTINGS)) {
  if (!(name in FuseV1Options)) {
    console.error(`flip-fuses: ${name} is not a fuse this @electron/fuses knows; update fuseSettings.mjs or the package`);
    process.exit(2);
  }
  config[FuseV1Options[name]] = value;
}
const flipped = await flipFuses(target, config);
console.log(`flip-fuses: set ${Object.keys(FUSE_SETTINGS).length} fuses on ${target} (${flipped} wire(s) written)`);

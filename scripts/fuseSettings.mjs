// The Electron fuses Wavelane ships with (https://www.electronjs.org/docs/latest/tutorial/fuses): features
// compiled into the Electron binary that an attacker with a foothold on the machine could otherwise use to
// run code as the app. Applied by scripts/flip-fuses.mjs to a packaged binary; unit-tested beside it.

/** Fuse name (as in @electron/fuses' FuseV1Options) -> its state in the shipped app, each with its reason. */
export const FUSE_SETTINGS = {
  // ELECTRON_RUN_AS_NODE would turn the signed app binary into a plain Node for any script.
  RunAsNode: false,
  // Cookies (none today, but any a future page sets) are encrypted at rest with the OS key store.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (--require, --import) would inject code into the main process, which owns the repository.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect/--inspect-brk would let anything that can start the app attach a debugger to the main process.
  EnableNodeCliInspectArguments: false,
  // The app.asar must match the hash recorded in the binary: no editing the app's code after signing.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Load the app only from app.asar (whose integrity is checked above), never from a loose app/ folder.
  OnlyLoadAppFromAsar: true,
};

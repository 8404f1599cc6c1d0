export declare const FUSE_SETTINGS: {
  RunAsNode: false;
  EnableCookieEncryption: true;
  EnableNodeOptionsEnvironmentVariable: false;
  EnableNodeCliInspectArguments: false;
  EnableEmbeddedAsarIntegrityValidation: true;
  OnlyLoadAppFromAsar: true;
};

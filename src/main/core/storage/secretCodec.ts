/**
 * Encrypts strings at rest with the operating system's key store. The desktop app passes one backed by
 * Electron's `safeStorage` (Keychain, DPAPI, libsecret); the browser host and the CLI pass none, and
 * secrets are then stored as plain text in an owner-only file. A port, so the core never imports electron.
 */
export interface SecretCodec {
  /** The ciphertext as base64. */
  encrypt(plain: string): Promise<string>;
  /** The plain text, or null when this machine's key cannot decrypt it. */
  decrypt(base64: string): Promise<string | null>;
}

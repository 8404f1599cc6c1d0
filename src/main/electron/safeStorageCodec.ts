import type { SecretCodec } from '../core/storage/secretCodec';

/** The part of Electron's `safeStorage` the codec uses (a port, so this file is tested without Electron). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string }>;
  getSelectedStorageBackend?(): string;
}

/**
 * A SecretCodec over `safeStorage` when it really encrypts, else undefined (secrets then stay plain text in
 * the owner-only settings file, as in the browser host). On Linux without a keyring Electron falls back to
 * `basic_text`, a hard-coded key: no better than the file's permissions, and unreadable elsewhere.
 */
export async function createSafeStorageCodec(storage: SafeStorageLike, platform = process.platform): Promise<SecretCodec | undefined> {
  if (!(await storage.isAsyncEncryptionAvailable())) return undefined;
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return {
    encrypt: async (plain) => (await storage.encryptStringAsync(plain)).toString('base64'),
    decrypt: async (base64) => {
      try {
        return (await storage.decryptStringAsync(Buffer.from(base64, 'base64'))).result;
      } catch {
        // Another machine's or user's key: the caller names the field and asks for it again.
        return null;
      }
    },
  };
}

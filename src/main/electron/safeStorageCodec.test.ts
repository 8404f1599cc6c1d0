import { describe, expect, it } from 'vitest';
import { createSafeStorageCodec, type SafeStorageLike } from './safeStorageCodec';

/** Stands in for safeStorage (a real one needs Electron and a keyring): XOR with a key, visibly not the text. */
function fakeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike {
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a));
  return {
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (plain) => xor(Buffer.from(plain)),
    decryptStringAsync: async (encrypted) => {
      if (encrypted.length === 0) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(encrypted).toString() };
    },
    getSelectedStorageBackend: () => backend,
  };
}

describe('createSafeStorageCodec', () => {
  it('encrypts to base64 and back when safeStorage can', async () => {
    const codec = await createSafeStorageCodec(fakeStorage(true), 'linux');
    const sealed = await codec!.encrypt('sk-secret');
    expect(sealed).not.toContain('sk-secret');
    expect(Buffer.from(sealed, 'base64').toString()).not.toContain('sk-secret');
    expect(await codec!.decrypt(sealed)).toBe('sk-secret');
    expect(await codec!.decrypt('')).toBeNull();
  });

  it('is absent when encryption is unavailable or only basic_text on Linux', async () => {
    expect(await createSafeStorageCodec(fakeStorage(false), 'darwin')).toBeUndefined();
    expect(await createSafeStorageCodec(fakeStorage(true, 'basic_text'), 'linux')).toBeUndefined();
  });
});

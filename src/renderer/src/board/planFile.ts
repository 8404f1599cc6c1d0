/** Reads a chosen plan file as text (FileReader: the one reader every host's renderer has). */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsText(file);
  });
}

/** How long a download's object URL lives: long enough for the browser to start the download. */
const OBJECT_URL_LIFETIME_MS = 10_000;

/**
 * Saves text as a file through a download link. A blob: URL rather than a data: URL, so large plans
 * are not limited by URL length; no CSP directive governs a download link's navigation.
 */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}

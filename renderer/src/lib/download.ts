// Hands a file the service produced (report.export, support.diagnostics: base64 bytes) to the browser as a download.
// A Blob URL and a temporary <a download>: no navigation, no inline data in the DOM, revoked right after.

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function downloadBytes(filename: string, mimeType: string, bytes: Uint8Array<ArrayBuffer> | string): void {
  const blob = new Blob([bytes], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: Chromium reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function downloadExport(file: { filename: string; mimeType: string; base64: string }): void {
  downloadBytes(file.filename, file.mimeType, base64ToBytes(file.base64));
}

/** Run files in and out of the browser: saving JSON as a download, reading a chosen file's text as JSON. */

/** Offers `data` as a JSON file download named `name` (Blob + object URL, revoked once the download started). */
export function downloadJson(name: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking in the same task can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

export type ParsedJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Parses a file's text as JSON; a failure names the file: "run.json is not JSON: <reason>". */
export function parseJsonFile(text: string, fileName: string): ParsedJson {
  if (text.trim() === '') return { ok: false, message: `${fileName} is not JSON: the file is empty` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, message: `${fileName} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

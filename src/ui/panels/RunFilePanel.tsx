/**
 * Export and import of a run (settings, curves and weights as one JSON file).
 * A file too big or unreadable is reported here; its text goes to the caller
 * as it is (the engine parses it off the page's thread), and whether it is a
 * valid run is reported back through `error`.
 */
import { useId, useState, type ChangeEvent } from 'react';
import '../panels.css';

/** The largest run file the page reads (200,000 curve entries take about 40 MiB). */
export const MAX_RUN_FILE_BYTES = 64 * 2 ** 20;

export interface RunFilePanelProps {
  /** Asked to save the current run (the caller downloads it, e.g. with downloadJson). */
  onExport: () => void;
  /** A chosen file's text. */
  onImport: (text: string, fileName: string) => void;
  /** The caller's last import or export problem; null when none. */
  error: string | null;
}

export function RunFilePanel({ onExport, onImport, error }: RunFilePanelProps) {
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const inputId = useId();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Cleared so that choosing the same file again fires another change.
    input.value = '';
    if (!file) return;
    setReadError(null);
    // Checked before the file is read whole: a huge file would hold the page's memory before being refused.
    if (file.size > MAX_RUN_FILE_BYTES) {
      setReadError(
        `${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MiB; a run file may be at most ${MAX_RUN_FILE_BYTES / 2 ** 20} MiB, so it was not read`,
      );
      return;
    }
    setReading(true);
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      setReadError(`could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
      setReading(false);
      return;
    }
    setReading(false);
    onImport(text, file.name);
  };

  const exportRun = () => {
    setReadError(null);
    onExport();
  };

  const shown = readError ?? error;
  return (
    <section className="panel run-file" aria-label="Run file">
      <div className="run-file-buttons">
        <button type="button" className="panel-button" onClick={exportRun} data-testid="export-run">
          Export run
        </button>
        <input
          id={inputId}
          className="file-input"
          type="file"
          accept=".json,application/json"
          onChange={onFile}
          data-testid="import-run"
        />
        <label className="panel-button file-button" htmlFor={inputId}>
          {reading ? 'Reading…' : 'Import run…'}
        </label>
      </div>
      {shown && (
        <p className="panel-error" role="alert" data-testid="run-error">
          {shown}
        </p>
      )}
    </section>
  );
}

/**
 * Where the Q-function came from, said on screen, with the one-click way to
 * the other start: the published pretrained Q, or an untrained one.
 */
import { useStore } from 'zustand';
import { usesQ } from '../../core/config';
import type { LabSettings } from '../../compute/engine/settings';
import type { EngineClient } from '../engineClient';
import type { LabStore, WeightsMessage } from '../store';
import { qSourceText, type QSource } from '../url/pageState';

export interface QSourceControlProps {
  settings: LabSettings;
  q: QSource;
  training: boolean;
  onPretrained: () => void;
  onUntrained: () => void;
  /** The outcome of the last request, when there is one to say. */
  message: WeightsMessage | null;
  /** Say a request's success too (the lecture view keeps to loading and failures). */
  sayDone?: boolean;
}

export function QSourceControl(props: QSourceControlProps) {
  const { settings, q, training, onPretrained, onUntrained, message, sayDone = true } = props;
  if (!usesQ(settings.agent)) return null;
  return (
    <div className="q-source" data-testid="q-source">
      <p className="q-source-line">
        <span className="status-key">Q-function:</span>{' '}
        <strong data-testid="q-source-text" data-q={q}>
          {qSourceText(q, settings.agent)}
        </strong>
      </p>
      <div className="buttons">
        {q !== 'none' && (
          <button type="button" data-testid="q-untrained" disabled={training} onClick={onUntrained}>
            Start from an untrained Q
          </button>
        )}
        {q !== 'pretrained' && (
          <button type="button" data-testid="q-pretrained" disabled={training} onClick={onPretrained}>
            Load the pretrained Q
          </button>
        )}
      </div>
      {message && (sayDone || message.kind !== 'done') && (
        <p
          className={message.kind === 'failed' ? 'hint field-error' : 'hint'}
          data-testid="weights-message"
          role="status"
        >
          {message.text}
        </p>
      )}
    </div>
  );
}

/** The control wired to the page: the store's Q source and last weights message, the client's two ways to start. */
export function PageQSource({
  store,
  client,
  settings,
  training,
  sayDone,
}: {
  store: LabStore;
  client: EngineClient;
  settings: LabSettings;
  training: boolean;
  sayDone?: boolean;
}) {
  const q = useStore(store, (s) => s.q);
  const message = useStore(store, (s) => s.weightsMessage);
  return (
    <QSourceControl
      settings={settings}
      q={q}
      training={training}
      onPretrained={() => void client.loadPretrained()}
      onUntrained={() => client.resetQ()}
      message={message}
      sayDone={sayDone}
    />
  );
}

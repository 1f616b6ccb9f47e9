/** The URL-notice banner, the engine's notices and the errors (role="alert"), each dismissable. */
import { useStore } from 'zustand';
import { dismissMessage, type LabStore, type Message } from '../store';
import type { UrlNotice } from '../url/urlState';

export function UrlNoticeBanner({ notices, onDismiss }: { notices: readonly UrlNotice[]; onDismiss: () => void }) {
  if (notices.length === 0) return null;
  return (
    <section className="banner notice" data-testid="url-notice" aria-labelledby="url-notice-title">
      <div>
        <h2 id="url-notice-title">Some values in the link were not used</h2>
        <ul>
          {notices.map((n, i) => (
            <li key={i}>
              <code>{n.key}</code> = <code>{n.value}</code>: {n.allowed}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" data-testid="url-notice-dismiss" aria-label="Dismiss the link notice" onClick={onDismiss}>
        ✕
      </button>
    </section>
  );
}

export function MessageList({
  messages,
  kind,
  onDismiss,
}: {
  messages: readonly Message[];
  kind: 'notice' | 'error';
  onDismiss: (id: number) => void;
}) {
  if (messages.length === 0) return null;
  return (
    <div className={`messages ${kind}`}>
      {messages.map((m) => (
        <div
          key={m.id}
          className={`banner ${kind}`}
          role={kind === 'error' ? 'alert' : 'status'}
          data-testid={kind === 'error' ? 'error' : 'engine-notice'}
        >
          <p>{m.text}</p>
          <button type="button" aria-label={`Dismiss: ${m.text}`} onClick={() => onDismiss(m.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}

/** The page's three message lists (link notices, errors, engine notices) read from the store; both views show them. */
export function PageMessages({ store }: { store: LabStore }) {
  const urlNotices = useStore(store, (s) => s.urlNotices);
  const notices = useStore(store, (s) => s.notices);
  const errors = useStore(store, (s) => s.errors);
  return (
    <>
      <UrlNoticeBanner notices={urlNotices} onDismiss={() => store.setState({ urlNotices: [] })} />
      <MessageList messages={errors} kind="error" onDismiss={(id) => dismissMessage(store, 'errors', id)} />
      <MessageList messages={notices} kind="notice" onDismiss={(id) => dismissMessage(store, 'notices', id)} />
    </>
  );
}

/** The button (and key L) that switches between the lab view and the lecture view. */
export function ViewToggle({ store, to }: { store: LabStore; to: 'lab' | 'lecture' }) {
  return (
    <button
      type="button"
      className="view-toggle"
      data-testid="view-toggle"
      aria-keyshortcuts="L"
      onClick={() => store.setState({ view: to })}
    >
      {to === 'lecture' ? 'Lecture view' : 'Lab view'}
    </button>
  );
}

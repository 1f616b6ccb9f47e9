/**
 * What every view of the page reads to edit settings: the settings in force,
 * whether a training run holds them, and the one way to change them (through
 * the engine client, which keeps the store and the URL in step).
 */
import { useStore } from 'zustand';
import type { LabSettings } from '../compute/engine/settings';
import type { EngineClient } from './engineClient';
import type { LabStore } from './store';

export function useLabSettings(store: LabStore, client: EngineClient) {
  const settings = useStore(store, (s) => s.settings);
  const status = useStore(store, (s) => s.status);
  const progress = useStore(store, (s) => s.progress);
  /** A training run is on (the engine says so, or its progress is still running). */
  const training = status.training || (progress?.running ?? false);
  const change = (next: LabSettings) => {
    if (next !== settings) client.configure(next);
  };
  return { settings, status, progress, training, change };
}

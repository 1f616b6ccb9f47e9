/**
 * The weights panel and the step-through of one MPPI iteration, wired to the
 * engine client: the same pair in the lab layout and in the lecture view.
 */
import type { InspectView } from '../../compute/engine/inspect';
import type { LabSettings } from '../../compute/engine/settings';
import type { EngineClient } from '../engineClient';
import { StepThrough } from './StepThrough';
import { WeightsPanel } from './WeightsPanel';

export interface LectureToolsProps {
  client: EngineClient;
  settings: LabSettings;
  /** The frozen iteration at its sub-step (null when not stepping through). */
  inspect: InspectView | null;
  training: boolean;
  onChange: (next: LabSettings) => void;
}

export function LectureTools({ client, settings, inspect, training, onChange }: LectureToolsProps) {
  return (
    <>
      <WeightsPanel source={client} />
      <StepThrough
        view={inspect}
        settings={settings}
        onChange={onChange}
        enabled={!training}
        actions={{
          inspect: (stage) => client.inspect(stage),
          end: () => client.inspectEnd(),
          step: () => client.step(),
        }}
      />
    </>
  );
}

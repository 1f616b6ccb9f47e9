/**
 * An error boundary around one panel: a panel that throws while rendering
 * shows what went wrong in its own place, with a button to draw it again, and
 * the rest of the page goes on (React unmounts the whole tree otherwise).
 */
import { Component, type ReactNode } from 'react';

export interface PanelBoundaryProps {
  /** The panel's name, for the message ("Learning plots"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

export class PanelBoundary extends Component<PanelBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown): void {
    // Kept in the console for a bug report; the page itself shows the message.
    console.warn(`${this.props.name} failed:`, error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel panel-failed" role="alert" data-testid="panel-failed">
        <p>
          <strong>{this.props.name}</strong> could not be drawn: {error.message}. The rest of the page works.
        </p>
        <button type="button" className="panel-button" onClick={() => this.setState({ error: null })}>
          Draw it again
        </button>
      </section>
    );
  }
}

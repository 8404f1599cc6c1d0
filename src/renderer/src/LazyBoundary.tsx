import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed to load, in the words of the alert ("The terminal panes"). */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Catches a part of the page that failed to load or render (a lazily loaded chunk that is gone because
 * Wavelane was rebuilt or upgraded since the page loaded), so the rest of the board stays usable and the
 * user is told to reload, instead of React unmounting the whole page to a blank screen.
 */
export class LazyBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice">
        <p role="alert" className="notice-text">
          {this.props.what} could not load ({this.state.error.message}). Reload the page to get the current version.
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

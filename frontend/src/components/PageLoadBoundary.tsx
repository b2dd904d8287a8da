import { Component, type ReactNode } from "react";

/** Says so in a sentence, rather than leaving a blank page, when a page's code cannot be
 * loaded: a new version was deployed since this tab was opened, or the connection dropped.
 * Reloading fetches it again. Placed around each lazily loaded part; moving to another address
 * (`at`) tries again, without remounting what it holds, so a page keeps its unsaved state
 * across its own addresses. `whole` when it stands for the whole page (no layout around it). */
export class PageLoadBoundary extends Component<{ children: ReactNode; at: string; whole?: boolean }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(previous: { at: string }): void {
    if (this.state.failed && previous.at !== this.props.at) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const advice = (
      <p className="govuk-body">
        Check your internet connection, then{" "}
        <a className="govuk-link" href={window.location.href}>
          reload the page
        </a>
        . Nothing on this page has been sent.
      </p>
    );
    if (this.props.whole) {
      return (
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            <div role="alert">
              <h1 className="govuk-heading-l">This page could not be loaded</h1>
              {advice}
            </div>
          </main>
        </div>
      );
    }
    return (
      <div className="govuk-error-summary" role="alert">
        <h2 className="govuk-error-summary__title">This page could not be loaded</h2>
        <div className="govuk-error-summary__body">{advice}</div>
      </div>
    );
  }
}

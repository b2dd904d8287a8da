import { Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Link, navigate, useLocation } from "../router";
import { PageLoadBoundary } from "./PageLoadBoundary";

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

/** The pages of the current group of the navigation, shown under the service navigation. */
export interface SubNav {
  label: string;
  items: NavItem[];
}

/** The width from which GOV.UK shows the service navigation in full (its tablet breakpoint);
 * below it the navigation folds behind a "Menu" button. */
const WIDE = "(min-width: 40.0625em)";

function useWide(): boolean {
  const query = useMemo(() => (typeof window !== "undefined" && window.matchMedia ? window.matchMedia(WIDE) : null), []);
  const [wide, setWide] = useState(query ? query.matches : true);
  useEffect(() => {
    if (!query) return;
    const changed = () => setWide(query.matches);
    query.addEventListener("change", changed);
    return () => query.removeEventListener("change", changed);
  }, [query]);
  return wide;
}

/** The page frame: skip link, header (with the signed-in person's own links), service
 * navigation (its groups folding behind a menu button on a phone), the current group's pages
 * and the main landmark. Focus moves to the main content after each client-side navigation,
 * as a new page would. */
export function Layout({
  serviceName,
  serviceHref,
  homeHref = "/",
  nav,
  subNav,
  account = [],
  children,
}: {
  serviceName?: string;
  serviceHref?: string;
  /** Where the header's name leads: the staff portal's start, or a public page. */
  homeHref?: string;
  nav: NavItem[];
  subNav?: SubNav;
  /** The signed-in person's own links (their account, signing out), in the header. */
  account?: NavItem[];
  children: ReactNode;
}) {
  const { href } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const wide = useWide();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [href]);
  // One link needs no menu to fold it away.
  const folds = !wide && nav.length > 1;

  return (
    <>
      <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-generic-header" role="banner">
        <div className="govuk-generic-header__container govuk-width-container">
          <div className="govuk-generic-header__logo">
            <Link href={homeHref} className="govuk-generic-header__homepage-link">
              <span className="app-header__logo-text">Redress</span>
              <span className="govuk-visually-hidden"> home page</span>
            </Link>
          </div>
          {account.length > 0 && (
            <nav aria-label="Account" className="app-header__account">
              <ul className="app-header__account-list">
                {account.map((item) => (
                  <li key={item.href} className="app-header__account-item">
                    <Link href={item.href} className="app-header__account-link" aria-current={item.current ? "page" : undefined}>
                      {item.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      </header>
      {(serviceName || nav.length > 0) && (
        <section aria-label="Service information" className="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              {serviceName && (
                <span className="govuk-service-navigation__service-name">
                  {serviceHref ? (
                    <Link href={serviceHref} className="govuk-service-navigation__link">
                      {serviceName}
                    </Link>
                  ) : (
                    <span className="govuk-service-navigation__text">{serviceName}</span>
                  )}
                </span>
              )}
              {nav.length > 0 && (
                <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                  <button
                    type="button"
                    className="govuk-service-navigation__toggle"
                    aria-controls="navigation"
                    aria-expanded={folds ? menuOpen : undefined}
                    hidden={!folds}
                    onClick={() => setMenuOpen((o) => !o)}
                  >
                    Menu
                  </button>
                  <ul className="govuk-service-navigation__list" id="navigation" hidden={folds && !menuOpen}>
                    {nav.map((item) => (
                      <li
                        key={item.href}
                        className={`govuk-service-navigation__item${item.current ? " govuk-service-navigation__item--active" : ""}`}
                      >
                        <Link
                          href={item.href}
                          className="govuk-service-navigation__link"
                          aria-current={item.current ? "page" : undefined}
                        >
                          {item.current ? (
                            <strong className="govuk-service-navigation__active-fallback">{item.text}</strong>
                          ) : (
                            item.text
                          )}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </nav>
              )}
            </div>
          </div>
        </section>
      )}
      <div className="govuk-width-container">
        {subNav && subNav.items.length > 1 && (
          <nav aria-label={subNav.label} className="app-sub-navigation">
            <ul className="app-sub-navigation__list">
              {subNav.items.map((item) => (
                <li key={item.href} className={`app-sub-navigation__item${item.current ? " app-sub-navigation__item--current" : ""}`}>
                  <Link href={item.href} className="govuk-link govuk-link--no-visited-state govuk-body-s app-sub-navigation__link" aria-current={item.current ? "page" : undefined}>
                    {item.text}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main className="govuk-main-wrapper" id="main-content" tabIndex={-1} ref={main}>
          {/* A page's code loads when it is first opened (see lazyPage). */}
          <PageLoadBoundary at={href}>
            <Suspense fallback={<Loading />}>{children}</Suspense>
          </PageLoadBoundary>
        </main>
      </div>
      <footer className="govuk-footer">
        <div className="govuk-width-container">
          <div className="govuk-footer__meta">
            <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p className="govuk-body-s govuk-!-margin-bottom-0">
                Redress: complaint handling under the Housing Ombudsman's Complaint Handling Code.
              </p>
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Sets the browser tab's title, GOV.UK style: "Page – Redress", "Error: " first when the page shows errors. */
export function useTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? "Error: " : ""}${title} – Redress`;
  }, [title, hasErrors]);
}

export function BackLink({ href, children = "Back" }: { href: string; children?: ReactNode }) {
  return (
    <Link href={href} className="govuk-back-link">
      {children}
    </Link>
  );
}

export function Tag({ className, children }: { className?: string; children: ReactNode }) {
  return <strong className={`govuk-tag${className ? ` ${className}` : ""}`}>{children}</strong>;
}

export function SuccessBanner({ heading, children }: { heading: string; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After the layout has moved focus to the main content on navigation.
    const t = window.setTimeout(() => ref.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [heading]);
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
      tabIndex={-1}
      ref={ref}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{heading}</p>
        {children}
      </div>
    </div>
  );
}

export function ImportantBanner({
  title = "Important",
  id = "important-banner-title",
  children,
}: {
  title?: string;
  id?: string;
  children: ReactNode;
}) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby={id} data-module="govuk-notification-banner">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={id}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function Loading() {
  return (
    <p className="govuk-body" role="status">
      Loading…
    </p>
  );
}

export function SummaryList({ rows }: { rows: { key: string; value: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((r) => (
        <div className="govuk-summary-list__row" key={r.key}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A link that looks like a button (GOV.UK), for going to a form; it answers the space bar
 * as a button does. */
export function ButtonLink({ href, children, secondary, start }: { href: string; children: ReactNode; secondary?: boolean; start?: boolean }) {
  return (
    <Link
      href={href}
      role="button"
      draggable={false}
      onKeyDown={(e) => {
        if (e.key === " ") {
          e.preventDefault();
          navigate(href);
        }
      }}
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}${start ? " govuk-button--start" : ""}`}
      data-module="govuk-button"
    >
      {children}
      {start && (
        <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
        </svg>
      )}
    </Link>
  );
}

/** Pages of a list, by the API's cursor: a link to the first page and one to the next. */
export function Pagination({
  label,
  first,
  next,
}: {
  label: string;
  first: string | null;
  next: string | null;
}) {
  if (!first && !next) return null;
  return (
    <nav className="govuk-pagination govuk-pagination--block" aria-label={label}>
      {first && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" href={first} rel="first">
            <span className="govuk-pagination__link-title">First page</span>
          </Link>
        </div>
      )}
      {next && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" href={next} rel="next">
            <span className="govuk-pagination__link-title">Next page</span>
          </Link>
        </div>
      )}
    </nav>
  );
}

/** A problem the page could not get past, in a GOV.UK error summary. */
export function ProblemSummary({ text }: { text: string }) {
  return (
    <div className="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="govuk-error-summary__title">There is a problem</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{text}</p>
      </div>
    </div>
  );
}

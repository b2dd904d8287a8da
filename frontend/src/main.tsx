import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { PageLoadBoundary } from "./components/PageLoadBoundary";
import { useLocation } from "./router";
import "./styles.scss";

/* The residents' pages (`/p/...`) and the staff portal load as separate bundles, and the
 * staff portal loads each page's code when it is first opened. */
const PublicApp = lazy(() => import("./PublicApp"));
const StaffApp = lazy(() => import("./StaffApp"));

function Root() {
  const { path } = useLocation();
  const resident = path.startsWith("/p/");
  return (
    <PageLoadBoundary at={path} whole>
      <Suspense fallback={null}>{resident ? <PublicApp /> : <StaffApp />}</Suspense>
    </PageLoadBoundary>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

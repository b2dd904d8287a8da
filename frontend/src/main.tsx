import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { useLocation } from "./router";
import "./styles.scss";

/* The residents' pages (`/p/...`) and the staff portal load as separate bundles, and the
 * staff portal loads each page's code when it is first opened. */
const PublicApp = lazy(() => import("./PublicApp"));
const StaffApp = lazy(() => import("./StaffApp"));

function Root() {
  const { path } = useLocation();
  return <Suspense fallback={null}>{path.startsWith("/p/") ? <PublicApp /> : <StaffApp />}</Suspense>;
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

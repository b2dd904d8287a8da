/* The residents' pages, which need no sign-in: the landlord's public page, the online
 * complaint form and the private tracking page. A bundle of their own, so a resident making a
 * complaint loads none of the staff portal. */

import { Suspense } from "react";
import { Layout, Loading } from "./components/layout";
import { PageLoadBoundary } from "./components/PageLoadBoundary";
import { lazyPage } from "./lazyPage";
import { PublicNotFound } from "./pages/public/common";
import { match, useLocation } from "./router";

// Each page is a chunk of its own: the complaint form does not load the public page's figures.
const PublicPage = lazyPage(() => import("./pages/Public"), "PublicPage");
const ComplainPage = lazyPage(() => import("./pages/public/Complain"), "ComplainPage");
const TrackPage = lazyPage(() => import("./pages/public/Track"), "TrackPage");

export default function PublicApp() {
  const { path } = useLocation();
  return (
    <PageLoadBoundary at={path} whole>
      <Suspense
        fallback={
          <Layout nav={[]}>
            <Loading />
          </Layout>
        }
      >
        <PublicRoutes />
      </Suspense>
    </PageLoadBoundary>
  );
}

function PublicRoutes() {
  const { path } = useLocation();
  const pub = match("/p/:slug", path);
  if (pub) return <PublicPage key={pub.slug} slug={pub.slug as string} />;
  const complain = match("/p/:slug/complain", path);
  if (complain) return <ComplainPage key={complain.slug} slug={complain.slug as string} />;
  // The private link sent to the resident: the token is the credential.
  const track = match("/p/:slug/track/:token", path);
  if (track) return <TrackPage key={track.token} slug={track.slug as string} token={track.token as string} />;
  return (
    <Layout nav={[]}>
      <PublicNotFound />
    </Layout>
  );
}

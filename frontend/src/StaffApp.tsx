/* The staff portal: everything behind sign-in, with the session it needs. */

import { App } from "./App";
import { SessionProvider } from "./session";

export default function StaffApp() {
  return (
    <SessionProvider>
      <App />
    </SessionProvider>
  );
}

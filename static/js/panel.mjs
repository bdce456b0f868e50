// Starts GOV.UK Frontend's components. A module file rather than an inline script, so that the
// Content-Security-Policy needs no 'unsafe-inline'.
import { initAll, isSupported } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if (isSupported()) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}

// Starts GOV.UK Frontend's components. A module file rather than the usual inline snippet, so that
// the Content-Security-Policy needs no 'unsafe-inline'. Any browser that runs a module supports
// GOV.UK Frontend, which is what the class says.
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

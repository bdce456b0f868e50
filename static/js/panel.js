// Starts GOV.UK Frontend's components (supported.js has already marked the page as supported).
import { initAll } from "../build/govuk-frontend.min.js";

initAll();

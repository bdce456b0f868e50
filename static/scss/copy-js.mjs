// Copies GOV.UK Frontend's JavaScript next to the compiled CSS. Its images and fonts are not
// copied: the crown, crest and GDS Transport font are for GOV.UK alone.
import { copyFileSync, mkdirSync } from "node:fs";

const from = "node_modules/govuk-frontend/dist/govuk/";
const to = "static/build/";
mkdirSync(to, { recursive: true });
for (const name of ["govuk-frontend.min.js", "govuk-frontend.min.js.map"]) {
  copyFileSync(from + name, to + name);
}

// Runs before the page is drawn, so that the styles for browsers with JavaScript apply from the
// first paint and nothing moves when GOV.UK Frontend starts (the mobile menu, for one). A file,
// not GOV.UK's usual inline snippet, so that the Content-Security-Policy needs no 'unsafe-inline'.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}

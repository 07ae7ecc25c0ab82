// app.mjs: starts GOV.UK Frontend's components on every page. A file, not
// an inline script, because the Content-Security-Policy allows scripts only
// from the server itself. At build time the import below is rewritten to
// the content-hashed name under which govuk-frontend.min.js is served (see
// the Makefile and docs/web.md, "Assets").
//
// The two classes are what GOV.UK Frontend's page template sets from an
// inline script: its styles for JavaScript-enhanced components key on
// js-enabled, and its components start only under govuk-frontend-supported
// (any browser that runs this module supports them).
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

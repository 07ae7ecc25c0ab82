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

// The record being written (page_record.c): what is typed is also kept on
// the server as it is typed, a few seconds after a field is left and every
// KEEP_EVERY while typing goes on, by sending the record's one form with
// do=keep (answered 204, nothing else done). On the server, not in the
// browser's storage: a record names children and families, and council
// computers are shared. Without JavaScript every button keeps it all anyway.
const KEEP_EVERY = 15_000;
const kept = document.querySelector('.app-record__saved');
const recordForm = kept?.closest('form');
if (recordForm) {
    let changed = false;
    let busy = false;
    let soon = null;
    const keep = async () => {
        if (!changed || busy) return;
        changed = false;
        busy = true;
        const data = new FormData(recordForm);
        data.set('do', 'keep');
        // Keeping is sent again and again from the one form: it goes without
        // the form's one-time write key, which stays for the button pressed
        // (docs/reliability.md); keeping the same text twice does no harm.
        data.delete('write-key');
        try {
            const r = await fetch(recordForm.getAttribute('action'), { // (.action is the field of that name)
                method: 'POST', body: new URLSearchParams(data), credentials: 'same-origin', redirect: 'manual',
            });
            if (r.status === 204) {
                const t = new Date();
                kept.textContent = `What you typed was kept at ${String(t.getHours()).padStart(2, '0')}:` +
                    `${String(t.getMinutes()).padStart(2, '0')}.`;
            } else {
                changed = true;
                kept.textContent = 'What you typed could not be kept just now (you may have been signed out).' +
                    ' Press "Save the record": you will be asked to sign in again and nothing is lost.';
            }
        } catch {
            changed = true;
        }
        busy = false;
    };
    recordForm.addEventListener('input', () => { changed = true; });
    recordForm.addEventListener('change', () => {
        changed = true;
        clearTimeout(soon);
        soon = setTimeout(keep, 2_000);
    });
    setInterval(keep, KEEP_EVERY);
}

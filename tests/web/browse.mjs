// browse.mjs: what the browser suites that go through the supervision
// pages share (journey.mjs, record.mjs): the demo council's people and
// cases, and the page helpers: look at a page (where it ended, what it
// shows, axe-core), follow a link, send a form, check a form refused with
// everything typed kept, sign in.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, fail, navigated } from './lib.mjs';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const PASSWORD = 'oversight demo';

// CSV records keyed by the header's names (no line breaks inside fields).
export function records(text) {
    const parse = (line) => {
        const out = [];
        for (let i = 0; i <= line.length; ) {
            if (line[i] === '"') {
                let v = '';
                for (i++; i < line.length; i++) {
                    if (line[i] === '"' && line[i + 1] === '"') v += '"', i++;
                    else if (line[i] === '"') break;
                    else v += line[i];
                }
                out.push(v);
                i += 2;
            } else {
                const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
                out.push(line.slice(i, end));
                i = end + 1;
            }
        }
        return out;
    };
    const [head, ...rows] = text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l).map(parse);
    return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
export const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const shown = (s) => {
    const [y, m, d] = s.split('-').map(Number);
    return `${d} ${MONTHS[m - 1]} ${y}`;
};

// Who is who in the demo council, and the cases the journey discusses.
export function council(dir, ov) {
    const staff = new Map(records(readFileSync(join(dir, 'staff.csv'), 'utf8')).map((s) => [s.id, s]));
    const cases = new Map(records(readFileSync(join(dir, 'cases.csv'), 'utf8')).map((k) => [k.id, k]));
    const accounts = new Map(ov(['user', 'list']).split('\n').filter((l) => l).map((l) => {
        const [name, id] = l.trim().split(/\s+/);
        return [name, id === '-' ? '' : id];
    }));
    const me = (who) => accounts.get(who);
    const worker = me('worker');
    const manager = me('manager');
    const senior = me('senior');
    const w = staff.get(worker);
    if (!w) throw new Error('the account "worker" is not linked to a member of staff');
    if (w.supervisor !== manager) throw new Error(`the worker's supervisor is ${w.supervisor}, not the manager ${manager}`);
    if (staff.get(manager)?.line_manager !== senior) throw new Error("the senior is not the manager's line manager");
    const open = records(ov(['due', '--format', 'csv', '--worker', worker])).filter((r) => r.kind === 'case').map((r) => r.id);
    // Case 1 has no checklist of its own, so a family placement topic is out of place.
    const plain = open.filter((id) => cases.get(id)?.category !== 'family-placement');
    if (plain.length < 1 || open.length < 3) throw new Error(`the worker holds too few open cases (${open.join(' ')})`);
    const case1 = plain[0];
    const [case2, case3] = open.filter((id) => id !== case1);
    // The second becomes a foster placement, whose incidents and allegations
    // stay open until resolved: the council's own file, one row changed.
    const k = cases.get(case2);
    writeFileSync(join(dir, 'placement.csv'), 'id,category,worker,allocated_date,closed_date,every\n' +
        `${k.id},family-placement,${k.worker},${k.allocated_date},${k.closed_date},${k.every}\n`);
    ov(['import', 'cases', join(dir, 'placement.csv')]);
    const others = records(ov(['due', '--format', 'csv', '--supervisor', manager]))
        .filter((r) => r.kind === 'staff' && r.id !== worker && r.id !== manager).map((r) => r.id);
    if (!others.length) throw new Error('the manager supervises nobody but the worker');
    return {
        worker, manager, senior, case1, case2, case3, colleague: others[0],
        name: (id) => staff.get(id)?.name,
    };
}

let axeSource = '';
export function setAxe(source) {
    axeSource = source;
}

// axe-core, through the DevTools protocol (the app's CSP allows no inline
// script), and what axe leaves to HTML validity: unique ids, and labels and
// aria-describedby that point at an element.
export async function accessible(page, label) {
    try {
        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
        const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
        check(`${label}: no WCAG 2.2 AA violations (axe-core)`, r.violations.length === 0, r.violations.flatMap((v) => [
            `${v.id} (${v.impact}): ${v.help}`,
            ...v.nodes.slice(0, 10).map((node) => `    at ${node.target.join(' ')}`),
        ]));
    } catch (e) {
        fail(`${label}: axe-core ran`, e.message);
    }
    const problems = await page.evaluate(() => {
        const out = [];
        const seen = new Map();
        for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1);
        for (const [id, k] of seen) if (k > 1) out.push(`id "${id}" is used ${k} times`);
        for (const l of document.querySelectorAll('label[for]')) {
            const t = document.getElementById(l.htmlFor);
            if (!t || !['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName)) out.push(`label "${l.textContent}" is for no field (${l.htmlFor})`);
        }
        for (const e of document.querySelectorAll('[aria-describedby]'))
            for (const id of e.getAttribute('aria-describedby').split(/\s+/))
                if (!document.getElementById(id)) out.push(`${e.id || e.tagName}: aria-describedby "${id}" names no element`);
        return out;
    });
    check(`${label}: ids unique, labels and descriptions point at elements`, problems.length === 0, problems);
}

// The response that ends a navigation in the main frame (not a redirect).
// The page now shown: where it ended and its status, what it shows
// ('text' anywhere; ['a', 'b'] together in one block; { absent: 'text' }),
// and axe. Returns whether it ended where it should.
export async function look(page, response, label, { lands, status = 200, shows = [] }) {
    const path = decodeURIComponent(new URL(page.url()).pathname);
    const got = response ? response.status() : 0;
    const ok = check(`${label}: on ${lands} (${status})`, path === lands && got === status, `ended on ${path} with status ${got}`);
    if (ok) {
        const { text, blocks } = await page.evaluate(() => ({
            text: document.body.innerText,
            blocks: [...document.querySelectorAll('tr, p, li, .govuk-summary-list__row, .govuk-summary-card, dl > div, h1, h2, h3')]
                .map((e) => e.innerText),
        }));
        const missing = [];
        for (const want of shows) {
            if (typeof want === 'string') {
                if (!text.includes(want)) missing.push(`missing ${want}`);
            } else if (Array.isArray(want)) {
                if (!blocks.some((b) => want.every((w) => b.includes(w)))) missing.push(`missing together: ${want.join(' | ')}`);
            } else if (text.includes(want.absent)) {
                missing.push(`shows ${want.absent}, which it should not`);
            }
        }
        check(`${label}: shows what it should`, missing.length === 0, missing, missing.length ? `page text: ${text.slice(0, 800)}` : []);
    }
    await accessible(page, label);
    return ok;
}

// Opens a path; returns the response.
export async function open(page, base, path) {
    return page.goto(base + path);
}

// Follows a link (its accessible name, exact); returns the final response.
export async function follow(page, name, within = page) {
    const done = navigated(page);
    done.catch(() => {});
    await within.getByRole('link', { name, exact: true }).first().click();
    const response = await done;
    await page.waitForLoadState('load');
    return response;
}

// The form on the page whose action ends with `action`.
export const form = (page, action) => page.locator(`form[action$="${action}"]`);

// Sends a form with its button; returns the final response (the page
// answered to the post, or the one it was sent on to).
export async function send(page, f, button) {
    const done = navigated(page);
    done.catch(() => {}); // when the click fails, that is the error to report
    await f.getByRole('button', typeof button === 'string' ? { name: button, exact: true } : { name: button }).click();
    const response = await done;
    await page.waitForLoadState('load');
    return response;
}

// A form `f` sent with bad input: the page answered to the post (400),
// with the error summary, announced or focused, "Error:" in the title,
// linking to the field at fault (`field`, an id) which shows its message;
// and each of `kept` still as typed: [locator, value] (a string for a
// field's value, true or false for a checkbox).
export async function refused(page, response, label, { form: f, field, kept = [], status = 400 }) {
    const lands = new URL(await f.getAttribute('action'), page.url()).pathname;
    if (!await look(page, response, label, { lands, status, shows: ['There is a problem'] })) return;
    const s = await page.evaluate((id) => {
        const summary = document.querySelector('.govuk-error-summary');
        if (!summary) return null;
        const live = summary.closest('[role=alert], [aria-live]') || summary.querySelector('[role=alert], [aria-live]');
        const target = document.getElementById(id);
        // The outermost group: a date input's fields sit in groups of their own within it.
        let group = target?.closest('.govuk-form-group');
        while (group?.parentElement?.closest('.govuk-form-group')) group = group.parentElement.closest('.govuk-form-group');
        return {
            visible: summary.offsetParent !== null,
            heard: summary.contains(document.activeElement) || !!live,
            title: document.title,
            links: [...summary.querySelectorAll('a')].map((a) => a.getAttribute('href')),
            tag: target?.tagName,
            marked: !!group?.classList.contains('govuk-form-group--error') && !!group.querySelector('.govuk-error-message'),
        };
    }, field);
    if (!check(`${label}: an error summary is shown, announced`, s?.visible && s.heard, JSON.stringify(s))) return;
    check(`${label}: the page title starts "Error:"`, s.title.startsWith('Error:'), `title: ${s.title}`);
    check(`${label}: the summary links to the field #${field}`, s.links.length === 1 && s.links[0] === `#${field}` &&
        ['INPUT', 'SELECT', 'TEXTAREA', 'FIELDSET'].includes(s.tag), `links: ${s.links.join(' ')}; #${field} is ${s.tag || 'not on the page'}`);
    check(`${label}: the field shows the error message`, s.marked, `no govuk-form-group--error with a message around #${field}`);
    const lost = [];
    for (const [loc, want] of kept) {
        const got = typeof want === 'boolean' ? await loc.isChecked() : await loc.inputValue();
        if (got !== want) lost.push(`${loc}: ${JSON.stringify(got)}, typed ${JSON.stringify(want)}`);
    }
    check(`${label}: nothing typed is lost`, lost.length === 0, lost);
}

// The text someone wrote, as shown: the white-space of the app-prose
// element holding `text`, and how many lines it shows.
export async function prose(page, text) {
    return page.evaluate((t) => {
        const e = [...document.querySelectorAll('.app-prose')].find((x) => x.textContent.includes(t));
        return e ? { white: getComputedStyle(e).whiteSpace, lines: e.innerText.trim().split('\n').length } : null;
    }, text);
}
export const twoLines = (p) => p?.white === 'pre-line' && p.lines === 2;

export async function signIn(page, base, who) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Username').fill(who);
    await page.getByLabel('Password').fill(PASSWORD);
    const done = navigated(page);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await done;
    return check(`${who} signs in`, new URL(page.url()).pathname === '/', `now on ${page.url()}`);
}


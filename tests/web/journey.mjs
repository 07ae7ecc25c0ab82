// journey.mjs BINARY: the supervision journey in a real browser.
//
//   node tests/web/journey.mjs build/oversight
//
// The journey of tests/cli/test_journey.sh, clicked and typed in Debian's
// Chromium (headless, through playwright-core) by the demo council's
// worker, their manager (the supervisor) and the senior manager (the
// manager's line manager), with the auditor looking on: the agreement, a
// booking for today, the agenda from both sides, a case drawn at random, the
// record with its areas (one confidential), two case discussions with prompt
// sets chosen by "Use these prompts", two actions, sending, the worker's
// disagreement and escalation, the senior manager's response, version 2,
// the worker's confidential mark and signature, the earlier version, who
// reads the confidential item in each version, lifting it (asked by one,
// agreed by the other), the decisions on the case pages, the inbox, an allegation on a foster
// placement, the next booking's agenda with the open actions and the
// allegation, moving and cancelling a booking, resolving the allegation,
// following an action up, and an informal case discussion and a group
// session.
//
// On every page: axe-core against WCAG 2.2 A and AA (zero violations), ids
// unique, every label and aria-describedby pointing at an element. Every
// form is also sent once with bad input: the GOV.UK error summary must be
// shown (announced or focused, "Error:" in the title), link to the field at
// fault, which shows the message, and every value typed must still be in its
// field.
//
// The server, database and council are set up as run.mjs does (a fresh
// SQLite file, or the PostgreSQL database OVERSIGHT_TEST_PG names, emptied
// first). Prints TAP lines that tests/run.sh counts; exits non-zero when any
// test failed. A missing Chromium or node_modules is a failure, never a skip.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, fail, killServer, pass, runSuite, serverLog, startServer } from './lib.mjs';
import { accessible, council, follow, form, iso, look, open, prose, refused, send, setAxe, shown, signIn, twoLines } from './browse.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEMO = ['--staff', '60', '--cases', '900']; // the council of tests/cli/web_lib.sh
const STEP_TIMEOUT = 10_000; // ms for any one browser action

// ---- the server and the council --------------------------------------------

const bin = process.argv[2] && resolve(process.argv[2]);
let tmp = null;

function cleanUp() {
    killServer();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
}

function db() {
    return process.env.OVERSIGHT_TEST_PG || join(tmp, 'journey.sqlite');
}
function ov(args) {
    return execFileSync(bin, ['--db', db(), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A GOV.UK date input (the fieldset of that legend) in form f: its Day,
// Month and Year fields with the parts of an ISO date, as [field, value]
// pairs; fillDate types them; dateValue reads the date back as ISO.
function dateParts(f, legend, iso) {
    const [y, m, d] = iso.split('-');
    const g = f.getByRole('group', { name: legend, exact: true });
    return [[g.getByLabel('Day'), String(Number(d))], [g.getByLabel('Month'), String(Number(m))], [g.getByLabel('Year'), y]];
}
async function fillDate(f, legend, iso) {
    for (const [loc, v] of dateParts(f, legend, iso)) await loc.fill(v);
}
async function dateValue(f, legend) {
    const [d, m, y] = await Promise.all(dateParts(f, legend, '2000-01-01').map(([loc]) => loc.inputValue()));
    return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}


// ---- the journey -----------------------------------------------------------

async function journey(base, c, pages, step) {
    const { worker: W, manager: M, senior: S, auditor: A } = pages;
    const workerName = c.name(c.worker);
    const managerName = c.name(c.manager);
    const today = iso(new Date());
    const soon = iso(new Date(Date.now() + 14 * 86400_000));
    const ids = {}; // agreement, booking, record, escalation, next booking: from the pages

    await step('the agreement', async () => {
        let r = await follow(M, 'My team');
        await look(M, r, 'manager opens My team', { lands: '/team', shows: [workerName] });
        r = await follow(M, workerName);
        await look(M, r, "manager opens the worker's page", { lands: `/people/${c.worker}`, shows: [workerName] });
        r = await follow(M, 'Supervision agreement');
        await look(M, r, "manager opens the worker's agreement", {
            lands: `/people/${c.worker}/agreement`, shows: ['Supervision agreement'] });
        // The demo may have given the worker an agreement already: the manager
        // then reviews it, else writes the first.
        const text = await M.locator('main').innerText();
        check("the manager is offered to write or review it",
            (text.includes('No agreement') && text.includes('Write the agreement')) ||
            (/In force|Review due|Waiting for the supervisee/.test(text) && text.includes('Review the agreement')),
            text.slice(0, 400));
        const f = form(M, `/people/${c.worker}/agreement`);
        // how often: a number and a unit in words, never "9w"
        const often = f.getByRole('group', { name: 'How often you will meet' });
        await often.getByLabel('Every').fill('9');
        await often.getByLabel('Days, weeks or months').selectOption('weeks');
        const typed = {
            'Length of a session in minutes': '90',
            Place: 'Room 2',
            'How records are kept': 'Both keep a copy',
            'What supervision covers': 'All three areas:\nmanagement, support and development',
            Confidentiality: 'Private, not confidential',
            'How disagreements are handled': 'Escalate to the line manager',
        };
        for (const [label, value] of Object.entries(typed)) await f.getByLabel(label, { exact: true }).fill(value);
        r = await send(M, f, 'Save and send to the supervisee');
        await refused(M, r, 'an agreement less often than the policy', {
            form: f, field: 'every',
            kept: [[often.getByLabel('Every'), '9'], [often.getByLabel('Days, weeks or months'), 'w'],
                ...Object.entries(typed).map(([label, value]) => [f.getByLabel(label, { exact: true }), value])],
        });
        await often.getByLabel('Every').fill('3');
        r = await send(M, f, 'Save and send to the supervisee');
        await look(M, r, 'manager writes the agreement', { lands: `/people/${c.worker}/agreement`,
            shows: ['Waiting for the supervisee to agree', ['How often', 'every 3 weeks'], ['Place', 'Room 2']] });

        r = await follow(W, /^Inbox\b/);
        await look(W, r, 'worker opens the inbox', { lands: '/inbox',
            shows: [['New:', 'Your supervisor wrote your supervision agreement']] });
        r = await follow(W, 'Your supervisor wrote your supervision agreement: read it and agree it');
        await look(W, r, 'worker follows the message to the agreement', { lands: `/people/${c.worker}/agreement`,
            shows: ['Waiting for the supervisee to agree', ['Supervisor', managerName]] });
        const p = await prose(W, 'All three areas');
        check('the agreement keeps the line break typed', twoLines(p), JSON.stringify(p));
        r = await send(W, form(W, '/agree'), 'I agree to this supervision agreement');
        await look(W, r, 'worker agrees the agreement', { lands: `/people/${c.worker}/agreement`, shows: ['In force'] });
    });

    await step('the booking', async () => {
        let r = await follow(M, 'Sessions');
        await look(M, r, 'manager opens Sessions', { lands: '/supervision', shows: ['Book a session'] });
        const f = form(M, '/bookings');
        const who = `${workerName} (${c.worker})`;
        await f.getByLabel('Whose supervision').selectOption({ label: who });
        await fillDate(f, 'Date', '2026-02-30');
        await f.getByLabel('Start time').fill('10:00');
        await f.getByLabel('Length in minutes').fill('90');
        await f.getByLabel('Place').fill('Room 2');
        r = await send(M, f, 'Book the session');
        const chosen = async () => f.getByLabel('Whose supervision').evaluate((s) => s.selectedOptions[0]?.text);
        await refused(M, r, 'a booking on 30 February', { form: f, field: 'date-day',
            kept: [...dateParts(f, 'Date', '2026-02-30'), [f.getByLabel('Start time'), '10:00'],
                [f.getByLabel('Length in minutes'), '90'], [f.getByLabel('Place'), 'Room 2']] });
        check('a booking on 30 February: the person chosen is kept', await chosen() === who, `chosen: ${await chosen()}`);
        await fillDate(f, 'Date', today);
        r = await send(M, f, 'Book the session');
        ids.booking = new URL(M.url()).pathname.split('/')[2];
        await look(M, r, 'manager books a session today', { lands: `/bookings/${ids.booking}`,
            shows: [`${workerName} with ${managerName}`, ['When', `${shown(today)} at 10:00`], ['Status', 'Booked']] });
    });

    await step('the agenda', async () => {
        const path = `/bookings/${ids.booking}`;
        let f = form(M, '/agenda');
        await f.getByLabel('What to discuss').fill('Caseload allocation this month');
        let r = await send(M, f, 'Add to the agenda');
        await look(M, r, 'manager adds an item', { lands: path, shows: [['Item', 'Caseload allocation this month']] });

        r = await follow(W, 'Sessions');
        await look(W, r, 'worker opens Sessions', { lands: '/supervision', shows: [[`${shown(today)} at 10:00`, managerName]] });
        r = await follow(W, `${shown(today)} at 10:00`);
        await look(W, r, 'worker opens the booking', { lands: path, shows: ['Caseload allocation this month'] });
        f = form(W, '/agenda');
        const kind = f.getByLabel('What kind of item');
        const secret = f.getByLabel('Confidential (kept between the two of you once both mark it)');
        await kind.selectOption('worry');
        await secret.check();
        r = await send(W, f, 'Add to the agenda');
        await refused(W, r, 'an empty worry', { form: f, field: 'text', kept: [[kind, 'worry'], [secret, true]] });
        await f.getByLabel('What to discuss').fill("I am worried about the Smith family's housing");
        r = await send(W, f, 'Add to the agenda');
        await look(W, r, 'worker adds a worry, confidential', { lands: path,
            shows: [['Worry', 'Smith family', 'confidential when both agree (marked by the supervisee)']] });
        const order = await W.evaluate(() => {
            const items = [...document.querySelectorAll('#agenda ~ dl .govuk-summary-list__value')].map((e) => e.innerText);
            return [items.findIndex((t) => t.includes('Smith family')), items.findIndex((t) => t.includes('Caseload allocation'))];
        });
        check("the worker's worry comes first on the agenda", order[0] >= 0 && order[0] < order[1], `positions: ${order}`);

        await open(M, base, path);
        const row = M.locator('.govuk-summary-list__row', { hasText: 'Smith family' });
        r = await send(M, row.locator('form'), `Mark confidential item ${await row.locator('form').getAttribute('action')
            .then((a) => a.split('/')[2])}`);
        await look(M, r, 'manager marks the worry confidential too', { lands: path,
            shows: [['Smith family', 'confidential (both agreed)']] });

        f = form(M, '/sample');
        await f.getByLabel('How many cases').fill('11');
        r = await send(M, f, 'Draw cases');
        await refused(M, r, 'drawing 11 cases', { form: f, field: 'count', kept: [[f.getByLabel('How many cases'), '11']] });
        await f.getByLabel('How many cases').fill('1');
        r = await send(M, f, 'Draw cases');
        await look(M, r, 'manager draws a case at random', { lands: path,
            shows: ['Case drawn at random', 'Cases due for discussion (proposed, highest risk first)'] });
    });

    await step('the record', async () => {
        let r = await send(M, form(M, '/record'), 'The session was held: write the record');
        ids.record = new URL(M.url()).pathname.split('/')[2];
        const path = `/records/${ids.record}`;
        await look(M, r, 'manager starts the record', { lands: path,
            shows: ['Supervision record, version 1 of 1', 'Draft: being written by the supervisor', 'Management and support'] });
        const f = form(M, '/save');
        const area = (label) => f.getByLabel(label, { exact: true });
        const secret = f.getByLabel('Wellbeing and stress: confidential (kept between the two of you once both mark it)');
        const typed = [['Workload and caseload', 'Twenty cases;\ntwo court reports due'],
            ['Wellbeing and stress', 'Stress at home, talked through'], ['Development needs', 'Court skills training']];
        for (const [label, text] of typed) await area(label).fill(text);
        await secret.check();
        await area('Training').fill('x'.repeat(20001));
        r = await send(M, f, 'Save the record');
        await refused(M, r, 'a record with 20,001 characters of training', { form: f, field: 'training',
            kept: [...typed.map(([label, text]) => [area(label), text]), [secret, true]] });
        await area('Training').fill('');
        r = await send(M, f, 'Save the record');
        await look(M, r, 'manager writes the areas, wellbeing confidential', { lands: path });
        check('the areas are saved as written', await area('Workload and caseload').inputValue() === typed[0][1] &&
            await secret.isChecked(), 'workload or the confidential mark not as saved');
    });

    await step('the case discussions', async () => {
        const path = `/records/${ids.record}`;
        const prompts = async (set) => {
            await M.getByLabel('Reflective prompts').selectOption({ label: set });
            const r = await send(M, form(M, '/save'), 'Use these prompts');
            await look(M, r, `manager uses the prompts "${set}"`, { lands: path, shows: ['Record a case discussion'] });
        };
        await prompts('Three questions: worries, what is working well, next steps');
        let f = form(M, '/save');
        const field = (label) => f.getByLabel(label, { exact: true });
        const worried = f.getByLabel('What are we worried about?');
        const working = f.getByLabel('What is working well?');
        await f.getByLabel('Case', { exact: true }).selectOption(c.case1);
        await field('Recent involvement').fill('Two visits this month');
        await worried.fill('Missed appointments');
        await working.fill('Grandmother helps every day');
        await field('Why this decision').fill('Risk has risen since the school report');
        let r = await send(M, f, 'Add the case discussion');
        const kept = [[f.getByLabel('Case', { exact: true }), c.case1], [field('Recent involvement'), 'Two visits this month'],
            [worried, 'Missed appointments'], [working, 'Grandmother helps every day'],
            [field('Why this decision'), 'Risk has risen since the school report']];
        await refused(M, r, 'a case discussion without a decision', { form: f, field: 'decision', kept });
        await field('Decision').fill('Increase visits to weekly');
        const respite = f.getByLabel("Carers' requests for respite");
        await respite.check();
        r = await send(M, f, 'Add the case discussion');
        await refused(M, r, "a family placement topic ticked for another kind of case", { form: f, field: 'check-respite',
            kept: [...kept, [field('Decision'), 'Increase visits to weekly'], [respite, true]] });
        await respite.uncheck();
        r = await send(M, f, 'Add the case discussion');
        await look(M, r, 'manager records the first case discussion', { lands: path,
            shows: [['Decision', 'Increase visits to weekly'], ['What are we worried about?', 'Missed appointments']] });

        await prompts('Four functions of supervision (Morrison)');
        f = form(M, '/save');
        const support = f.getByLabel('Support: how is this case affecting you');
        await f.getByLabel('Case', { exact: true }).selectOption(c.case2);
        await support.fill('It is a relief to close it');
        await field('Decision').fill('Close the case next month');
        await field('Why this decision').fill('Goals met');
        await f.getByLabel("Carers' requests for respite").check();
        await f.getByLabel('The decision departs from procedure').check();
        r = await send(M, f, 'Add the case discussion');
        await refused(M, r, 'a departure from procedure without its reason', { form: f, field: 'departure',
            kept: [[support, 'It is a relief to close it'], [field('Decision'), 'Close the case next month'],
                [f.getByLabel("Carers' requests for respite"), true], [f.getByLabel('The decision departs from procedure'), true]] });
        await field('Why it departs from procedure').fill('Closing before the review, agreed with the family');
        r = await send(M, f, 'Add the case discussion');
        await look(M, r, 'manager records the second case discussion, departing from procedure', { lands: path,
            shows: [['Decision', 'Close the case next month'], ['Topics covered', 'respite'],
                ['Departs from procedure', 'Closing before the review']] });
    });

    await step('the actions and sending', async () => {
        const path = `/records/${ids.record}`;
        const f = form(M, '/save');
        const what = f.getByLabel('What is to be done');
        const due = async (iso) => {
            const [y, m, d] = iso.split('-');
            await f.getByLabel('Day', { exact: true }).fill(d);
            await f.getByLabel('Month', { exact: true }).fill(m);
            await f.getByLabel('Year', { exact: true }).fill(y);
        };
        await what.fill('Book court skills training');
        await due('2026-13-45');
        let r = await send(M, f, 'Add the action');
        await refused(M, r, 'an action due on the 45th of the 13th month', { form: f, field: 'due-day',
            kept: [[what, 'Book court skills training'], [f.getByLabel('Who does it'), c.worker],
                [f.getByLabel('Day', { exact: true }), '45'], [f.getByLabel('Month', { exact: true }), '13']] });
        check("an action due on the 45th of the 13th month: the record's areas show what is saved",
            await f.getByLabel('Workload and caseload', { exact: true }).inputValue() === 'Twenty cases;\ntwo court reports due' &&
            await f.getByLabel(/^Wellbeing and stress: confidential/).isChecked(), 'the areas lost what is saved');
        await due(soon);
        // What is typed is kept as it is typed (do=keep, web/app.mjs), without
        // the form's one-time write key: the button pressed after still does its part.
        await f.getByLabel('Year', { exact: true }).press('Tab');
        await M.locator('.app-record__saved', { hasText: 'was kept at' }).waitFor();
        r = await send(M, f, 'Add the action');
        await look(M, r, 'manager agrees an action for the worker', { lands: path,
            shows: [['Book court skills training', workerName, shown(soon)]] });
        await what.fill('Find a mentor for court work');
        await f.getByLabel('Who does it').selectOption({ label: managerName });
        await due(soon);
        r = await send(M, f, 'Add the action');
        await look(M, r, 'manager agrees an action for themself', { lands: path, shows: [['Find a mentor', managerName]] });
        r = await send(M, form(M, '/save'), 'Sign and send to the supervisee');
        await look(M, r, 'manager signs and sends the record', { lands: path, shows: ['Sent: waiting for the supervisee to sign'] });
    });

    await step('the worker disagrees and escalates', async () => {
        const path = `/records/${ids.record}`;
        let r = await follow(W, 'Sessions');
        await look(W, r, 'worker opens Sessions again', { lands: '/supervision', shows: ['Records waiting for you'] });
        r = await follow(W, `Supervision of ${workerName} on ${shown(today)}`);
        await look(W, r, 'worker reads the record', { lands: path,
            shows: ['Increase visits to weekly', 'Stress at home', 'The supervisor asks that this stays confidential.'] });
        const p = await prose(W, 'Twenty cases');
        check('the record keeps the line break typed in the workload', twoLines(p), JSON.stringify(p));
        let f = form(W, '/disagree');
        r = await send(W, f, 'Record my disagreement');
        await refused(W, r, 'an empty disagreement', { form: f, field: 'disagreement' });
        const words = 'The record leaves out that I asked for a reduced caseload.\nPlease add it.';
        await f.getByLabel('Where you disagree, in your own words').fill(words);
        r = await send(W, f, 'Record my disagreement');
        await look(W, r, 'worker disagrees in their own words', { lands: path,
            shows: ['Disputed: the supervisee disagrees', 'The record leaves out', 'Escalate the disagreement'] });
        const d = await prose(W, 'The record leaves out');
        check('the disagreement keeps the line break typed', twoLines(d), JSON.stringify(d));

        f = form(W, '/escalate');
        r = await send(W, f, 'Escalate');
        await refused(W, r, 'an empty escalation of the disagreement', { form: f, field: 'text' });
        await f.getByLabel('What you want resolved').fill('Please look at my caseload request.');
        r = await send(W, f, 'Escalate');
        ids.escalation = new URL(W.url()).pathname.split('/')[2];
        await look(W, r, 'worker escalates', { lands: `/escalations/${ids.escalation}`,
            shows: ['Disagreement with a record', ['Status', 'Open'], 'Please look at my caseload request.'] });
        f = form(W, `/escalations/${ids.escalation}/escalate`);
        r = await send(W, f, 'Escalate to a senior manager');
        await refused(W, r, 'taking it further with no reason', { form: f, field: 'text' });

        r = await follow(W, 'Sessions');
        r = await follow(W, 'Escalations');
        await look(W, r, 'worker opens Escalations', { lands: '/escalations',
            shows: [['Disagreement with a record', workerName, 'Open']] });
        f = form(W, '/escalations');
        r = await send(W, f, 'Escalate');
        await refused(W, r, 'an empty "not receiving supervision"', { form: f, field: 'text' });
    });

    await step('the senior manager responds', async () => {
        const path = `/escalations/${ids.escalation}`;
        let r = await follow(S, /^Inbox\b/);
        await look(S, r, 'senior opens the inbox', { lands: '/inbox', shows: [['New:', 'An escalation is waiting for your response']] });
        r = await follow(S, 'An escalation is waiting for your response');
        await look(S, r, 'senior opens the escalation', { lands: path, shows: ['Please look at my caseload request.', 'Respond'] });
        const f = form(S, '/respond');
        const resolves = f.getByLabel('This resolves it');
        await resolves.check();
        r = await send(S, f, 'Send the response');
        await refused(S, r, 'an empty response', { form: f, field: 'response', kept: [[resolves, true]] });
        await f.getByLabel('Your response').fill('Caseload reduced to eighteen from Monday.');
        r = await send(S, f, 'Send the response');
        await look(S, r, 'senior responds and resolves it', { lands: path,
            shows: [['Status', 'Resolved'], 'Caseload reduced to eighteen from Monday.'] });
        r = await open(W, base, '/escalations');
        await look(W, r, 'worker sees it resolved', { lands: '/escalations', shows: [['Disagreement with a record', 'Resolved']] });
        r = await open(W, base, path);
        await look(W, r, "worker reads the senior manager's response", { lands: path, shows: ['Caseload reduced to eighteen'] });
    });

    await step('version 2', async () => {
        const path = `/records/${ids.record}`;
        let r = await follow(M, 'Sessions');
        await look(M, r, 'manager opens Sessions again', { lands: '/supervision',
            shows: [[`Supervision of ${workerName}`, 'disagreed with by the supervisee']] });
        r = await follow(M, `Supervision of ${workerName} on ${shown(today)}`);
        await look(M, r, 'manager reads the disputed record', { lands: path, shows: ['The record leaves out', 'Change the record'] });
        let f = form(M, '/amend');
        r = await send(M, f, 'Start a new version');
        await refused(M, r, 'a new version without a reason', { form: f, field: 'reason' });
        await f.getByLabel('Why it changes').fill('Add the caseload request and its outcome');
        r = await send(M, f, 'Start a new version');
        await look(M, r, 'manager starts version 2', { lands: path,
            shows: ['Supervision record, version 2 of 2', 'Why this version: Add the caseload request and its outcome'] });
        f = form(M, '/save');
        await f.getByLabel('Workload and caseload', { exact: true }).fill('Twenty cases; the worker asked for fewer; reduced to eighteen');
        r = await send(M, f, 'Save the record');
        await look(M, r, 'manager changes the workload', { lands: path });
        r = await send(M, form(M, '/save'), 'Sign and send to the supervisee');
        await look(M, r, 'manager sends version 2', { lands: path, shows: ['Sent: waiting for the supervisee to sign'] });

        r = await W.goto(`${base}${path}`);
        await look(W, r, 'worker reads version 2', { lands: path, shows: ['reduced to eighteen'] });
        r = await send(W, W, /^I want this kept confidential\s*: Wellbeing and stress$/);
        await look(W, r, 'worker marks their wellbeing confidential too', { lands: path, shows: ['Confidential: both agreed.'] });
        r = await send(W, form(W, '/sign'), 'I agree with this record: sign it');
        await look(W, r, 'worker signs version 2', { lands: path, shows: ['Signed by both'] });
        r = await follow(W, '1');
        await look(W, r, 'worker reads version 1, kept as it was', { lands: path,
            shows: ['This is an earlier version, kept as it was.', 'Twenty cases;', 'The record leaves out'] });
    });

    await step('who reads the confidential item', async () => {
        const path = `/records/${ids.record}`;
        for (const [who, page] of [['auditor', A], ['senior', S]]) {
            let r = await open(page, base, path);
            await look(page, r, `${who} reads the record without the confidential item`, { lands: path,
                shows: ['Confidential between the supervisor and the supervisee.', 'Increase visits to weekly',
                    { absent: 'Stress at home' }] });
            // Marked by both only in version 2: withheld in version 1 too.
            r = await open(page, base, `${path}?version=1`);
            await look(page, r, `${who} reads version 1 without it either`, { lands: path,
                shows: ['This is an earlier version, kept as it was.', 'Confidential between the supervisor and the supervisee.',
                    { absent: 'Stress at home' }] });
        }
        const r = await open(M, base, path);
        await look(M, r, 'the supervisor still reads it', { lands: path, shows: ['Stress at home'] });
    });

    await step('lifting a confidential item takes both', async () => {
        const path = `/records/${ids.record}`;
        let r = await open(M, base, path);
        r = await send(M, form(M, '/confidential'), /^Ask to lift its confidentiality\s*: Wellbeing and stress$/);
        await look(M, r, 'manager asks to lift the wellbeing item', { lands: path,
            shows: ['Wellbeing and stress: you asked to lift its confidentiality', ['asked to lift the confidentiality of', 'Wellbeing and stress']] });
        r = await open(A, base, path);
        await look(A, r, 'the auditor still cannot read it', { lands: path, shows: [{ absent: 'Stress at home' }, { absent: 'asked to lift' }] });
        r = await open(W, base, path);
        await look(W, r, 'worker sees the request', { lands: path, shows: ['Wellbeing and stress: ', 'asks to lift its confidentiality'] });
        r = await send(W, form(W, '/confidential'), /^Agree to lift its confidentiality\s*: Wellbeing and stress$/);
        await look(W, r, 'worker agrees: lifted', { lands: path,
            shows: ['What happened to confidential items', ['agreed: lifted the confidentiality of', 'Wellbeing and stress']] });
        r = await open(A, base, `${path}?version=1`);
        await look(A, r, 'the auditor reads it now, in version 1 too', { lands: path, shows: ['Stress at home', { absent: 'What happened to confidential items' }] });
    });

    await step('the case pages and the inbox', async () => {
        let r = await open(W, base, `/records/${ids.record}`);
        r = await follow(W, c.case1);
        await look(W, r, 'worker follows the first case to its page', { lands: `/cases/${c.case1}`,
            shows: [['Decision', 'Increase visits to weekly'], 'Risk has risen since the school report'] });
        r = await open(A, base, `/cases/${c.case2}`);
        await look(A, r, 'auditor reads the second case: the departure from procedure', { lands: `/cases/${c.case2}`,
            shows: [['Decision', 'Close the case next month'], ['Departs from procedure', 'Departs', 'Closing before the review']] });
        r = await follow(W, /^Inbox\b/);
        await look(W, r, 'worker reads the inbox', { lands: '/inbox',
            shows: [['New:', `A decision on case ${c.case1}`], ['New:', 'An escalation you are part of was resolved']] });
        r = await send(W, form(W, '/inbox/read'), 'Mark all as read');
        await look(W, r, 'worker marks all as read', { lands: '/inbox', shows: [`A decision on case ${c.case1}`, { absent: 'New:' }] });
    });

    await step('an allegation on the placement', async () => {
        const path = `/cases/${c.case2}`;
        let r = await open(W, base, path);
        await look(W, r, 'worker opens the placement', { lands: path, shows: ['Incidents and allegations', 'None recorded.'] });
        const f = form(W, `${path}/concerns`);
        const typed = [[f.getByLabel('Kind'), 'allegation'], ...dateParts(f, 'Date', '2026-02-30'),
            [f.getByLabel('What happened'), 'A neighbour reported shouting\nlate at night']];
        await typed[0][0].selectOption(typed[0][1]);
        for (const [loc, text] of typed.slice(1)) await loc.fill(text);
        r = await send(W, f, 'Record it');
        await refused(W, r, 'an allegation on 30 February', { form: f, field: 'concern-date-day', kept: typed });
        await fillDate(f, 'Date', today);
        r = await send(W, f, 'Record it');
        await look(W, r, 'worker records an allegation', { lands: path, shows: [['Allegation', 'Open until resolved']] });
        const p = await prose(W, 'A neighbour reported shouting');
        check('the allegation keeps the line break typed', twoLines(p), JSON.stringify(p));
    });

    await step('the next booking', async () => {
        let r = await open(M, base, '/supervision');
        let f = form(M, '/bookings');
        await f.getByLabel('Whose supervision').selectOption({ label: `${workerName} (${c.worker})` });
        await fillDate(f, 'Date', soon);
        await f.getByLabel('Start time').fill('14:00');
        await f.getByLabel('Place').fill('Room 2');
        r = await send(M, f, 'Book the session');
        ids.next = new URL(M.url()).pathname.split('/')[2];
        const path = `/bookings/${ids.next}`;
        await look(M, r, 'manager books the next session', { lands: path,
            shows: ['Open actions (carried from earlier sessions)', ['Book court skills training', workerName],
                ['Find a mentor for court work', managerName], 'Incidents and allegations still open',
                [c.case2, 'A neighbour reported shouting']] });
        f = form(M, '/move');
        await f.getByLabel('Start time').fill('25:00');
        await f.getByLabel('Why it moves (optional)').fill('A team meeting at two');
        r = await send(M, f, 'Move the session');
        await refused(M, r, 'a move to 25:00', { form: f, field: 'start-time',
            kept: [[f.getByLabel('Start time'), '25:00'], ...dateParts(f, 'Date', soon), [f.getByLabel('Place'), 'Room 2'],
                [f.getByLabel('Why it moves (optional)'), 'A team meeting at two']] });
        await f.getByLabel('Start time').fill('15:00');
        r = await send(M, f, 'Move the session');
        await look(M, r, 'manager moves it to 15:00', { lands: path,
            shows: [['When', `${shown(soon)} at 15:00`], ['moved by', '(was', '14:00', 'A team meeting at two']] });

        r = await open(W, base, path);
        f = form(W, '/cancel');
        r = await send(W, f, 'Cancel the session');
        await refused(W, r, 'a cancellation without a reason', { form: f, field: 'cancel-reason' });
        await f.getByLabel('Why it is cancelled').fill('Court hearing moved to that afternoon');
        r = await send(W, f, 'Cancel the session');
        await look(W, r, 'worker cancels it', { lands: path,
            shows: [['Status', 'Cancelled'], ['cancelled by', 'Court hearing moved to that afternoon']] });
    });

    await step('the allegation resolved', async () => {
        const path = `/cases/${c.case2}`;
        let r = await open(M, base, path);
        const f = M.locator('form[action$="/resolve"]');
        // Resolved on the day it was raised: no earlier date is accepted.
        await fillDate(f, 'Date resolved', today);
        r = await send(M, f, 'Record it as resolved');
        const concern = (await f.getAttribute('action')).split('/')[2];
        await refused(M, r, 'an allegation resolved with no word of how', { form: f, field: `resolve-${concern}-resolution`,
            kept: [...dateParts(f, 'Date resolved', today)] });
        check('an allegation resolved with no word of how: the form to record one shows its own date',
            await dateValue(form(M, `${path}/concerns`), 'Date') === today, 'it took the date posted');
        await f.getByLabel('How it was resolved').fill('Unfounded after a visit');
        r = await send(M, f, 'Record it as resolved');
        await look(M, r, 'manager records it resolved', { lands: path,
            shows: [['Allegation', 'Resolved'], ['How', 'Unfounded after a visit'], { absent: 'Open until resolved' }] });
    });

    await step('the actions followed up', async () => {
        let r = await open(M, base, '/supervision');
        let f = form(M, '/bookings');
        await f.getByLabel('Whose supervision').selectOption({ label: `${workerName} (${c.worker})` });
        await fillDate(f, 'Date', today);
        await f.getByLabel('Start time').fill('16:00');
        await f.getByLabel('Place').fill('Room 3');
        r = await send(M, f, 'Book the session');
        r = await send(M, form(M, '/record'), 'The session was held: write the record');
        const path = new URL(M.url()).pathname;
        await look(M, r, 'manager starts the record of a second session today', { lands: path,
            shows: ['Follow up earlier actions', 'Book court skills training', 'Find a mentor for court work'] });
        f = M.locator('.govuk-inset-text', { hasText: 'Book court skills training' });
        const other = M.locator('.govuk-inset-text', { hasText: 'Find a mentor for court work' });
        await f.getByLabel('Where it stands').selectOption('done');
        await other.getByLabel('Note').fill('Asked two colleagues');
        r = await send(M, f, /^Record the follow-up/);
        const action = (await f.getByRole('button', { name: /^Record the follow-up/ }).getAttribute('value')).split('-')[2];
        await refused(M, r, 'an action done without a note', { form: form(M, '/save'), field: `follow-up-${action}-note`,
            kept: [[f.getByLabel('Where it stands'), 'done']] });
        check('an action done without a note: the other follow-up keeps what was typed in it',
            await other.getByLabel('Where it stands').inputValue() === 'open' &&
            await other.getByLabel('Note').inputValue() === 'Asked two colleagues', 'the other follow-up lost its note');
        await f.getByLabel('Note').fill('Booked for March');
        r = await send(M, f, /^Record the follow-up/);
        await look(M, r, 'manager records the action as done', { lands: path, shows: ['Find a mentor for court work',
            ['Book court skills training', 'done', 'Booked for March']] });
        check('the action done is no longer to follow up',
            await M.locator('.govuk-inset-text', { hasText: 'Book court skills training' }).count() === 0, 'it is still to follow up');
        check('the other follow-up note typed is still there', await other.getByLabel('Note').inputValue() === 'Asked two colleagues',
            'the note typed in the other follow-up was lost');
    });

    await step('an informal case discussion', async () => {
        let r = await open(W, base, '/supervision');
        r = await follow(W, 'Record an informal case discussion');
        await look(W, r, 'worker opens the informal discussion form', { lands: '/discussions/new' });
        const f = form(W, '/discussions');
        await f.getByLabel('Case', { exact: true }).selectOption(c.case3);
        await fillDate(f, 'Date', '2026-02-30');
        await f.getByLabel('Decision').fill('Refer to the family group conference');
        await f.getByLabel('Why (optional)').fill('The family asked for it\nand the school supports it');
        r = await send(W, f, 'Record the discussion');
        await refused(W, r, 'an informal discussion on 30 February', { form: f, field: 'date-day',
            kept: [[f.getByLabel('Case', { exact: true }), c.case3], ...dateParts(f, 'Date', '2026-02-30'),
                [f.getByLabel('Decision'), 'Refer to the family group conference'],
                [f.getByLabel('Why (optional)'), 'The family asked for it\nand the school supports it']] });
        await fillDate(f, 'Date', today);
        r = await send(W, f, 'Record the discussion');
        await look(W, r, 'worker records an informal case discussion', { lands: `/cases/${c.case3}`,
            shows: [['Decision', 'Refer to the family group conference']] });
        const p = await prose(W, 'The family asked for it');
        check('the case page keeps the line break typed in the reasons', twoLines(p), JSON.stringify(p));
    });

    await step('a group session', async () => {
        let r = await open(M, base, '/supervision');
        r = await follow(M, 'Record a group session');
        await look(M, r, 'manager opens the group session form', { lands: '/group-sessions/new' });
        const f = form(M, '/group-sessions');
        const cases = `${c.case1}: keep the plan as it is\n${c.case2}: close as agreed`;
        await fillDate(f, 'Date', today);
        // people are chosen by name, never typed as staff ids
        const attended = (id) => f.getByRole('group', { name: 'Who attended' }).getByLabel(c.name(id), { exact: true });
        await attended(c.worker).check();
        await f.getByLabel('Cases discussed and the decision on each').fill(cases);
        r = await send(M, f, 'Record the group session');
        await refused(M, r, 'a group session of one', { form: f, field: 'attendees',
            kept: [...dateParts(f, 'Date', today), [attended(c.worker), true], [attended(c.colleague), false],
                [f.getByLabel('Cases discussed and the decision on each'), cases]] });
        await attended(c.colleague).check();
        r = await send(M, f, 'Record the group session');
        await look(M, r, 'manager records a group session', { lands: '/supervision', shows: ['Sessions'] });
        r = await open(M, base, `/cases/${c.case1}`);
        await look(M, r, 'the group decision is on the case', { lands: `/cases/${c.case1}`,
            shows: [['Decision', 'keep the plan as it is'], ['Decision', 'Increase visits to weekly']] });
    });
}

async function main() {
    if (!bin || !existsSync(bin)) {
        fail(`the binary to test exists: ${process.argv[2] || '(none given: node tests/web/journey.mjs BINARY)'}`);
        return;
    }
    const major = Number(process.versions.node.split('.')[0]);
    if (!check('Node.js 20 or later (playwright-core needs it)', major >= 20, `this is Node.js ${process.version}`)) return;
    const here = new URL('.', import.meta.url).pathname;
    let chromium;
    try {
        const require = createRequire(join(here, 'package.json'));
        ({ chromium } = require('playwright-core'));
        setAxe(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    } catch (e) {
        fail('playwright-core and axe-core are installed (run: npm ci --prefix tests/web)', e.message);
        return;
    }
    if (!check(`Chromium is installed at ${CHROMIUM}`, existsSync(CHROMIUM), 'install it: tools/deps.sh test (apt-get install chromium)'))
        return;

    let c;
    try {
        tmp = mkdtempSync(join(tmpdir(), 'oversight-journey-'));
        if (process.env.OVERSIGHT_TEST_PG)
            execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db(), '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'], {
                stdio: ['ignore', 'ignore', 'pipe'],
            });
        ov(['init']);
        const today = iso(new Date());
        ov(['demo', ...DEMO, '--today', today, '--csv', join(tmp, 'council')]);
        ov(['demo', ...DEMO, '--today', today, '--accounts']);
        c = council(join(tmp, 'council'), ov);
        pass(`the demo council with its accounts on ${process.env.OVERSIGHT_TEST_PG ? 'PostgreSQL' : 'SQLite'}`);
    } catch (e) {
        fail('the demo council with its accounts', e.message, e.stderr || '');
        return;
    }
    let base;
    try {
        base = await startServer(bin, db());
        pass(`oversight serve on ${base}`);
    } catch (e) {
        fail('oversight serve started', e.message, serverLog());
        return;
    }
    let browser;
    try {
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    } catch (e) {
        fail(`Chromium (${CHROMIUM}) starts`, e.message);
        return;
    }
    const problems = [];
    try {
        const pages = {};
        const signedIn = await Promise.all(['worker', 'manager', 'senior', 'auditor'].map(async (who) => {
            const page = await (await browser.newContext()).newPage();
            page.setDefaultTimeout(STEP_TIMEOUT);
            page.on('console', (m) => {
                if (m.type() !== 'error') return;
                // A page answered 400 or 409 on purpose is checked where it is sent.
                const from = m.location().url;
                if (m.text().startsWith('Failed to load resource') && (from === page.url() || from.endsWith('/favicon.ico'))) return;
                problems.push(`${who}: ${m.text()} (${from} on ${page.url()})`);
            });
            page.on('pageerror', (e) => problems.push(`${who}: ${e.message} (${page.url()})`));
            pages[who] = page;
            return signIn(page, base, who);
        }));
        if (!signedIn.every((ok) => ok)) return;
        let stopped = false;
        const step = async (label, fn) => {
            if (stopped) return fail(`${label}: the steps before it ran`, 'so there is nothing to go on with');
            try {
                await fn();
            } catch (e) {
                stopped = true; // each step builds on the one before
                const where = await Promise.all(Object.entries(pages).map(async ([who, page]) =>
                    `${who} on ${page.url()}, buttons: ${(await page.getByRole('button').allInnerTexts().catch(() => []))
                        .map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`));
                fail(label, e.message.split('\n').slice(0, 8), where);
            }
        };
        await journey(base, c, pages, step);
        check('no errors in the browser console', problems.length === 0, problems);
    } finally {
        await browser.close();
    }
}

await runSuite('the browser journey', main, { cleanUp });

// record.mjs BINARY: the record page never loses what is typed, in a real
// browser.
//
//   node tests/web/record.mjs build/oversight
//
// As a team manager new to Oversight would (the demo council's "manager",
// supervising "worker"): write a whole record with two case discussions and
// an action, switching prompt sets half way, pressing every kind of button
// with other parts typed and not saved, one press refused; then the session
// ends on the server while they type, they press "Sign and send", sign in
// again and send: nothing is lost. With JavaScript, what is typed is kept
// on the server as it is typed. Then the action followed up for real (the
// worker says it is done, the manager confirms; the follow-ups on the
// action and the record), and a decision corrected in version 2 (the case
// page shows the corrected decision with what it was before; the worker is
// told once per decision made or corrected, not again for one carried over).
//
// Set up as journey.mjs (a fresh SQLite file, or the PostgreSQL database
// OVERSIGHT_TEST_PG names, emptied first); axe-core on every page. Prints
// TAP lines; exits non-zero when any test failed.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, fail, killServer, navigated, pass, runSuite, serverLog, startServer } from './lib.mjs';
import { council, follow, form, iso, look, open, refused, send, setAxe, shown, signIn, PASSWORD } from './browse.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const DEMO = ['--staff', '60', '--cases', '900'];
const STEP_TIMEOUT = 10_000;

const bin = process.argv[2] && resolve(process.argv[2]);
let tmp = null;

function cleanUp() {
    killServer();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
}
const db = () => process.env.OVERSIGHT_TEST_PG || join(tmp, 'record.sqlite');
const ov = (args) => execFileSync(bin, ['--db', db(), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sql = (query) => process.env.OVERSIGHT_TEST_PG
    ? execFileSync('psql', ['-qAt', db(), '-c', query], { encoding: 'utf8' })
    : execFileSync('sqlite3', [db(), query], { encoding: 'utf8' });

// The session of an account ends on the server, as it does after half an
// hour without a request (svc/session.c): its times are moved back.
function expire(username) {
    sql(`UPDATE web_sessions SET created_at = created_at - 7200, last_seen_at = last_seen_at - 7200
         WHERE ended_at IS NULL AND user_ref = (SELECT ref FROM users WHERE username = '${username}')`);
}

// Books a session today for the worker and starts its record; the record's path.
async function newRecord(M, base, c, time) {
    await open(M, base, '/supervision');
    const f = form(M, '/bookings');
    await f.getByLabel('Whose supervision').selectOption({ label: `${c.name(c.worker)} (${c.worker})` });
    const today = iso(new Date());
    if (await f.getByLabel('Day', { exact: true }).count()) { // a GOV.UK date input
        const [y, m, d] = today.split('-');
        await f.getByLabel('Day', { exact: true }).fill(d);
        await f.getByLabel('Month', { exact: true }).fill(m);
        await f.getByLabel('Year', { exact: true }).fill(y);
    } else {
        await f.getByLabel('Date', { exact: true }).fill(today);
    }
    await f.getByLabel('Start time').fill(time);
    await f.getByLabel('Place').fill('Room 4');
    await send(M, f, 'Book the session');
    const r = await send(M, form(M, '/record'), 'The session was held: write the record');
    const path = new URL(M.url()).pathname;
    await look(M, r, `the manager starts the record of the ${time} session`, { lands: path, shows: ['Draft: being written by the supervisor'] });
    return path;
}

// What the record's fields hold now, by label.
async function values(f, labels) {
    const out = {};
    for (const l of labels) out[l] = await f.getByLabel(l, { exact: true }).inputValue();
    return out;
}
function same(label, got, want) {
    const lost = Object.entries(want).filter(([k, v]) => got[k] !== v).map(([k, v]) => `${k}: ${JSON.stringify(got[k])}, typed ${JSON.stringify(v)}`);
    return check(label, lost.length === 0, lost);
}

async function suite(base, c, pages, step) {
    const { worker: W, manager: M } = pages;
    const ids = {};
    const decision1 = 'Increase visits to weekly';
    const decision2 = 'Close the case next month';

    await step('a whole record, nothing lost', async () => {
        ids.record = await newRecord(M, base, c, '08:00');
        const path = ids.record;
        const f = form(M, '/save');
        // Prompts' labels are their whole questions: found by their start.
        const field = (l) => f.getByLabel(l, { exact: !/[?:]/.test(l) });
        const areas = { 'Workload and caseload': 'Eighteen cases, one court report', 'Wellbeing and stress': 'Tired after court' };
        for (const [l, v] of Object.entries(areas)) await field(l).fill(v);
        await f.getByLabel('Reflective prompts').selectOption({ label: 'Three questions: worries, what is working well, next steps' });
        let r = await send(M, f, 'Use these prompts');
        await look(M, r, 'the first prompt set chosen', { lands: path, shows: ['What are we worried about?'] });
        check('choosing prompts keeps the areas typed', (await values(f, Object.keys(areas)))['Workload and caseload'] === areas['Workload and caseload']);
        await f.getByLabel('Case', { exact: true }).selectOption(c.case1);
        const note = { 'Recent involvement': 'Two visits this month', 'What are we worried about?': 'Missed appointments' };
        await field('Recent involvement').fill(note['Recent involvement']);
        await f.getByLabel('What are we worried about?').fill(note['What are we worried about?']);
        // Half way: another set of prompts.
        await f.getByLabel('Reflective prompts').selectOption({ label: 'Four functions of supervision (Morrison)' });
        r = await send(M, f, 'Use these prompts');
        await look(M, r, 'the prompt set switched half way', { lands: path,
            shows: ['Support: how is this case affecting you', '(from another set of prompts)'] });
        same('switching prompt sets keeps everything typed', {
            ...(await values(f, Object.keys(areas))),
            'Recent involvement': await field('Recent involvement').inputValue(),
            'What are we worried about?': await f.getByLabel('(from another set of prompts)').inputValue(),
        }, { ...areas, ...note });
        check('switching prompt sets keeps the case chosen', await f.getByLabel('Case', { exact: true }).inputValue() === c.case1);

        // The action typed while the discussion is added.
        await field('Support: how is this case affecting you').fill('Hard to hear about');
        await field('What is to be done').fill('Book court skills training');
        const [y, m, d] = iso(new Date(Date.now() + 14 * 86400_000)).split('-');
        await field('Day').fill(d);
        await field('Month').fill(m);
        await field('Year').fill(y);
        await field('Decision').fill(decision1);
        r = await send(M, f, 'Add the case discussion');
        await refused(M, r, 'a case discussion without why, everything typed', { form: f, field: 'rationale',
            kept: [[field('Workload and caseload'), areas['Workload and caseload']], [field('Decision'), decision1],
                [field('What is to be done'), 'Book court skills training'], [field('Day'), d],
                [f.getByLabel('(from another set of prompts)'), 'Missed appointments']] });
        await field('Why this decision').fill('Risk has risen since the school report');
        r = await send(M, f, 'Add the case discussion');
        await look(M, r, 'the first case discussion added', { lands: path, shows: [['Decision', decision1],
            ['What are we worried about?', 'Missed appointments'], ['Support: how is this case affecting you', 'Hard to hear about']] });
        same('adding a case discussion keeps the action typed and the areas', {
            ...(await values(f, Object.keys(areas))),
            'What is to be done': await field('What is to be done').inputValue(), Day: await field('Day').inputValue(),
        }, { ...areas, 'What is to be done': 'Book court skills training', Day: d });
        check('the discussion added leaves its fields empty', await field('Decision').inputValue() === '');

        // The second discussion typed while the action is added.
        await f.getByLabel('Case', { exact: true }).selectOption(c.case2);
        await field('Decision').fill(decision2);
        await field('Why this decision').fill('Goals met');
        await field('Training').fill('Court skills, booked');
        r = await send(M, f, 'Add the action');
        await look(M, r, 'the action added', { lands: path, shows: [['Book court skills training', c.name(c.worker), 'open']] });
        same('adding an action keeps the discussion being typed', {
            Decision: await field('Decision').inputValue(), 'Why this decision': await field('Why this decision').inputValue(),
            Training: await field('Training').inputValue(), Case: await f.getByLabel('Case', { exact: true }).inputValue(),
        }, { Decision: decision2, 'Why this decision': 'Goals met', Training: 'Court skills, booked', Case: c.case2 });
        r = await send(M, f, 'Add the case discussion');
        await look(M, r, 'the second case discussion added', { lands: path, shows: [['Decision', decision2]] });
        // Sending with a discussion typed and not added is refused, not lost.
        await field('Decision').fill('Half a thought');
        r = await send(M, f, 'Sign and send to the supervisee');
        await refused(M, r, 'sending with a discussion typed and not added', { form: f, field: 'decision',
            kept: [[field('Decision'), 'Half a thought']] });
        await field('Decision').fill('');

        // Signed out on the server while typing; then send.
        await field('Other notes').fill('Talked about the team away day');
        expire('manager');
        const done = navigated(M);
        await f.getByRole('button', { name: 'Sign and send to the supervisee', exact: true }).click();
        r = await done;
        await look(M, r, 'pressing send after the session ended asks to sign in again', { lands: `${path}/save`,
            status: 403, shows: ['Sign in', 'What you typed is kept', { absent: 'Sign in first.' }] });
        await M.getByLabel('Username').fill('manager');
        await M.getByLabel('Password').fill(PASSWORD);
        r = await send(M, M.locator('form[action="/sign-in"]'), 'Sign in');
        await look(M, r, 'signed in again, what was typed is ready to send', { lands: '/sign-in', shows: ['Send what you typed'] });
        r = await send(M, M.locator('main form'), 'Send what you typed');
        await look(M, r, 'the record sent with everything typed', { lands: path, shows: ['Sent: waiting for the supervisee to sign',
            'Talked about the team away day', areas['Workload and caseload'], areas['Wellbeing and stress'], 'Court skills, booked',
            ['Decision', decision1], ['Decision', decision2], ['Book court skills training', 'open'],
            ['What are we worried about?', 'Missed appointments']] });
    });

    await step('kept as typed, with JavaScript', async () => {
        const path = await newRecord(M, base, c, '18:00');
        const f = form(M, '/save');
        await f.getByLabel('Training', { exact: true }).fill('Typed and never saved by a button');
        await f.getByLabel('Recent involvement', { exact: true }).fill('A discussion half written');
        await f.getByLabel('Case', { exact: true }).focus(); // leaving the field: kept a moment later
        await M.waitForFunction(() => document.querySelector('.app-record__saved')?.textContent.includes('kept at'),
            null, { timeout: 8_000 });
        const other = await M.context().newPage();
        const r = await other.goto(base + path);
        await look(other, r, 'the record opened again elsewhere', { lands: path });
        check('what was typed was kept on the server', await other.getByLabel('Training', { exact: true }).inputValue() ===
            'Typed and never saved by a button' && await other.getByLabel('Recent involvement', { exact: true }).inputValue() ===
            'A discussion half written', 'the fields are empty');
        await other.close();
        // "Save the record" keeps the discussion being typed too.
        await f.getByLabel('Analysis', { exact: true }).fill('Still thinking');
        await send(M, f, 'Save the record');
        check('saving the areas keeps the discussion typed', await f.getByLabel('Analysis', { exact: true }).inputValue() === 'Still thinking' &&
            await f.getByLabel('Recent involvement', { exact: true }).inputValue() === 'A discussion half written');
    });

    await step('the action followed up', async () => {
        let r = await open(W, base, ids.record);
        await look(W, r, 'the worker reads the record', { lands: ids.record, shows: ['Book court skills training'] });
        r = await follow(W, 'Book court skills training');
        const path = new URL(W.url()).pathname;
        ids.action = path;
        await look(W, r, "the action's page", { lands: path, shows: [['Who does it', c.name(c.worker)], ['Where it stands', 'open']] });
        let f = form(W, '/done');
        r = await send(W, f, 'Mark it done');
        await refused(W, r, 'an action said done without a note', { form: f, field: 'note' });
        await f.getByLabel('What was done').fill('Booked for March');
        r = await send(W, f, 'Mark it done');
        await look(W, r, 'the worker says it is done', { lands: path, shows: [['Where it stands', 'waiting for the supervisor to confirm'],
            ['says it is done', 'Booked for March']] });
        r = await open(M, base, '/inbox');
        await look(M, r, 'the manager is told', { lands: '/inbox', shows: ['says an action is done'] });
        r = await open(M, base, path);
        f = form(M, '/confirm');
        r = await send(M, f, 'Confirm it is done');
        await look(M, r, 'the manager confirms it', { lands: path, shows: [['Where it stands', 'done'], ['says it is done', 'Booked for March']] });
        r = await open(W, base, ids.record);
        await look(W, r, 'the follow-ups on the record', { lands: ids.record,
            shows: [['Book court skills training', 'done', 'says it is done', 'Booked for March']] });
    });

    await step('a decision corrected', async () => {
        let r = await open(W, base, ids.record);
        r = await send(W, form(W, '/sign'), 'I agree with this record: sign it');
        await look(W, r, 'the worker signs', { lands: ids.record, shows: ['Signed by both'] });
        r = await open(M, base, ids.record);
        let f = form(M, '/amend');
        await f.getByLabel('Why it changes').fill('The visits decision was recorded wrongly');
        r = await send(M, f, 'Start a new version');
        await look(M, r, 'version 2', { lands: ids.record, shows: ['version 2 of 2', ['Decision', decision2, 'carried over unchanged']] });
        f = form(M, '/save');
        const card = M.locator('.govuk-summary-card', { hasText: decision1 });
        await card.getByText('Correct or withdraw this decision').click();
        await card.getByLabel(`Decision (case ${c.case1})`, { exact: true }).fill('Increase visits to twice a week');
        await f.getByLabel('Other notes', { exact: true }).fill('Corrected after the team meeting');
        r = await send(M, card, /^Correct the decision/);
        await look(M, r, 'the decision corrected', { lands: ids.record, shows: [['Decision', 'Increase visits to twice a week', 'corrected in this version']] });
        check('correcting keeps the areas typed', await f.getByLabel('Other notes', { exact: true }).inputValue() === 'Corrected after the team meeting');
        r = await send(M, f, 'Sign and send to the supervisee');
        await look(M, r, 'version 2 sent', { lands: ids.record, shows: ['Sent: waiting for the supervisee to sign'] });
        r = await open(W, base, `/cases/${c.case1}`);
        await look(W, r, 'the case page shows the decision as corrected', { lands: `/cases/${c.case1}`,
            shows: [['Increase visits to twice a week', 'What it was before', decision1]] });
        const current = await W.locator('.govuk-summary-card', { hasText: 'twice a week' }).count();
        const old = await W.evaluate((d) => [...document.querySelectorAll('.govuk-summary-card')]
            .filter((e) => e.innerText.includes(d) && !e.innerText.includes('What it was before')).length, decision1);
        check('the old decision is not shown as current', current === 1 && old === 0, `cards with the new one: ${current}, the old as current: ${old}`);
        r = await open(W, base, '/inbox');
        await look(W, r, "the worker's inbox", { lands: '/inbox' });
        const told = async (kase) => W.locator('li, tr', { hasText: `A decision on case ${kase} was` }).count();
        check(`one message for the decision made, one for its correction (case ${c.case1})`, await told(c.case1) === 2, `${await told(c.case1)} messages`);
        check(`one message for the decision carried over unchanged (case ${c.case2})`, await told(c.case2) === 1, `${await told(c.case2)} messages`);
    });
}

async function main() {
    if (!bin || !existsSync(bin)) return fail(`the binary to test exists: ${process.argv[2] || '(none given)'}`);
    const here = new URL('.', import.meta.url).pathname;
    let chromium;
    try {
        const require = createRequire(join(here, 'package.json'));
        ({ chromium } = require('playwright-core'));
        setAxe(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    } catch (e) {
        return fail('playwright-core and axe-core are installed (run: npm ci --prefix tests/web)', e.message);
    }
    if (!check(`Chromium is installed at ${CHROMIUM}`, existsSync(CHROMIUM))) return;
    let c;
    try {
        tmp = mkdtempSync(join(tmpdir(), 'oversight-record-'));
        if (process.env.OVERSIGHT_TEST_PG)
            execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db(), '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'], {
                stdio: ['ignore', 'ignore', 'pipe'],
            });
        ov(['init']);
        const today = iso(new Date());
        ov(['demo', ...DEMO, '--today', today, '--csv', join(tmp, 'council')]);
        ov(['demo', ...DEMO, '--today', today, '--accounts']);
        c = council(join(tmp, 'council'), ov);
        pass(`the demo council on ${process.env.OVERSIGHT_TEST_PG ? 'PostgreSQL' : 'SQLite'}`);
    } catch (e) {
        return fail('the demo council with its accounts', e.message, e.stderr || '');
    }
    let base;
    try {
        base = await startServer(bin, db());
    } catch (e) {
        return fail('oversight serve started', e.message, serverLog());
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    const problems = [];
    try {
        const pages = {};
        for (const who of ['worker', 'manager']) {
            const page = await (await browser.newContext()).newPage();
            page.setDefaultTimeout(STEP_TIMEOUT);
            page.on('console', (m) => {
                const from = m.location().url;
                // Pages answered 400 or 403 on purpose are checked where they are sent.
                if (m.type() !== 'error' || (m.text().startsWith('Failed to load resource') && (from === page.url() || from.endsWith('/favicon.ico')))) return;
                problems.push(`${who}: ${m.text()} (${from} on ${page.url()})`);
            });
            page.on('pageerror', (e) => problems.push(`${who}: ${e.message} (${page.url()})`));
            pages[who] = page;
            if (!await signIn(page, base, who)) return;
        }
        let stopped = false;
        const step = async (label, fn) => {
            if (stopped) return fail(`${label}: the steps before it ran`);
            try {
                await fn();
            } catch (e) {
                stopped = true;
                fail(label, e.message.split('\n').slice(0, 8), `manager on ${pages.manager.url()}`, `worker on ${pages.worker.url()}`);
            }
        };
        await suite(base, c, pages, step);
        check('no errors in the browser console', problems.length === 0, problems);
    } finally {
        await browser.close();
    }
}

await runSuite('the record suite', main, { cleanUp });

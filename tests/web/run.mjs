// run.mjs BINARY: Oversight's pages in a real browser.
//
//   node tests/web/run.mjs build/oversight
//
// Starts its own server on a fresh database (SQLite in a temporary folder, or
// the PostgreSQL database named by OVERSIGHT_TEST_PG, whose public schema is
// emptied first, as tests/cli/lib.sh does), loads a small demo council, adds
// the accounts below, then drives Debian's Chromium (headless, through
// playwright-core) as each account: sign in through the form, open each page
// of the table `pages`, check what it shows, sign out through the header
// button. axe-core checks every page visited against WCAG 2.2 A and AA.
//
// Prints TAP lines ("ok N - name" / "not ok N - name", details on "#" lines)
// that tests/run.sh counts, and exits non-zero when any test failed. A missing
// Chromium or node_modules is a failure, never a skip.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DEMO = ['--staff', '20', '--cases', '150']; // small: the whole run takes seconds
const STEP_TIMEOUT = 10_000; // ms for any one browser action
const RUN_TIMEOUT = 180_000; // ms for the whole run

// ---- what to check ---------------------------------------------------------

// Accounts the runner creates. `staff` picks the account's staff record from
// the demo council's due list (null: an account not linked to staff).
const accounts = {
    worker: { password: 'worker browser password', staff: (d) => d.busiestWorker() },
    manager: { password: 'manager browser password', staff: (d) => d.managerWithoutCases() },
    unlinked: { password: 'unlinked browser password', staff: null },
};

// One row per page and account. `who` is an account above, or null for a
// visitor who has not signed in. `lands` is the path the browser should end
// on (default: `path`; a redirect otherwise), `status` the final HTTP status
// (default 200). `expect(me)` lists what the page must show, given `me`, the
// account's own due list (see dueFacts): a string must be in the page's
// visible text; an array of strings must all be in one table row, paragraph,
// list item or summary-list row.
const STATUS = { overdue: 'Overdue', 'due-soon': 'Due soon', ok: 'Within policy' };
const pages = [
    { who: null, path: '/sign-in', expect: () => ['Sign in', 'Username', 'Password'] },
    { who: null, path: '/', lands: '/sign-in', expect: () => ['Sign in'] },
    { who: null, path: '/no/such/page', status: 404, expect: () => ['Page not found'] },
    {
        who: 'worker',
        path: '/',
        expect: (me) => [
            'My supervision',
            'Your next supervision',
            [STATUS[me.self.status], me.self.due],
            'Your cases',
            ...me.cases.map((c) => [c.id, STATUS[c.status], c.due, c.last || 'never']),
        ],
    },
    {
        who: 'manager',
        path: '/',
        expect: (me) => ['My supervision', [STATUS[me.self.status], me.self.due], 'You have no open cases'],
    },
    { who: 'unlinked', path: '/', expect: () => ['My supervision', 'not linked to a staff record'] },
    { who: 'worker', path: '/no/such/page', status: 404, expect: () => ['Page not found'] },
];

// ---- TAP output ------------------------------------------------------------

let n = 0;
let failures = 0;
function pass(name) {
    console.log(`ok ${++n} - ${name}`);
}
function fail(name, ...details) {
    failures++;
    console.log(`not ok ${++n} - ${name}`);
    for (const d of details.flat()) for (const line of String(d).split('\n')) console.log(`#   ${line}`);
}
function check(name, ok, ...details) {
    if (ok) pass(name);
    else fail(name, ...details);
    return ok;
}
function finish() {
    console.log(`1..${n}`);
    process.exitCode = failures ? 1 : 0;
}

// ---- the server ------------------------------------------------------------

const bin = process.argv[2] && resolve(process.argv[2]);
let server = null;
let tmp = null;
let serverErr = '';

// ov(ARGS, INPUT): runs the binary on the test database; returns its stdout.
function ov(args, input = '') {
    return execFileSync(bin, ['--db', db(), ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}
function db() {
    return process.env.OVERSIGHT_TEST_PG || join(tmp, 'web.sqlite');
}

function freshDatabase() {
    tmp = mkdtempSync(join(tmpdir(), 'oversight-web-'));
    if (process.env.OVERSIGHT_TEST_PG)
        execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db(), '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'], {
            stdio: ['ignore', 'ignore', 'pipe'],
        });
}

// Starts `oversight serve` on a free loopback port; resolves to its address.
function startServer() {
    return new Promise((resolvePromise, reject) => {
        server = spawn(bin, ['--db', db(), 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        const timer = setTimeout(() => reject(new Error('no "on port" line within 10 s')), 10_000);
        server.stdout.on('data', (d) => {
            out += d;
            const m = out.match(/ on port (\d+)/);
            if (m) {
                clearTimeout(timer);
                resolvePromise(`http://127.0.0.1:${m[1]}`);
            }
        });
        server.stderr.on('data', (d) => (serverErr += d));
        server.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`exited with status ${code}`));
        });
    });
}

async function stopServer() {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const t = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
}

function cleanUp() {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (tmp) rmSync(tmp, { recursive: true, force: true });
}

// ---- the demo council's due list -------------------------------------------

// One CSV record per line (the due list has no line breaks inside fields).
function parseCsv(text) {
    return text
        .split('\n')
        .filter((l) => l)
        .map((line) => {
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
        });
}

// A YYYY-MM-DD date as the pages show it: "19 August 2026".
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
function shown(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || '')) return iso;
    const [y, m, d] = iso.split('-').map(Number);
    return `${d} ${MONTHS[m - 1]} ${y}`;
}

// `oversight due` as records {kind, id, owner, rule, last, due, status},
// with the dates as the pages show them.
function due(...args) {
    const [head, ...rows] = parseCsv(ov(['due', '--format', 'csv', ...args]));
    return rows.map((r) => {
        const row = Object.fromEntries(head.map((h, i) => [h, r[i]]));
        return { ...row, due: shown(row.due), last: shown(row.last) };
    });
}

// What the due list says about one member of staff: their own row and cases.
function dueFacts(staffId) {
    const rows = due('--worker', staffId);
    return { id: staffId, self: rows.find((r) => r.kind === 'staff'), cases: rows.filter((r) => r.kind === 'case') };
}

function council() {
    const all = due();
    const caseCount = new Map();
    for (const r of all) if (r.kind === 'case') caseCount.set(r.owner, (caseCount.get(r.owner) || 0) + 1);
    const staff = all.filter((r) => r.kind === 'staff');
    return {
        // the member of staff with the most open cases
        busiestWorker: () => [...caseCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0],
        // a manager (by the role in their supervision rule) with no cases
        managerWithoutCases: () => staff.find((s) => /manager/.test(s.rule) && !caseCount.has(s.id))?.id,
    };
}

// ---- the browser -----------------------------------------------------------

let axeSource = '';

// Runs axe-core on the page. The app's CSP allows no inline script, so axe
// is evaluated through the DevTools protocol (not subject to the page's CSP)
// rather than injected as a <script> element.
async function accessible(page, label) {
    try {
        if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
        const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
        const details = r.violations.flatMap((v) => [
            `${v.id} (${v.impact}): ${v.help}`,
            ...v.nodes.map((node) => `    at ${node.target.join(' ')}`),
        ]);
        check(`${label}: no WCAG 2.2 AA violations (axe-core)`, r.violations.length === 0, details);
    } catch (e) {
        fail(`${label}: axe-core ran`, e.message);
    }
}

// The page's visible text, and the text of each block that can hold a group
// of expected texts together.
async function pageText(page) {
    return page.evaluate(() => ({
        text: document.body.innerText,
        blocks: [...document.querySelectorAll('tr, p, li, .govuk-summary-list__row, dl > div')].map((e) => e.innerText),
    }));
}

// Checks the page now shown against a row of `pages` (or a like object).
async function checkPage(page, response, row, label, me) {
    const lands = row.lands || row.path;
    const url = new URL(page.url());
    const status = response ? response.status() : 0;
    const wantStatus = row.status || 200;
    if (check(`${label}: ends on ${lands} (${wantStatus})`, url.pathname === lands && status === wantStatus,
        `ended on ${url.pathname} with status ${status}`))
        await shows(page, row, label, me);
    await accessible(page, label);
}

// Checks that the page shows what row.expect(me) lists.
async function shows(page, row, label, me) {
    const { text, blocks } = await pageText(page);
    const missing = [];
    for (const want of row.expect(me)) {
        if (Array.isArray(want)) {
            if (want.some((w) => w === undefined)) missing.push(`(a test expects a value the due list lacks: ${JSON.stringify(want)})`);
            else if (!blocks.some((b) => want.every((w) => b.includes(w)))) missing.push(`together: ${want.join(' | ')}`);
        } else if (!text.includes(want)) missing.push(want);
    }
    check(`${label}: shows what it should`, missing.length === 0, missing.map((m) => `missing ${m}`),
        missing.length ? `page text: ${text.slice(0, 600)}` : []);
}

// Signs in through the form on /sign-in; returns the response to the post.
async function signIn(page, base, username, password) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const response = await posted;
    await page.waitForLoadState('load');
    return response;
}

async function main() {
    if (!bin || !existsSync(bin)) {
        fail(`the binary to test exists: ${process.argv[2] || '(none given: node tests/web/run.mjs BINARY)'}`);
        return;
    }
    const major = Number(process.versions.node.split('.')[0]);
    if (!check('Node.js 20 or later (playwright-core needs it)', major >= 20, `this is Node.js ${process.version}`)) return;
    const here = new URL('.', import.meta.url).pathname;
    let chromium;
    try {
        const require = createRequire(join(here, 'package.json'));
        ({ chromium } = require('playwright-core'));
        axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    } catch (e) {
        fail('playwright-core and axe-core are installed (run: npm ci --prefix tests/web)', e.message);
        return;
    }
    if (!check(`Chromium is installed at ${CHROMIUM}`, existsSync(CHROMIUM), 'install it: tools/deps.sh test (apt-get install chromium)'))
        return;

    let facts;
    try {
        freshDatabase();
        ov(['init']);
        ov(['demo', ...DEMO]);
        const d = council();
        facts = {};
        for (const [name, a] of Object.entries(accounts)) {
            const staff = a.staff ? a.staff(d) : null;
            if (a.staff && !staff) throw new Error(`the demo council has no staff member for account ${name}`);
            ov(['user', 'add', name, ...(staff ? ['--staff', staff] : []), '--password-stdin'], `${a.password}\n`);
            facts[name] = staff ? dueFacts(staff) : {};
        }
        pass(`a demo council with accounts ${Object.keys(accounts).join(', ')} on ${process.env.OVERSIGHT_TEST_PG ? 'PostgreSQL' : 'SQLite'}`);
    } catch (e) {
        fail('a demo council with accounts', e.message, e.stderr || '');
        return;
    }
    let base;
    try {
        base = await startServer();
        pass(`oversight serve on ${base}`);
    } catch (e) {
        fail('oversight serve started', e.message, serverErr);
        return;
    }

    let browser;
    try {
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    } catch (e) {
        fail(`Chromium (${CHROMIUM}) starts`, e.message);
        return;
    }
    const problems = []; // console errors and page errors, from every page
    const newPage = async (who) => {
        const context = await browser.newContext();
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT);
        page.on('console', (m) => {
            if (m.type() !== 'error') return;
            // A page's own non-2xx status is checked by its row; the app has
            // no icon yet (GOV.UK Frontend's assets are still to come).
            const from = m.location().url;
            if (m.text().startsWith('Failed to load resource') && (from === page.url() || from.endsWith('/favicon.ico')))
                return;
            problems.push(`${who}: ${m.text()} (${from} on ${page.url()})`);
        });
        page.on('pageerror', (e) => problems.push(`${who}: ${e.message} (${page.url()})`));
        return page;
    };
    const step = async (label, fn) => {
        try {
            await fn();
        } catch (e) {
            fail(label, e.message.split('\n').slice(0, 6));
        }
    };

    try {
        // Visitors who have not signed in.
        const visitor = await newPage('visitor');
        for (const row of pages.filter((r) => r.who === null)) {
            const label = `visitor ${row.path}`;
            await step(label, async () => {
                const response = await visitor.goto(base + row.path);
                await checkPage(visitor, response, row, label, {});
            });
        }

        // A wrong password: the GOV.UK error summary, announced or focused.
        await step('a wrong password', async () => {
            const page = await newPage('wrong password');
            const response = await signIn(page, base, 'worker', 'not the password at all');
            const label = 'a wrong password';
            await checkPage(page, response, {
                path: '/sign-in',
                status: 401,
                expect: () => ['There is a problem', 'The username or password is not right'],
            }, label, {});
            const summary = await page.evaluate(() => {
                const s = document.querySelector('.govuk-error-summary');
                if (!s) return null;
                const live = s.closest('[role=alert], [aria-live]') || s.querySelector('[role=alert], [aria-live]');
                return {
                    visible: s.offsetParent !== null,
                    focused: s.contains(document.activeElement),
                    announced: !!live && live.contains(s.querySelector('.govuk-error-summary__title')),
                    title: document.title,
                    links: [...s.querySelectorAll('a')].map((a) => a.getAttribute('href')),
                    fields: [...s.querySelectorAll('a')].map((a) =>
                        document.getElementById((a.getAttribute('href') || '').replace(/^#/, ''))?.tagName),
                    username: document.getElementById('username')?.value,
                };
            });
            if (!check(`${label}: a GOV.UK error summary is shown`, summary?.visible, 'no visible .govuk-error-summary'))
                return;
            check(`${label}: the error summary receives focus or is announced`, summary.focused || summary.announced,
                'neither focused nor inside role="alert" / aria-live');
            check(`${label}: the page title starts "Error:"`, summary.title.startsWith('Error:'), `title: ${summary.title}`);
            check(`${label}: each error in the summary links to its field`, summary.links.length > 0 &&
                summary.fields.every((tag) => ['INPUT', 'SELECT', 'TEXTAREA', 'FIELDSET'].includes(tag)),
                `links: ${summary.links.join(' ') || 'none'}`);
            check(`${label}: the username typed is kept`, summary.username === 'worker', `username field: ${summary.username}`);
            await page.context().close();
        });

        // Each account: sign in, its pages, sign out.
        for (const [who, account] of Object.entries(accounts)) {
            const rows = pages.filter((r) => r.who === who);
            if (!rows.length) continue;
            await step(`${who} signs in`, async () => {
                const page = await newPage(who);
                const response = await signIn(page, base, who, account.password);
                if (!check(`${who} signs in through the form (303 to /)`, response.status() === 303 &&
                    new URL(page.url()).pathname === '/', `status ${response.status()}, now on ${page.url()}`))
                    return;
                for (const row of rows) {
                    const label = `${who} ${row.path}`;
                    await step(label, async () => {
                        const r = await page.goto(base + row.path);
                        await checkPage(page, r, row, label, facts[who]);
                    });
                }
                await page.goto(`${base}/`);
                await page.getByRole('button', { name: 'Sign out' }).click();
                await page.waitForURL((u) => u.pathname === '/sign-in');
                pass(`${who} signs out through the header button, back on /sign-in`);
                await accessible(page, `${who} after signing out`);
                for (const row of rows.filter((r) => (r.status || 200) === 200)) {
                    const r = await page.goto(base + row.path);
                    check(`${who} signed out: ${row.path} sends to /sign-in`, new URL(page.url()).pathname === '/sign-in' &&
                        r.status() === 200, `now on ${page.url()} (${r.status()})`);
                }
                await page.context().close();
            });
        }
        check('no errors in the browser console', problems.length === 0, problems);
    } finally {
        await browser.close();
    }
}

const watchdog = setTimeout(() => {
    fail(`the run finished within ${RUN_TIMEOUT / 1000} s`);
    finish();
    cleanUp();
    process.exit(1);
}, RUN_TIMEOUT);
watchdog.unref();
process.on('exit', cleanUp);

const started = Date.now();
try {
    await main();
} catch (e) {
    fail('the browser tests ran to the end', e.stack || e.message);
}
await stopServer();
if (failures && serverErr) console.log(serverErr.trim().split('\n').slice(-10).map((l) => `# server: ${l}`).join('\n'));
console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
finish();

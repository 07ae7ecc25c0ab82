// run.mjs BINARY: Oversight's pages in a real browser.
//
//   node tests/web/run.mjs build/oversight
//
// Starts its own server on a fresh database (SQLite in a temporary folder, or
// the PostgreSQL database named by OVERSIGHT_TEST_PG, whose public schema is
// emptied first, as tests/cli/lib.sh does), loads the demo council of the
// HTTP tests with its accounts (`oversight demo --staff 60 --cases 900
// --accounts`: worker, manager, senior, auditor, admin), then drives Debian's
// Chromium (headless, through playwright-core) as each account: sign in
// through the form, open each page of the table `pages` (or follow a link to
// it), check what it shows, sign out through the header button. Then three
// journeys: a wrong password, an admin's CSV uploads (a bad file, then a good
// one), and turning on two-factor sign-in and signing in with a code.
// axe-core checks every page visited against WCAG 2.2 A and AA.
//
// What each page must show is worked out from the council's own data, not
// from the pages: `oversight due --format csv` (whole, and with --worker,
// --supervisor and --team), the five CSV files `oversight demo --csv` writes
// for the same council, `oversight user list` and `oversight policy show`;
// and, for the sessions the demo then adds through the supervision services
// (held and cancelled bookings, informal and group discussions: not in the
// files), the database's sessions, attendees and discussions tables.
//
// Prints TAP lines ("ok N - name" / "not ok N - name", details on "#" lines)
// that tests/run.sh counts, and exits non-zero when any test failed. A missing
// Chromium or node_modules is a failure, never a skip.

import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, fail, killServer, navigated, pass, runSuite, serverLog, startServer } from './lib.mjs';
import { records } from './browse.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DEMO = ['--staff', '60', '--cases', '900']; // the council of tests/cli/web_lib.sh
const PASSWORD = 'oversight demo'; // every account `oversight demo --accounts` makes
const STEP_TIMEOUT = 10_000; // ms for any one browser action

// ---- what to check ---------------------------------------------------------

// One row per page and account, visited in this order for each account (all
// of one account's rows in one session). `who` is an account, or null for a
// visitor who has not signed in. A row either opens `path`, or, with
// `click`, follows the link of that text on the page the row before ended
// on. `lands` is the path the browser should end on (default: `path`; a
// redirect otherwise), `status` the final HTTP status (default 200).
// `path`, `click`, `lands` and `expect` may be functions of the council `c`
// (see council()). `expect(c)` lists what the page must show:
//   'text'                  in the page's visible text
//   ['a', 'b']              all in one table row, paragraph, list item or
//                           summary-list row
//   { absent: 'text' }      nowhere in the page's visible text
//   { nav: ['a', 'b'] }     exactly these links in the navigation, in order
//   { table: 'caption', rows: [[cell, ...], ...], order: 'exact'|'any' }
//                           the table of that caption has exactly these rows
//                           (cell by cell), in this order unless 'any'
const STATUS = { overdue: 'Overdue', 'due-soon': 'Due soon', ok: 'Within policy' };
// A session's type, and an interval ("2w"), as the pages say them.
const SESSION_TYPE = { individual: 'Individual supervision', group: 'Group supervision', informal: 'Informal discussion' };
const UNITS = { d: 'day', w: 'week', m: 'month' };
const inWords = (every) => {
    const [, n, u] = every.match(/^(\d+)([dwm])$/) || [];
    return n ? `every ${n} ${UNITS[u]}${n === '1' ? '' : 's'}` : every;
};
const REFUSED = ['You cannot see this page'];
const pages = [
    { who: null, path: '/sign-in', expect: () => ['Sign in', 'Username', 'Password'] },
    { who: null, path: '/', lands: '/sign-in', expect: () => ['Sign in'] },
    { who: null, path: '/no/such/page', status: 404, expect: () => ['Page not found'] },

    // A worker: their own supervision and cases.
    { who: 'worker', path: '/', expect: (c) => [{ nav: c.nav('worker') }, ...mySupervision(c, c.me('worker'))] },
    { who: 'worker', path: (c) => `/people/${c.me('worker')}`, expect: (c) => person(c, c.me('worker')) },
    { who: 'worker', path: '/records', expect: (c) => [{ nav: c.nav('worker') }, 'My records',
        ...c.recordsOf(c.me('worker')).map((r) => [r.date, r.with, r.part, r.state])] },
    { who: 'worker', path: '/workload', expect: (c) => [{ nav: c.nav('worker') }, 'Workload', 'Your workload is unmanageable'] },
    { who: 'worker', path: '/supervision/reads', expect: (c) => [{ nav: c.nav('worker') }, 'Who has read your records'] },
    { who: 'worker', path: (c) => `/people/${c.me('worker')}/development`,
        expect: (c) => [{ nav: c.nav('worker') }, 'Development recorded in supervision', c.name(c.me('worker')), 'Download as PDF'] },
    { who: 'worker', path: '/services', status: 403, expect: () => REFUSED },
    // Search (page_search.c): within what each may read, saying how each was found.
    { who: 'worker', path: (c) => `/search?q=${encodeURIComponent(c.name(c.me('worker')))}`, lands: '/search',
        expect: (c) => ['People', [c.name(c.me('worker')), `(${c.me('worker')})`, 'Found by name'], 'Cases', 'Supervision records'] },
    { who: 'worker', path: '/search?q=a', lands: '/search', status: 400,
        expect: () => ['There is a problem', 'Enter at least 2 letters or numbers to search for'] },
    { who: 'worker', path: '/no/such/page', status: 404, expect: () => ['Page not found'] },

    // Their team manager: everyone in the team, overdue first, and the
    // team's cases due or overdue for discussion.
    { who: 'manager', path: '/', expect: (c) => [{ nav: c.nav('manager') }, ...mySupervision(c, c.me('manager'))] },
    { who: 'manager', path: '/team', expect: (c) => myTeam(c, c.me('manager')) },

    // The senior manager of the worker's service: the service's teams'
    // shares within policy, then down through a team and a person to a case.
    { who: 'senior', path: '/services', expect: (c) => [{ nav: c.nav('senior') }, ...services(c, [c.service])] },
    { who: 'senior', path: (c) => servicePath(c.service), expect: (c) => service(c, c.service) },
    { who: 'senior', click: (c) => c.team, lands: (c) => teamPath(c.team), expect: (c) => team(c, c.team) },
    { who: 'senior', click: (c) => c.name(c.me('worker')), lands: (c) => `/people/${c.me('worker')}`,
        expect: (c) => person(c, c.me('worker')) },
    { who: 'senior', click: (c) => c.workerCase, lands: (c) => `/cases/${c.workerCase}`, expect: (c) => kase(c, c.workerCase) },
    { who: 'senior', path: (c) => servicePath(c.otherService), status: 403, expect: () => REFUSED },
    // Their service's compliance over time, from the service page.
    { who: 'senior', path: (c) => servicePath(c.service), expect: (c) => service(c, c.service) },
    { who: 'senior', click: () => 'Compliance over time', lands: (c) => `${servicePath(c.service)}/trends`,
        expect: (c) => [`${c.service}: compliance over time`, 'Months shown', 'Supervision and case discussion within policy',
            'Sessions in each month', 'Records, actions, escalations and disagreements'] },
    // Quality audits: last quarter's, audited by the demo; this quarter's sample still to draw.
    { who: 'senior', path: '/audits', expect: (c) => [{ nav: c.nav('senior') }, 'My audits', 'Assigned to me'] },
    { who: 'senior', path: '/audits/1', expect: () => ['Quality audit', 'Grades and findings', 'Overall grade'] },
    { who: 'senior', path: (c) => `${servicePath(c.service)}/audits`,
        expect: () => ['Quality audits', 'Results by quarter', 'Draw the sample'] },
    // How supervision feels, and workload (page_feedback.c, page_workload.c).
    { who: 'senior', path: (c) => `${servicePath(c.service)}/feedback`, expect: (c) => ['How supervision feels', c.service, 'The whole service'] },
    { who: 'senior', path: (c) => `${teamPath(c.team)}/feedback`, expect: (c) => ['How supervision feels', c.team, 'The team'] },
    { who: 'senior', path: (c) => teamPath(c.team), expect: (c) => team(c, c.team) },
    { who: 'senior', click: () => 'Development needs and training', lands: (c) => `${teamPath(c.team)}/development`,
        expect: (c) => ['Development needs and training', c.team] },

    // An auditor: every service, read-only.
    // They land on the organisation's figures, and every service from there.
    { who: 'auditor', path: '/', expect: (c) => [{ nav: c.nav('auditor') }, 'Audit', "The organisation's figures today",
        counts(c.due().filter((r) => r.kind === 'staff'), 'person', 'people'),
        counts(c.due().filter((r) => r.kind === 'case'), 'open case', 'open cases'),
        ...[...c.services.keys()].map((s) => [s, `(${plural(c.services.get(s), 'team', 'teams')})`]),
        { absent: 'My supervision' }] },
    { who: 'auditor', path: '/services', expect: (c) => services(c, [...c.services.keys()]) },
    { who: 'auditor', path: (c) => `/search?q=${c.me('worker')}`, lands: '/search',
        expect: (c) => [[c.name(c.me('worker')), `(${c.me('worker')})`, 'Found by id']] },
    { who: 'auditor', path: (c) => servicePath(c.otherService), expect: (c) => service(c, c.otherService) },

    // An admin: the admin pages, and no record content.
    { who: 'admin', path: '/admin', expect: (c) => [{ nav: c.nav('admin') }, 'Administration',
        "Import the organisation's data", 'Accounts and roles', 'Teams, services and managers', 'The supervision policy'] },
    { who: 'admin', path: '/admin/imports', expect: () => ['Import data', 'What is in the file?', 'The CSV file', 'Recent imports'] },
    { who: 'admin', path: '/admin/users', expect: (c) => ['Accounts and roles',
        ...['worker', 'manager', 'senior'].map((u) => [u, c.me(u)]), 'Add an account'] },
    { who: 'admin', path: '/admin/teams', expect: (c) => ['Teams, services and managers', ...c.teams.map((t) => [t.name, t.service])] },
    // people chosen by name, never typed as staff ids
    { who: 'admin', path: '/admin/users/worker', expect: (c) => ['Change an account', 'Member of staff',
        { absent: 'Staff id' }] },
    { who: 'admin', path: (c) => `/admin/teams/${encodeURIComponent(c.team)}`, expect: () => ['Change a team', 'Team manager',
        { absent: "Team manager's staff id" }] },
    { who: 'admin', path: '/admin/policy', expect: (c) => ['The supervision policy', c.policyName, 'Change the policy',
        ['Newly qualified social worker', 'every week for the first 6 weeks, then every 2 weeks until 52 weeks from start, then every 4 weeks'],
        ['Child protection plan', 'every 2 months']] },
    { who: 'admin', path: (c) => `/people/${c.me('worker')}`, status: 403, expect: () => REFUSED },
    { who: 'admin', path: (c) => `/search?q=${c.me('worker')}`, lands: '/search',
        expect: (c) => ['Nothing you may see matches', { absent: c.name(c.me('worker')) }] },
];

// What the pages show, from the council's data.

const servicePath = (name) => `/services/${encodeURIComponent(name)}`;
const teamPath = (name) => `/teams/${encodeURIComponent(name)}`;

// A count with its noun: "1 team", "3 teams".
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// "12 people: 3 overdue, 1 due soon." over due rows of one kind.
function counts(rows, one, many) {
    const over = rows.filter((r) => r.status === 'overdue').length;
    const soon = rows.filter((r) => r.status === 'due-soon').length;
    return `${plural(rows.length, one, many)}: ${over} overdue, ${soon} due soon.`;
}

// "4w" as people say it: "4 weeks", "1 month", "10 days".
function intervalWords(iv) {
    const n = Number(iv.slice(0, -1));
    const unit = { d: 'day', w: 'week', m: 'month' }[iv.slice(-1)];
    return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// A due row's machine rule (`oversight due`) as the pages say it, with its
// source: "role social-worker every 4w" is "Social worker: every 4 weeks".
function ruleWords(c, rule) {
    let m;
    if ((m = rule.match(/^role (\S+) every (\w+) pro-rata ([\d.]+) = (\w+)$/)))
        return `${c.roleLabel(m[1])}: every ${intervalWords(m[2])} (part time ${m[3]}: every ${intervalWords(m[4])})`;
    if ((m = rule.match(/^role (\S+) every (\w+)$/))) return `${c.roleLabel(m[1])}: every ${intervalWords(m[2])}`;
    if ((m = rule.match(/^agreement every (\w+)$/))) return `Agreement: every ${intervalWords(m[1])}`;
    if ((m = rule.match(/^category (\S+) every (\w+)$/))) return `${c.categoryLabel(m[1])}: every ${intervalWords(m[2])}`;
    if ((m = rule.match(/^every-case (\w+)$/))) return `Every open case: every ${intervalWords(m[1])}`;
    if ((m = rule.match(/^case override every (\w+)$/))) return `This case: every ${intervalWords(m[1])}`;
    if ((m = rule.match(/^every-session \(missed on (\S+)\)$/)))
        return `At every session of the worker (missed on ${shown(m[1])})`;
    if (rule === 'no rule applies') return 'No rule applies';
    return rule;
}

// A staff row of a due list as the supervision tables show it.
function staffCells(c, r) {
    const held = c.unsent(r.id);
    const last = (r.last || 'never') + (held ? `held on ${shown(held)}, record not sent` : '');
    return [c.name(r.id), STATUS[r.status], r.due, last, r.owner ? c.name(r.owner) : 'none', ruleWords(c, r.rule)];
}

// A case row as the case tables show it, with or without its worker.
function caseCells(c, r, withWorker) {
    return [r.id, ...(withWorker ? [c.name(r.owner)] : []), STATUS[r.status], r.due, r.last || 'never', ruleWords(c, r.rule)];
}

// "/" for a member of staff: their next supervision and their cases.
function mySupervision(c, id) {
    const rows = c.due('--worker', id);
    const self = rows.find((r) => r.kind === 'staff');
    const cases = rows.filter((r) => r.kind === 'case');
    const supervisor = c.staff.get(id)?.supervisor;
    return [
        'My supervision',
        'Your next supervision',
        [STATUS[self?.status], `due by ${self?.due}`, ...(self?.last ? [`last held ${self.last}`] : [])],
        `Rule: ${ruleWords(c, self?.rule || '')}`,
        ...(supervisor ? [`Your supervisor is ${c.name(supervisor)}.`] : []),
        cases.length ? { table: 'Your cases', rows: cases.map((r) => caseCells(c, r, false)) } : 'You have no open cases',
    ];
}

// "/team" for a manager: the people they supervise or whose team they
// manage, not themselves, in the due list's order (most overdue first), and
// those people's cases due or overdue for discussion.
function myTeam(c, id) {
    const lists = [c.due('--supervisor', id), ...c.teams.filter((t) => t.manager === id).map((t) => c.due('--team', t.name))];
    const people = new Set(lists.flat().filter((r) => r.kind === 'staff' && r.id !== id).map((r) => r.id));
    const rows = c.inOrder(lists.flat().filter((r) => (r.kind === 'staff' ? people.has(r.id) : people.has(r.owner))));
    const staff = rows.filter((r) => r.kind === 'staff');
    const due = rows.filter((r) => r.kind === 'case' && r.status !== 'ok');
    return [
        'My team',
        counts(staff, 'person', 'people'),
        { table: 'Supervision', rows: staff.map((r) => staffCells(c, r)) },
        due.length ? { table: 'Cases due or overdue for discussion', rows: due.map((r) => caseCells(c, r, true)) }
            : 'No case is due for discussion.',
    ];
}

// "/services": the services listed, each with its number of teams; no other.
function services(c, listed) {
    return [
        'Services',
        ...listed.map((s) => [s, `(${plural(c.services.get(s), 'team', 'teams')})`]),
        ...[...c.services.keys()].filter((s) => !listed.includes(s)).map((s) => ({ absent: s })),
    ];
}

// "/services/NAME": per team, the shares of staff and of cases not overdue,
// and the count of the supervision kinds (agreements, records, actions,
// escalations) overdue.
function service(c, name) {
    const percent = (part, all) => (all ? `${Math.floor((part * 100 + Math.floor(all / 2)) / all)}%` : 'none');
    const all = [];
    const rows = c.teams.filter((t) => t.service === name).map((t) => {
        const list = c.due('--team', t.name);
        all.push(...list);
        const staff = list.filter((r) => r.kind === 'staff');
        const cases = list.filter((r) => r.kind === 'case');
        const over = (rs) => rs.filter((r) => r.status === 'overdue').length;
        const other = list.filter((r) => r.kind !== 'staff' && r.kind !== 'case');
        return [t.name, t.manager ? c.name(t.manager) : 'none', percent(staff.length - over(staff), staff.length),
            String(over(staff)), percent(cases.length - over(cases), cases.length), String(over(cases)),
            String(over(other))];
    });
    return [
        'Service',
        name,
        counts(all.filter((r) => r.kind === 'staff'), 'person', 'people'),
        counts(all.filter((r) => r.kind === 'case'), 'open case', 'open cases'),
        { table: 'Compliance by team', rows, order: 'any' }, // by name, in the database's collation
        'Within policy: not overdue today',
    ];
}

// "/teams/NAME": its service and manager, its people and cases due.
function team(c, name) {
    const t = c.teams.find((x) => x.name === name);
    const list = c.due('--team', name);
    const staff = list.filter((r) => r.kind === 'staff');
    const cases = list.filter((r) => r.kind === 'case');
    const due = cases.filter((r) => r.status !== 'ok');
    return [
        'Team',
        name,
        ['Service', t?.service || 'none'],
        ['Manager', t?.manager ? c.name(t.manager) : 'none'],
        counts(staff, 'person', 'people'),
        counts(cases, 'open case', 'open cases'),
        { table: 'Supervision', rows: staff.map((r) => staffCells(c, r)) },
        ...(due.length ? [{ table: 'Cases due or overdue for discussion', rows: due.map((r) => caseCells(c, r, true)) }] : []),
    ];
}

// "/people/ID": who they are, their next supervision, open cases, sessions.
function person(c, id) {
    const s = c.staff.get(id) || {};
    const rows = c.due('--worker', id);
    const self = rows.find((r) => r.kind === 'staff');
    const cases = rows.filter((r) => r.kind === 'case');
    const sessions = c.sessionsOf(id);
    return [
        s.name,
        ['Role', c.roleLabel(s.role)],
        ['Team', s.team || 'none'],
        ['Supervisor', s.supervisor ? c.name(s.supervisor) : 'none'],
        ['Line manager', s.line_manager ? c.name(s.line_manager) : 'none'],
        ['In this role since', shown(s.start_date)],
        ['Next supervision', STATUS[self?.status], `due by ${self?.due}`, `Rule: ${ruleWords(c, self?.rule || '')}`],
        ...(cases.length ? [{ table: 'Open cases', rows: cases.map((r) => caseCells(c, r, false)) }] : []),
        sessions.length ? { table: 'Sessions', rows: sessions } : 'No sessions are recorded.',
        { absent: 'ov-' }, // sessions are their dates, never internal ids
    ];
}

// "/cases/ID": category, worker, next discussion with its rule, discussions.
function kase(c, id) {
    const k = c.cases.get(id) || {};
    const next = c.due('--worker', k.worker).find((r) => r.kind === 'case' && r.id === id);
    const discussions = c.discussionsOf(id);
    return [
        'Case',
        id,
        ['Category', c.categoryLabel(k.category)],
        ['Allocated worker', c.name(k.worker)],
        ['Allocated', shown(k.allocated_date)],
        ...(k.every ? [['Discussed at least', inWords(k.every)]] : []),
        ['Next discussion', STATUS[next?.status], `due by ${next?.due}`, `Rule: ${ruleWords(c, next?.rule || '')}`],
        discussions.length ? { table: 'Discussions', rows: discussions } : 'This case has not been discussed.',
        { absent: 'ov-' },
    ];
}

// ---- the server ------------------------------------------------------------

const bin = process.argv[2] && resolve(process.argv[2]);
let tmp = null;

function cleanUp() {
    killServer();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
}

// ov(ARGS, INPUT): runs the binary on the test database; returns its stdout.
function ov(args, input = '') {
    return execFileSync(bin, ['--db', db(), ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}
function db() {
    return process.env.OVERSIGHT_TEST_PG || join(tmp, 'web.sqlite');
}

// sql(QUERY): its rows from the test database, as tests/cli/lib.sh's sql().
function sql(query) {
    const out = process.env.OVERSIGHT_TEST_PG
        ? execFileSync('psql', ['-qAt', db(), '-c', query], { encoding: 'utf8' })
        : execFileSync('sqlite3', [db(), query], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l).map((l) => l.split('|'));
}

function freshDatabase() {
    tmp = mkdtempSync(join(tmpdir(), 'oversight-web-'));
    // PostgreSQL has no folder for the key that seals two-factor secrets
    // beside the database: it is named, as a deployment must (the server and
    // every command started here inherit it).
    if (process.env.OVERSIGHT_TEST_PG) process.env.OVERSIGHT_SECRET_KEY = join(tmp, 'secret.key');
    if (process.env.OVERSIGHT_TEST_PG)
        execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', db(), '-c', 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;'], {
            stdio: ['ignore', 'ignore', 'pipe'],
        });
}

// Starts `oversight serve` on a free loopback port; resolves to its address.
// ---- the council's data ----------------------------------------------------

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
    return records(ov(['due', '--format', 'csv', ...args])).map((r) => ({ ...r, due: shown(r.due), last: shown(r.last) }));
}

// The demo council: its files (written again by `oversight demo --csv` with
// the same size, seed and day, so the same council), the sessions the demo
// added through the services, its accounts and policy, and its due lists.
// Throws when the files and the database differ.
function council(dir) {
    const file = (name) => records(readFileSync(join(dir, name), 'utf8'));
    const staff = new Map(file('staff.csv').map((s) => [s.id, s]));
    const cases = new Map(file('cases.csv').map((k) => [k.id, k]));
    const teams = file('teams.csv');
    const sessions = new Map(file('sessions.csv').map((s) => [s.id, s]));
    const discussions = file('discussions.csv');
    // The sessions the supervision services made (ids "ov-..."), one row per attendee.
    for (const [id, date, supervisor, type, status, who] of sql("SELECT se.id, se.date, sup.id, se.type, se.status, s.id" +
        " FROM sessions se JOIN staff sup ON sup.ref = se.supervisor_ref JOIN attendees a ON a.session_ref = se.ref" +
        " JOIN staff s ON s.ref = a.staff_ref WHERE se.id LIKE 'ov-%' ORDER BY se.id, s.id")) {
        const known = sessions.get(id);
        if (known) known.supervisee += `;${who}`;
        else sessions.set(id, { id, date, supervisor, supervisee: who, type, status });
    }
    for (const [session, kase] of sql("SELECT se.id, c.id FROM discussions d JOIN sessions se ON se.ref = d.session_ref" +
        " JOIN cases c ON c.ref = d.case_ref WHERE se.id LIKE 'ov-%'"))
        discussions.push({ session, case: kase });
    // Sessions held whose record is not sent: they count for nothing yet, and
    // the supervision tables say so beside the person's last supervision.
    const unsent = new Map();
    for (const [who, date] of sql("SELECT s.id, r.date FROM records r JOIN record_versions v ON v.record_ref = r.ref" +
        " JOIN staff s ON s.ref = r.supervisee_ref WHERE v.version = 1 AND v.state = 'draft' ORDER BY r.date"))
        unsent.set(who, date);
    const accounts = new Map(ov(['user', 'list']).split('\n').filter((l) => l).map((l) => {
        const [name, id] = l.trim().split(/\s+/);
        return [name, id === '-' ? '' : id];
    }));
    const policy = ov(['policy', 'show']);
    const labels = new Map();
    for (const m of policy.matchAll(/^(role|category) (\S+) "([^"]*)"/gm)) labels.set(`${m[1]} ${m[2]}`, m[3]);

    const cache = new Map();
    const cachedDue = (...args) => {
        const key = args.join('\u0000');
        if (!cache.has(key)) cache.set(key, due(...args));
        return cache.get(key);
    };
    const all = cachedDue();
    const position = new Map(all.map((r, i) => [`${r.kind} ${r.id}`, i]));
    // People and cases come from the files; the supervision kinds (agreement,
    // sign-off, action, escalation) from what the demo did through the services.
    for (const r of all)
        if (!(r.kind === 'staff' ? staff.has(r.id) : r.kind === 'case' ? cases.has(r.id) : true))
            throw new Error(`the due list's ${r.kind} ${r.id} is not in the files of oversight demo --csv`);
    for (const who of ['worker', 'manager', 'senior', 'auditor', 'admin'])
        if (!accounts.has(who)) throw new Error(`oversight demo --accounts made no account "${who}"`);

    // Sessions or discussions as the history tables show them, newest first.
    const history = (ids) => [...new Set(ids)].map((id) => sessions.get(id))
        .sort((a, b) => (a.date === b.date ? (a.id < b.id ? 1 : -1) : a.date < b.date ? 1 : -1))
        .slice(0, 200)
        .map((s) => [shown(s.date), SESSION_TYPE[s.type] || s.type, s.status === 'cancelled' ? 'Cancelled' : 'Held',
            staff.get(s.supervisor)?.name]);

    const me = (who) => accounts.get(who);
    const workerTeam = staff.get(me('worker'))?.team;
    const c = {
        staff, cases, teams, due: cachedDue,
        policyName: policy.match(/^policy "([^"]*)"/m)?.[1],
        policyText: policy,
        services: new Map(),
        me,
        name: (id) => staff.get(id)?.name,
        unsent: (id) => unsent.get(id),
        roleLabel: (id) => labels.get(`role ${id}`) || id,
        categoryLabel: (id) => labels.get(`category ${id}`) || id,
        // due rows in the whole due list's order (most overdue first), once each
        inOrder: (rows) => [...new Map(rows.map((r) => [`${r.kind} ${r.id}`, r])).values()]
            .sort((a, b) => position.get(`${a.kind} ${a.id}`) - position.get(`${b.kind} ${b.id}`)),
        // the records a person is party to, as My records shows them, newest first
        recordsOf: (id) => sql("SELECT r.date, r.ref, sup.id, sue.id, v.state FROM records r" +
            " JOIN record_versions v ON v.record_ref = r.ref AND v.version = r.latest_version" +
            ` JOIN staff sup ON sup.ref = r.supervisor_ref JOIN staff sue ON sue.ref = r.supervisee_ref WHERE sup.id = '${id}' OR sue.id = '${id}'` +
            ' ORDER BY r.date DESC, r.ref DESC LIMIT 200').map(([date, , sup, sue, state]) => ({
            date: shown(date), with: staff.get(sup === id ? sue : sup)?.name, part: sup === id ? 'Supervisor' : 'Supervisee',
            state: { draft: 'Draft', sent: 'Sent, waiting to be signed', signed: 'Signed', disputed: 'Disputed' }[state],
        })),
        sessionsOf: (id) => history([...sessions.values()].filter((s) => s.supervisee.split(';').includes(id)).map((s) => s.id)),
        discussionsOf: (id) => history(discussions.filter((d) => d.case === id).map((d) => d.session)),
        // the worker's team and service (the demo's manager and senior manager are theirs)
        team: workerTeam,
        service: teams.find((t) => t.name === workerTeam)?.service,
        // the menu an account is offered: only what it may open (its own
        // supervision, sessions and inbox when it is linked to a staff record)
        nav: (who) => {
            const id = me(who);
            const manages = id && ([...staff.values()].some((s) => s.supervisor === id || s.line_manager === id) ||
                teams.some((t) => t.manager === id));
            return [
                ...(id ? ['My supervision', 'Sessions', 'My records'] : []),
                ...(manages ? ['My team'] : []),
                ...(['senior', 'auditor'].includes(who) ? ['Services', 'Audits'] : []),
                ...(who === 'admin' ? ['Admin'] : []),
                ...(id ? ['Inbox'] : []),
                'Your account',
            ];
        },
    };
    for (const t of teams) if (t.service) c.services.set(t.service, (c.services.get(t.service) || 0) + 1);
    // another service, the one with most teams
    c.otherService = [...c.services].filter(([s]) => s !== c.service).sort((a, b) => b[1] - a[1])[0]?.[0];
    // the worker's most pressing open case that has been discussed
    c.workerCase = cachedDue('--worker', me('worker')).find((r) => r.kind === 'case' && c.discussionsOf(r.id).length)?.id;
    for (const [what, v] of Object.entries({ team: c.team, service: c.service, 'other service': c.otherService,
        'discussed case': c.workerCase }))
        if (!v) throw new Error(`the demo council has no ${what} for the worker`);
    return c;
}

// ---- two-factor codes (RFC 6238), computed here independently -------------

function base32Decode(text) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const out = [];
    let bits = 0;
    let value = 0;
    for (const ch of text.replace(/=+$/, '')) {
        const i = alphabet.indexOf(ch);
        if (i < 0) throw new Error(`"${ch}" is not a base32 character`);
        value = ((value << 5) | i) & 0xffff;
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push((value >>> bits) & 0xff);
        }
    }
    return Buffer.from(out);
}

// The 6-digit code of the 30-second step `step` (floor(unix time / 30)).
function totp(key, step) {
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', key).update(counter).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
const stepNow = () => Math.floor(Date.now() / 1000 / 30);

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
            ...v.nodes.slice(0, 10).map((node) => `    at ${node.target.join(' ')}`),
            ...(v.nodes.length > 10 ? [`    and ${v.nodes.length - 10} more`] : []),
        ]);
        check(`${label}: no WCAG 2.2 AA violations (axe-core)`, r.violations.length === 0, details);
    } catch (e) {
        fail(`${label}: axe-core ran`, e.message);
    }
}

// The page's visible text; the text of each block that can hold a group of
// expected texts together; its tables (caption, and each body row's cells);
// and its navigation's links.
async function pageText(page) {
    return page.evaluate(() => {
        const squash = (e) => e.textContent.replace(/\s+/g, ' ').trim();
        return {
            text: document.body.innerText,
            blocks: [...document.querySelectorAll('tr, p, li, .govuk-summary-list__row, dl > div')].map((e) => e.innerText),
            tables: [...document.querySelectorAll('table')].map((t) => ({
                caption: t.caption ? squash(t.caption) : '',
                rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map(squash)),
            })),
            nav: [...document.querySelectorAll('#navigation a')].map(squash),
        };
    });
}

// Compares a table's rows with the rows expected; returns what is wrong.
function tableProblems(tables, want) {
    const t = tables.find((x) => x.caption === want.table);
    if (!t) return [`no table "${want.table}" (tables: ${tables.map((x) => `"${x.caption}"`).join(', ') || 'none'})`];
    const key = (cells) => JSON.stringify(cells);
    const got = t.rows.map(key);
    const wanted = want.rows.map(key);
    if (want.order === 'any') {
        got.sort();
        wanted.sort();
    }
    const problems = [];
    if (got.length !== wanted.length) problems.push(`table "${want.table}": ${got.length} rows, want ${wanted.length}`);
    for (let i = 0; i < Math.max(got.length, wanted.length) && problems.length < 4; i++)
        if (got[i] !== wanted[i]) problems.push(`table "${want.table}" row ${i + 1}: ${got[i] || '(none)'}, want ${wanted[i] || '(none)'}`);
    return problems;
}

// Checks that the page shows what `expect` lists.
async function shows(page, expect, label) {
    const { text, blocks, tables, nav } = await pageText(page);
    const missing = [];
    for (const want of expect) {
        if (Array.isArray(want)) {
            if (want.some((w) => w === undefined)) missing.push(`(a test expects a value the data lacks: ${JSON.stringify(want)})`);
            else if (!blocks.some((b) => want.every((w) => b.includes(w)))) missing.push(`missing together: ${want.join(' | ')}`);
        } else if (want === undefined) {
            missing.push('(a test expects a value the data lacks)');
        } else if (typeof want === 'string') {
            if (!text.includes(want)) missing.push(`missing ${want}`);
        } else if ('absent' in want) {
            if (text.includes(want.absent)) missing.push(`shows ${want.absent}, which it should not`);
        } else if ('nav' in want) {
            /* Inbox may carry its unread count, "(3)" on the screen and ", 3 unread messages" in words:
             * the two must agree; the links are compared without it. */
            const links = nav.map((item) => {
                const m = /^(.*?) \((\d+)\), (\d+) unread messages?$/.exec(item);
                if (!m) return item;
                if (m[2] !== m[3] || (m[2] === '1') !== item.endsWith('message')) missing.push(`navigation: ${item}: the count and its words differ`);
                return m[1];
            });
            if (links.join(' | ') !== want.nav.join(' | ')) missing.push(`navigation: ${nav.join(' | ')}, want ${want.nav.join(' | ')}`);
        } else if ('table' in want) {
            missing.push(...tableProblems(tables, want));
        }
    }
    check(`${label}: shows what it should`, missing.length === 0, missing,
        missing.length ? `page text: ${text.slice(0, 600)}` : []);
}

// Checks the page now shown: where it ended, its status, what it shows, axe.
async function checkPage(page, response, { lands, status = 200, expect }, label) {
    const path = decodeURIComponent(new URL(page.url()).pathname);
    const got = response ? response.status() : 0;
    const ok = check(`${label}: ends on ${decodeURIComponent(lands)} (${status})`, path === decodeURIComponent(lands) && got === status,
        `ended on ${path} with status ${got}`);
    if (ok) await shows(page, expect, label);
    await accessible(page, label);
    return ok;
}

// The response that ends a navigation in the page's main frame (not a redirect).
// Posts a form by clicking its button; returns the response to the post.
async function submit(page, button, path) {
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path);
    await page.getByRole('button', { name: button, exact: true }).click();
    const response = await posted;
    await page.waitForLoadState('load');
    return response;
}

// Signs in through the form on /sign-in; returns the response to the post.
async function signIn(page, base, username, password) {
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    return submit(page, 'Sign in', '/sign-in');
}

async function signOut(page, who) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    pass(`${who} signs out through the header button, back on /sign-in`);
}

// The GOV.UK error summary on the page: shown, focused or announced, linked
// to its fields, with "Error:" in the title.
async function errorSummary(page, label) {
    const summary = await page.evaluate(() => {
        const s = document.querySelector('.govuk-error-summary');
        if (!s) return null;
        const live = s.closest('[role=alert], [aria-live]') || s.querySelector('[role=alert], [aria-live]');
        return {
            visible: s.offsetParent !== null,
            focused: s.contains(document.activeElement),
            announced: !!live && live.contains(s.querySelector('.govuk-error-summary__title')),
            title: document.title,
            text: s.innerText,
            links: [...s.querySelectorAll('a')].map((a) => a.getAttribute('href')),
            fields: [...s.querySelectorAll('a')].map((a) =>
                document.getElementById((a.getAttribute('href') || '').replace(/^#/, ''))?.tagName),
        };
    });
    if (!check(`${label}: a GOV.UK error summary is shown`, summary?.visible, 'no visible .govuk-error-summary')) return null;
    check(`${label}: the error summary receives focus or is announced`, summary.focused || summary.announced,
        'neither focused nor inside role="alert" / aria-live');
    check(`${label}: the page title starts "Error:"`, summary.title.startsWith('Error:'), `title: ${summary.title}`);
    check(`${label}: each error in the summary links to its field`, summary.links.length > 0 &&
        summary.fields.every((tag) => ['INPUT', 'SELECT', 'TEXTAREA', 'FIELDSET'].includes(tag)),
        `links: ${summary.links.join(' ') || 'none'}`);
    return summary;
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
    // RFC 6238's SHA-1 test vector (its 8 digits end in these 6), its key in base32.
    if (!check('the test\'s own TOTP gives RFC 6238\'s code', totp(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
        Math.floor(59 / 30)) === '287082', 'RFC 6238 appendix B: time 59 gives 94287082'))
        return;

    let c;
    try {
        freshDatabase();
        ov(['init']);
        // The same day for both, so the files are those of the council loaded.
        const d = new Date();
        const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        ov(['demo', ...DEMO, '--today', today, '--csv', join(tmp, 'council')]);
        ov(['demo', ...DEMO, '--today', today, '--accounts']);
        c = council(join(tmp, 'council'));
        pass(`the demo council with accounts worker, manager, senior, auditor, admin on ${process.env.OVERSIGHT_TEST_PG ?
            'PostgreSQL' : 'SQLite'}`);
    } catch (e) {
        fail('the demo council with accounts', e.message, e.stderr || '');
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
    const val = (x) => (typeof x === 'function' ? x(c) : x);

    // Visits rows of `pages` in order on a signed-in (or visitor's) page.
    const visit = async (page, who, rows) => {
        let before = true; // the row before ended where it should
        for (const row of rows) {
            const target = row.click ? `follows the link "${val(row.click)}" to` : '';
            const label = `${who || 'visitor'} ${target} ${decodeURIComponent(val(row.lands || row.path))}`.replace(/ +/g, ' ');
            await step(label, async () => {
                let response;
                if (row.click) {
                    if (!before) return fail(`${label}: the page before opened`, 'so there is no link to follow');
                    const done = navigated(page);
                    await page.getByRole('link', { name: val(row.click), exact: true }).first().click();
                    response = await done;
                    await page.waitForLoadState('load');
                } else {
                    response = await page.goto(base + val(row.path));
                }
                before = await checkPage(page, response, {
                    lands: val(row.lands || row.path),
                    status: row.status,
                    expect: row.expect(c),
                }, label);
            });
        }
    };

    try {
        // Visitors who have not signed in.
        await visit(await newPage('visitor'), null, pages.filter((r) => r.who === null));

        // A wrong password: the GOV.UK error summary, announced or focused.
        await step('a wrong password', async () => {
            const page = await newPage('wrong password');
            const response = await signIn(page, base, 'worker', 'not the password at all');
            const label = 'a wrong password';
            await checkPage(page, response, {
                lands: '/sign-in',
                status: 401,
                expect: ['There is a problem', 'The username or password is not right'],
            }, label);
            if (await errorSummary(page, label)) {
                const username = await page.getByLabel('Username').inputValue();
                check(`${label}: the username typed is kept`, username === 'worker', `username field: ${username}`);
            }
            await page.context().close();
        });

        // Each account: sign in, its pages, sign out.
        for (const who of new Set(pages.map((r) => r.who).filter((w) => w))) {
            const rows = pages.filter((r) => r.who === who);
            await step(`${who} signs in`, async () => {
                const page = await newPage(who);
                const response = await signIn(page, base, who, PASSWORD);
                if (!check(`${who} signs in through the form (303 to /)`, response.status() === 303 &&
                    new URL(page.url()).pathname === '/', `status ${response.status()}, now on ${page.url()}`))
                    return;
                await visit(page, who, rows);
                await page.goto(`${base}/`);
                await signOut(page, who);
                await accessible(page, `${who} after signing out`);
                for (const row of rows.filter((r) => r.path && (r.status || 200) === 200)) {
                    const r = await page.goto(base + val(row.path));
                    check(`${who} signed out: ${decodeURIComponent(val(row.path))} sends to /sign-in`, new URL(page.url()).pathname === '/sign-in' &&
                        r.status() === 200, `now on ${page.url()} (${r.status()})`);
                }
                await page.context().close();
            });
        }

        // Reflow (WCAG 2.2 1.4.10): at 320 px wide (1280 px at 400% zoom) the
        // page never scrolls sideways; each table scrolls in its own area.
        await step('pages at 320 px wide', async () => {
            const wide = [['manager', '/team'], ['senior', `/people/${c.me('worker')}`], ['senior', '/services'],
                ['senior', servicePath(c.service)], ['senior', `${servicePath(c.service)}/trends`], ['senior', `/cases/${c.workerCase}`], ['admin', '/admin/users'], ['admin', '/admin/teams'],
                ['worker', '/records'], ['worker', '/'], ['manager', '/'], ['senior', '/'], ['auditor', '/'],
                ['manager', '/supervision'], ['manager', `/search?q=${encodeURIComponent(c.name(c.me('worker')))}`]];
            for (const who of new Set(wide.map(([w]) => w))) {
                const page = await newPage(`${who} at 320 px`);
                await page.setViewportSize({ width: 320, height: 640 });
                await signIn(page, base, who, PASSWORD);
                for (const [, path] of wide.filter(([w]) => w === who)) {
                    const label = `${who} ${decodeURIComponent(path)} at 320 px`;
                    const response = await page.goto(base + path);
                    if (!check(`${label}: opens (200)`, response.status() === 200, `status ${response.status()}`)) continue;
                    const r = await page.evaluate(() => ({
                        page: document.documentElement.scrollWidth,
                        viewport: window.innerWidth,
                        tables: [...document.querySelectorAll('table')].map((t) => {
                            const area = t.parentElement?.classList.contains('app-table-area') ? t.parentElement : null;
                            return {
                                caption: t.caption?.textContent.trim() || '(no caption)',
                                area: !!area,
                                wider: t.scrollWidth > (area || t).clientWidth,
                                scrolls: !!area && getComputedStyle(area).overflowX === 'auto' && area.scrollWidth >= t.scrollWidth,
                                named: !!area?.getAttribute('aria-label'),
                            };
                        }),
                    }));
                    check(`${label}: the page does not scroll sideways`, r.page <= r.viewport,
                        `document scrollWidth ${r.page} > viewport ${r.viewport}`);
                    const bad = r.tables.filter((t) => !t.area || !t.scrolls || !t.named);
                    check(`${label}: each table scrolls in its own named area`, bad.length === 0,
                        bad.map((t) => `table "${t.caption}": area ${t.area}, scrolls ${t.scrolls}`));
                    if (['/team', '/admin/users'].includes(path))
                        check(`${label}: a wide table is wider than the screen, and scrolls`, r.tables.some((t) => t.wider && t.scrolls),
                            JSON.stringify(r.tables));
                    await accessible(page, label);
                }
                await page.context().close();
            }
        });

        // A date typed wrongly into the booking form: GOV.UK's date input
        // messages, the summary linked to the part at fault, what was typed kept.
        await step('a date that is not a real date', async () => {
            const page = await newPage('manager books');
            await signIn(page, base, 'manager', PASSWORD);
            await page.goto(`${base}/supervision`);
            const f = page.locator('form[action="/bookings"]');
            const date = f.getByRole('group', { name: 'Date', exact: true });
            await date.getByLabel('Day').fill('30');
            await date.getByLabel('Month').fill('2');
            await date.getByLabel('Year').fill('2026');
            await f.getByLabel('Start time').fill('10:00');
            await f.getByLabel('Place').fill('Room 2');
            const label = 'manager books on 30 February';
            const response = await submit(page, 'Book the session', '/bookings');
            await checkPage(page, response, { lands: '/bookings', status: 400,
                expect: ['There is a problem', 'Date must be a real date'] }, label);
            const summary = await errorSummary(page, label);
            check(`${label}: the summary links to the day`, summary?.links.join(' ') === '#date-day', summary?.links.join(' '));
            const kept = await Promise.all(['Day', 'Month', 'Year'].map((p) => date.getByLabel(p).inputValue()));
            check(`${label}: day, month and year are kept`, kept.join(' ') === '30 2 2026', kept.join(' '));
            const marked = await page.evaluate(() => ['day', 'month', 'year'].filter((p) =>
                document.getElementById(`date-${p}`).classList.contains('govuk-input--error')));
            check(`${label}: only the day is marked`, marked.join(' ') === 'day', marked.join(' '));
            await date.getByLabel('Month').fill('');
            const again = await submit(page, 'Book the session', '/bookings');
            await checkPage(page, again, { lands: '/bookings', status: 400,
                expect: ['There is a problem', 'Date must include a month'] }, 'manager books with no month');
            await page.context().close();
        });

        // An admin uploads a staff file with a mistake, then a good teams file.
        await step('admin uploads CSV files', async () => {
            const page = await newPage('admin uploads');
            await signIn(page, base, 'admin', PASSWORD);
            await page.goto(`${base}/admin/imports`);
            const upload = async (kind, name, text) => {
                await page.getByLabel(kind, { exact: true }).check();
                await page.getByLabel('The CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
                return submit(page, 'Import', '/admin/imports');
            };
            let label = 'admin uploads a staff file with an unknown role';
            const problem = 'staff.csv:3: role "wizard": not a role in the policy'; // file, line, column, value
            let response = await upload('Staff', 'staff.csv',
                'id,name,role,start_date\nW900,A B,social-worker,2026-01-01\nW901,C D,wizard,2026-01-01\n');
            await checkPage(page, response, {
                lands: '/admin/imports',
                status: 400,
                expect: ['There is a problem', problem, 'Nothing was imported'],
            }, label);
            const summary = await errorSummary(page, label);
            if (summary)
                check(`${label}: the error summary names the file, line and column`, summary.text.includes(problem),
                    `summary: ${summary.text}`);
            check(`${label}: the kind chosen is kept`, await page.getByLabel('Staff', { exact: true }).isChecked(),
                'the radio "Staff" is not checked');

            label = 'admin uploads a good teams file';
            const t = c.teams.find((x) => x.name === c.team); // as it is: the other pages' figures stay right
            response = await upload('Teams (services and managers)', 'teams-update.csv',
                `name,service,manager\n"${t.name}","${t.service}",${t.manager}\n`);
            await checkPage(page, response, {
                lands: '/admin/imports',
                expect: ['The file was imported', '1 row was imported.', ['teams', 'teams-update.csv', '1']],
            }, label);
            const banner = await page.evaluate(() => {
                const b = document.querySelector('.govuk-notification-banner--success');
                return b && { role: b.getAttribute('role'), error: !!document.querySelector('.govuk-error-summary') };
            });
            check(`${label}: a success banner, announced, and no error summary`, banner?.role === 'alert' && !banner.error,
                `banner: ${JSON.stringify(banner)}`);
            await page.context().close();
        });

        // An admin presses "Add account" and the browser sends the same form
        // again (its one-time write key with it): the account is added once,
        // and the second sending gets the "Already saved" page.
        await step('a form sent twice is applied once', async () => {
            const page = await newPage('sent twice');
            await signIn(page, base, 'admin', PASSWORD);
            await page.goto(`${base}/admin/users`);
            await page.getByLabel('Username', { exact: true }).fill('sent.twice');
            const form = await page.evaluate(() => [...new FormData(document.querySelector('form[method="post"][action="/admin/users"]'))]);
            let label = 'admin adds an account';
            let response = await submit(page, 'Add account', '/admin/users');
            await checkPage(page, response, { lands: '/admin/users', expect: ['The account was added'] }, label);
            label = 'the same form sent again';
            await page.evaluate((fields) => { // as a browser re-sends it: the same fields, key and all
                const f = document.createElement('form');
                f.method = 'post';
                f.action = '/admin/users';
                for (const [name, value] of fields) {
                    const i = document.createElement('input');
                    i.type = 'hidden';
                    i.name = name;
                    i.value = value;
                    f.append(i);
                }
                const button = document.createElement('button');
                button.textContent = 'Send it again';
                f.append(button);
                document.body.append(f);
            }, form);
            response = await submit(page, 'Send it again', '/admin/users');
            await checkPage(page, response, { lands: '/admin/users', expect: ['Already saved', 'It has not been done again'] }, label);
            check(`${label}: the form had a write key`, form.some(([name, value]) => name === 'write-key' && value.length >= 16),
                JSON.stringify(form.map(([name]) => name)));
            await page.context().close();
        });

        // An admin finds people to give accounts to with the keyboard alone, on
        // a phone-sized screen: by the beginning of a staff id (more than a page:
        // Next), by a name typed without its accents, by one with an apostrophe,
        // and a search that finds nobody; the page never scrolls sideways.
        await step('admin finds people by keyboard at 320 px', async () => {
            const page = await newPage('admin finds');
            await page.setViewportSize({ width: 320, height: 640 });
            await signIn(page, base, 'admin', PASSWORD);
            await page.goto(`${base}/admin/users`);
            const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
            const plain = (n) => n.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
            const names = [...c.staff.values()].map((s) => s.name);
            // accents search folds: Latin-1 and Latin Extended-A (svc/search.c)
            const accented = names.find((n) => n !== plain(n) && /^[A-Za-z' \u00C0-\u017F]+$/.test(n) &&
                /^[A-Za-z' ]+$/.test(plain(n)));
            const apostrophe = names.find((n) => n.includes("'"));
            const prefix = c.me('worker').slice(0, 2).toLowerCase();
            const many = [...c.staff.keys()].filter((id) => id.toLowerCase().startsWith(prefix)).length;
            // Typed into the box, sent with Enter, as a keyboard user does.
            const search = async (typed, label, expect, status = 200) => {
                const box = page.getByRole('searchbox', { name: 'Find the person by name or staff id' });
                await box.focus();
                await box.fill('');
                await page.keyboard.type(typed);
                const done = navigated(page);
                await page.keyboard.press('Enter');
                const r = await done;
                await page.waitForURL((u) => u.searchParams.get('q') === typed);
                const ok = await checkPage(page, r, { lands: '/admin/users', status, expect }, label);
                check(`${label}: fits the width`, await fits(), 'the page scrolls sideways');
                return ok;
            };
            let label = `admin finds "${prefix}" at 320 px`;
            if (await search(prefix, label, ['People found', { absent: 'Nobody matches' }])) {
                const found = await page.locator('table:has(caption:text("People found")) tbody tr').count();
                check(`${label}: a page of 25 of the ${many}`, many > 25 && found === 25, `${found} shown of ${many}`);
                await accessible(page, label);
                const next = page.getByRole('link', { name: /^Next page/ });
                await next.focus();
                const done = navigated(page);
                await page.keyboard.press('Enter');
                const r = await done;
                await page.waitForURL((u) => u.searchParams.get('page') === '2');
                label = `admin goes to the next page of "${prefix}" with Enter`;
                check(`${label}: page 2`, r?.status() === 200 &&
                    await page.getByRole('searchbox', { name: 'Find the person by name or staff id' }).inputValue() === prefix,
                    page.url());
                const rest = await page.locator('table:has(caption:text("People found")) tbody tr').count();
                check(`${label}: the next ${Math.min(25, many - 25)}`, rest === Math.min(25, many - 25), `${rest} shown`);
            }
            check('the demo council has names with accents and with an apostrophe', !!accented && !!apostrophe,
                `${accented} / ${apostrophe}`);
            if (accented) {
                label = `admin finds ${accented} typed as "${plain(accented).toLowerCase()}"`;
                if (await search(plain(accented).toLowerCase(), label, ['People found', accented]))
                    await page.getByRole('link', { name: `Add an account ${accented}` }).count().then((n) =>
                        check(`${label}: offered an account, named for screen readers`, n >= 1, `${n} links`));
            }
            if (apostrophe)
                await search(apostrophe, `admin finds ${apostrophe}`, ['People found', apostrophe]);
            await search('Zzqxv', 'admin searches for a name nobody has', ['Nobody matches', { absent: 'People found' }]);
            label = 'admin searches for one letter';
            await search('a', label, ['There is a problem', 'Enter at least 2 letters or numbers'], 400);
            const summary = await errorSummary(page, label);
            check(`${label}: the summary links to the box`, summary?.links.join(' ') === '#q', summary?.links.join(' '));
            await page.context().close();
        });

        // The search box beside the menu, on a phone-sized screen (320 px wide,
        // as at 400% zoom): the manager finds their supervisee and opens their page.
        await step('manager searches from the menu at 320 px', async () => {
            const page = await newPage('search');
            await page.setViewportSize({ width: 320, height: 640 });
            await signIn(page, base, 'manager', PASSWORD);
            const label = 'manager searches from the menu at 320 px';
            const worker = c.me('worker');
            const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
            await page.goto(`${base}/account`); /* a page of no tables: the menu and the box alone */
            const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`).slice(0, 5));
            check(`${label}: the menu with the search box fits the width`, await fits() && wide.length === 0,
                `wider than the screen: ${wide.join(', ')}`);
            await page.getByRole('searchbox', { name: 'Search people, cases and records' }).fill(c.name(worker));
            const done = navigated(page);
            await page.getByRole('searchbox', { name: 'Search people, cases and records' }).press('Enter');
            if (!await checkPage(page, await done, {
                lands: '/search',
                expect: [[c.name(worker), `(${worker})`, 'Found by name']],
            }, label))
                return;
            check(`${label}: the results fit the width`, await fits(), 'the page scrolls sideways');
            const opened = navigated(page);
            await page.getByRole('link', { name: c.name(worker), exact: true }).first().click();
            await checkPage(page, await opened, { lands: `/people/${worker}`, expect: person(c, worker) },
                `${label}: the person found opens`);
            await page.context().close();
        });

        // Two-factor sign-in: the worker turns it on with a code computed here
        // from the key shown and their password (and is shown recovery codes),
        // then signs in with the password and the next
        // step's code (a code once used is refused), and reaches the pages.
        await step('worker turns on two-factor sign-in', async () => {
            const page = await newPage('two-factor');
            let label = 'worker sets up two-factor sign-in';
            await signIn(page, base, 'worker', PASSWORD);
            await page.goto(`${base}/account`);
            const done = navigated(page);
            await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click();
            if (!await checkPage(page, await done, {
                lands: '/account/two-factor',
                expect: ['Two-factor sign-in', 'Scan this QR code, or enter the key below.', 'Code from your app'],
            }, label))
                return;
            const key = (await page.locator('code.app-secret').innerText()).replace(/\s+/g, '');
            if (!check(`${label}: the key shown is 32 base32 characters`, /^[A-Z2-7]{32}$/.test(key), `key: ${key}`)) return;
            const secret = base32Decode(key);
            const used = stepNow();
            await page.getByLabel('Code from your app').fill(totp(secret, used));
            await page.getByLabel('Your password').fill(PASSWORD);
            let response = await submit(page, 'Turn on', '/account/two-factor');
            await checkPage(page, response, {
                lands: '/account/two-factor',
                status: 200,
                expect: ['Two-factor sign-in is on', 'Your recovery codes'],
            }, `${label}: the code and the password turn it on`);
            const codes = await page.locator('.app-recovery-codes code').allInnerTexts();
            check(`${label}: ten recovery codes are shown, once`,
                codes.length === 10 && codes.every((c) => /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/.test(c)), `codes: ${codes}`);
            await checkPage(page, await page.goto(`${base}/account`), {
                lands: '/account',
                expect: ['On: you sign in with your password and a code from your authenticator app.'],
            }, `${label}: the account page says it is on`);
            await signOut(page, 'worker');

            label = 'worker signs in with two-factor';
            response = await signIn(page, base, 'worker', PASSWORD);
            if (!await checkPage(page, response, {
                lands: '/sign-in/code',
                status: 303,
                expect: ['Enter your code', 'Code from your authenticator app'],
            }, `${label}: the password leads to the code`))
                return;
            await page.getByLabel('Code from your authenticator app').fill(totp(secret, used));
            response = await submit(page, 'Continue', '/sign-in/code');
            await checkPage(page, response, {
                lands: '/sign-in/code',
                status: 401,
                expect: ['There is a problem', 'The code is not right'],
            }, `${label}: the code used to turn it on is refused`);
            await errorSummary(page, `${label}: the code used to turn it on is refused`);
            // The next step's code: later than the one used, within the step either side of now.
            await page.getByLabel('Code from your authenticator app').fill(totp(secret, Math.max(used + 1, stepNow() + 1)));
            response = await submit(page, 'Continue', '/sign-in/code');
            if (!check(`${label}: the next code signs in (303 to /)`, response.status() === 303 &&
                new URL(page.url()).pathname === '/', `status ${response.status()}, now on ${page.url()}`))
                return;
            await visit(page, 'worker (two-factor)', pages.filter((r) => r.who === 'worker' && r.path));
            await page.context().close();
        });

        // An admin changes the policy: a file with a mistake, then a good one
        // checked, previewed and applied, the earlier policy in the history;
        // then the policy the council had is applied again. (Last: the pages
        // above are checked against the due list under the first policy.)
        await step('admin changes the policy', async () => {
            const page = await newPage('admin policy');
            await signIn(page, base, 'admin', PASSWORD);
            const check_ = async (name, text) => {
                await page.goto(`${base}/admin/policy`);
                await page.getByLabel('A policy file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
                return submit(page, 'Check the policy', '/admin/policy');
            };
            let label = 'admin checks a policy with a mistake';
            let response = await check_('bad.policy', 'policy "Broken"\nrole social-worker "Social worker"\n  every 4 weeks\n');
            await checkPage(page, response, { lands: '/admin/policy', status: 400, expect: ['There is a problem', 'bad.policy:3: '] }, label);
            const summary = await errorSummary(page, label);
            if (summary) check(`${label}: the error summary names the file and line`, summary.text.includes('bad.policy:3: '), `summary: ${summary.text}`);

            label = 'admin checks a stricter policy';
            const stricter = c.policyText.replace(/^policy "[^"]*"/m, 'policy "Stricter policy"')
                .replace(/^(role social-worker .*\n)  every 4w target 3w/m, '$1  every 2w');
            response = await check_('stricter.policy', stricter);
            await checkPage(page, response, {
                lands: '/admin/policy',
                expect: ['Check the new policy', 'The policy is valid: Stricter policy', "People's supervision", 'Due under the new policy'],
            }, label);
            label = 'admin applies the stricter policy';
            response = await submit(page, /^Apply this policy from /, '/admin/policy/apply');
            await checkPage(page, response, {
                lands: '/admin/policy/apply',
                expect: ['The policy was applied', 'In force: Stricter policy', ['Social worker', 'every 2 weeks'],
                    'Policies in force before', [c.policyName, 'in force at install']],
            }, label);
            label = 'admin reads the earlier policy';
            const done = navigated(page);
            await page.getByRole('link', { name: c.policyName, exact: true }).first().click();
            await checkPage(page, await done, {
                lands: new URL(page.url()).pathname,
                expect: ['An earlier policy', c.policyName, ['Social worker', 'every 4 weeks, aiming for every 3 weeks']],
            }, label);
            check(`${label}: at /admin/policy/history/N`, /^\/admin\/policy\/history\/\d+$/.test(new URL(page.url()).pathname), page.url());

            label = 'admin applies the first policy again';
            response = await check_('default.policy', c.policyText);
            if (await checkPage(page, response, { lands: '/admin/policy', expect: ['Check the new policy'] }, label)) {
                response = await submit(page, /^Apply this policy from /, '/admin/policy/apply');
                await checkPage(page, response, { lands: '/admin/policy/apply', expect: ['The policy was applied', `In force: ${c.policyName}`] }, label);
            }
            await page.context().close();
        });

        check('no errors in the browser console', problems.length === 0, problems);
    } finally {
        await browser.close();
    }
}

await runSuite('the browser tests', main, { cleanUp });

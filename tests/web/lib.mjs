// lib.mjs: what the browser suites (run.mjs, journey.mjs) share: TAP
// output that tests/run.sh counts, and the server under test.

import { spawn } from 'node:child_process';

// ---- TAP output ------------------------------------------------------------

let n = 0;
let failures = 0;
export function pass(name) {
    console.log(`ok ${++n} - ${name}`);
}
export function fail(name, ...details) {
    failures++;
    console.log(`not ok ${++n} - ${name}`);
    for (const d of details.flat()) for (const line of String(d).split('\n')) console.log(`#   ${line}`);
}
export function check(name, ok, ...details) {
    if (ok) pass(name);
    else fail(name, ...details);
    return ok;
}
export function finish() {
    console.log(`1..${n}`);
    process.exitCode = failures ? 1 : 0;
}

// ---- the server ------------------------------------------------------------

let server = null;
let serverErr = '';

// startServer(BIN, DB): `oversight serve` on a free loopback port; resolves
// to its base URL.
export function startServer(bin, db) {
    return new Promise((resolvePromise, reject) => {
        server = spawn(bin, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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

export async function stopServer() {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const t = setTimeout(() => server.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
}

// Stops the server at once (on the way out after a failure).
export function killServer() {
    if (server && server.exitCode === null) server.kill('SIGKILL');
}

export const serverLog = () => serverErr;

// The server's last lines of log, as TAP comments, when a test failed.
export function printServerLogOnFailure() {
    if (failures && serverErr) console.log(serverErr.trim().split('\n').slice(-10).map((l) => `# server: ${l}`).join('\n'));
}

// A navigation's final response (after redirects) in the page's main frame.
export function navigated(page) {
    return page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() &&
        !(r.status() >= 300 && r.status() < 400));
}

// A suite still running after this long is hung, not slow: every browser
// action already fails after its own step timeout. It guards against a hang
// only; how fast pages are is measured by `make bench`, never here, since a
// loaded machine once took 181 s over a run that usually takes 120.
const HANG_GUARD = 900_000; // ms

// Runs a browser suite's main() to the end: a watchdog fails a run that
// hangs, cleanUp runs on exit, the server is stopped and its log shown on
// failure, and the results are summed up. `what` names the suite in the
// failure when main() throws.
export async function runSuite(what, main, { cleanUp }) {
    const watchdog = setTimeout(() => {
        fail(`the run ended (it was still going after ${HANG_GUARD / 1000} s, so something hangs)`);
        finish();
        cleanUp();
        process.exit(1);
    }, HANG_GUARD);
    watchdog.unref();
    process.on('exit', cleanUp);
    const started = Date.now();
    try {
        await main();
    } catch (e) {
        fail(`${what} ran to the end`, e.stack || e.message);
    }
    await stopServer();
    printServerLogOnFailure();
    console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s`);
    finish();
}

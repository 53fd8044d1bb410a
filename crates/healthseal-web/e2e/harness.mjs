// What every end-to-end test needs: the built app written for a province by `healthseal web`,
// a static server on localhost, Debian's Chromium (fake camera from a Y4M clip), and the
// privacy checks run after every case.
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const MATERIAL = process.env.HEALTHSEAL_E2E_MATERIAL || join(WORKSPACE, "target/e2e-material");
export const APP = join(WORKSPACE, "target/checkpoint-app");
export const HEALTHSEAL = join(WORKSPACE, "target/release/healthseal");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export const material = (path) => join(MATERIAL, path);
export const cases = () => JSON.parse(readFileSync(material("cases.json"), "utf8"));
export const workspaceFile = (path) => join(WORKSPACE, path);

/** Runs `healthseal web` into a fresh folder and returns its path. */
export function site({ trust, root, extra = [] }) {
  const out = join(mkdtempSync(join(tmpdir(), "healthseal-site-")), "site");
  execFileSync(HEALTHSEAL, ["web", "--trust", trust, "--root", root, "--out", out, "--app", APP, ...extra], { stdio: "pipe" });
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".json": "application/json", ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml", ".png": "image/png", ".pub": "text/plain", ".list": "application/octet-stream",
};

/** A static server for `root` (and folders mounted under prefixes such as `/test/`, for
 *  benchmarks), with the headers of docs/checkpoint-app.md. `close()` makes the origin
 *  unreachable: the network is gone. */
export async function serve(root, mounts = {}) {
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    let base = root;
    let path = decodeURIComponent(url.pathname);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = folder;
        path = path.slice(prefix.length - 1);
      }
    }
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(join(base, path));
    if (!file.startsWith(resolve(base)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
    if (request.headers["if-none-match"] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, {
      etag,
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "permissions-policy": "camera=(self), microphone=(), geolocation=()",
      "cache-control": "no-cache",
    });
    response.end(body);
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const port = server.address().port;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** Chromium, headless, with `clip` as its camera (or the built-in fake pattern). */
export async function launch({ clip = null, locale = "en-US" } = {}) {
  const args = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
  ];
  if (clip) args.push(`--use-file-for-fake-video-capture=${clip}`);
  const userDataDir = mkdtempSync(join(tmpdir(), "healthseal-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args, locale, viewport: { width: 1024, height: 768 },
    serviceWorkers: "allow",
  });
  const watch = { console: [], requests: [], errors: [] };
  context.on("request", (r) => watch.requests.push(r.url()));
  context.on("console", (m) => watch.console.push(m.text()));
  context.on("weberror", (e) => watch.errors.push(String(e.error())));
  return {
    context, watch,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the app at `url` with the page's clock fixed at `nowUnix` (seconds), ready to scan. */
export async function open(browser, url, nowUnix = null) {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on("console", (m) => browser.watch.console.push(m.text()));
  page.on("pageerror", (e) => browser.watch.errors.push(String(e)));
  if (nowUnix !== null) await page.clock.setFixedTime(new Date(nowUnix * 1000));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return page;
}

/** Waits for a verdict on screen and returns what it shows. */
export async function verdict(page, timeout = 15_000) {
  await page.waitForSelector("#verdict:not([hidden])", { timeout });
  return page.evaluate(() => {
    const box = document.getElementById("verdict");
    return { verdict: box.dataset.verdict, reason: box.dataset.reason, text: box.innerText, announced: document.getElementById("announce").textContent };
  });
}

export async function clearVerdict(page) {
  await page.click("#verdict");
  await page.waitForSelector("#verdict", { state: "hidden" });
}

/** Types `text` and Enter as a keyboard-wedge 2D scanner does, with nothing clicked first. */
export async function scan(page, text) {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press("Enter");
}

/** Everything the browser keeps for the origin, and everything it logged or asked for. None of
 *  it may hold any of `secrets` (the holder's name, birth date, the credential text). */
export async function leaks(browser, page, secrets) {
  const kept = await page.evaluate(async () => {
    const out = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) out.push(`${store.key(i)}=${store.getItem(store.key(i))}`);
    }
    if (indexedDB.databases) for (const db of await indexedDB.databases()) out.push(`indexedDB:${db.name}`);
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        out.push(request.url);
        const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
        out.push(new TextDecoder("utf-8", { fatal: false }).decode(bytes));
      }
    }
    out.push(document.cookie);
    return out;
  });
  const problems = [];
  const origin = new URL(page.url()).origin;
  for (const secret of secrets.filter(Boolean)) {
    if (kept.some((k) => k.includes(secret))) problems.push(`browser storage holds ${JSON.stringify(secret.slice(0, 12))}`);
    if (browser.watch.console.some((c) => c.includes(secret))) problems.push(`the console shows ${JSON.stringify(secret.slice(0, 12))}`);
    if (browser.watch.requests.some((r) => r.includes(encodeURIComponent(secret)) || r.includes(secret))) problems.push("a request carries holder data");
  }
  for (const url of browser.watch.requests) {
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`request to another origin: ${url}`);
  }
  return problems;
}

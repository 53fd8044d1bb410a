// The checkpoint without a camera: a 2D scanner, photos, trust lists loaded by the officer,
// offline start, both languages, 200 % zoom, failing closed. After each: no holder data kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, launch, open, verdict, clearVerdict, scan, leaks, site, material, cases, workspaceFile, HEALTHSEAL } from "../harness.mjs";

const HA_ROOT = workspaceFile("keys/CN-HA/root.key.pub");
const LIST_1 = workspaceFile("fixtures/trust/ha.trust-list-1");
const LIST_2 = workspaceFile("fixtures/trust/ha.trust-list-2");
const OTHER_ROOTS_LIST = workspaceFile("fixtures/trust/zj.trust-list-1");
const GREEN = readFileSync(workspaceFile("fixtures/credentials/typical_green.txt"), "utf8").trim();
const HOLDER = "Maximilian Oberhofer";
const SECRETS = [GREEN, GREEN.slice(4, 40), HOLDER, "1987-06-15"];
const AT_1 = Date.parse("2026-11-25T01:00:00Z") / 1000;
const AT_4 = Date.parse("2026-11-25T04:00:00Z") / 1000;

async function withApp({ trust = LIST_1, at = AT_1, locale, clip, edit } = {}, body) {
  const dir = site({ trust, root: HA_ROOT });
  if (edit) edit(dir);
  const server = await serve(dir);
  const browser = await launch({ locale, clip });
  try {
    const page = await open(browser, server.url, at);
    await body({ page, browser, server });
    assert.deepEqual(await leaks(browser, page, SECRETS), []);
    assert.deepEqual(browser.watch.errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
}

const listState = (page) =>
  page.evaluate(() => {
    const bar = document.getElementById("list-status");
    return { loaded: bar.dataset.loaded, sequence: bar.dataset.sequence, stale: bar.dataset.stale, text: bar.innerText };
  });

test("a 2D scanner's text and Enter is read without touching the screen", async () => {
  await withApp({}, async ({ page }) => {
    await scan(page, GREEN);
    const shown = await verdict(page);
    assert.equal(shown.verdict, "accepted", shown.text);
    assert.match(shown.text, new RegExp(HOLDER));
    assert.match(shown.text, /1987-06-15/);
    assert.match(shown.text, /CN-ZJ Zhejiang/);
    assert.equal(await page.inputValue("#scanner-input"), "", "the scanner's input is emptied at once");
    await clearVerdict(page);
    // A key pressed by hand, then a pause: not mixed into the next scan.
    await page.keyboard.press("x");
    await page.waitForTimeout(500);
    await scan(page, GREEN);
    assert.equal((await verdict(page)).verdict, "accepted");
    await clearVerdict(page);
    // A second person: read again, no click in between.
    await scan(page, "HS1:NOT-A-CREDENTIAL");
    const second = await verdict(page);
    assert.equal(second.verdict, "rejected");
    assert.equal(second.reason, "malformed");
  });
});

test("trust lists: a newer one is taken, an older one and another root's are refused, the choice survives a reload", async () => {
  await withApp({ at: AT_4 }, async ({ page }) => {
    assert.equal((await listState(page)).sequence, "1");
    await page.setInputFiles("#trust-list-input", LIST_2);
    await page.waitForFunction(() => document.getElementById("list-status").dataset.sequence === "2");
    assert.match(await page.textContent("#list-message"), /#2/);

    await page.setInputFiles("#trust-list-input", LIST_1);
    await page.waitForFunction(() => /older/.test(document.getElementById("list-message").textContent));
    assert.equal((await listState(page)).sequence, "2", "rollback refused");

    await page.setInputFiles("#trust-list-input", OTHER_ROOTS_LIST);
    await page.waitForFunction(() => /not signed by this province/.test(document.getElementById("list-message").textContent));
    assert.equal((await listState(page)).sequence, "2", "another root's list refused");

    // List #2 carries Zhejiang's revocation of this credential.
    await scan(page, GREEN);
    const shown = await verdict(page);
    assert.equal(shown.reason, "revoked", shown.text);
    await clearVerdict(page);

    // Reloaded, the app starts with #2 (kept), not the bundled #1.
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal((await listState(page)).sequence, "2");
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("healthseal.trust-state.")).map((k) => localStorage.getItem(k)));
    assert.equal(kept.length, 1);
    assert.match(kept[0], /^sequence: 2$/m);
  });
});

/** Henan replaces its root (the demo's, TEST ONLY) and signs list #3 with the new one: the CLI's
 *  own commands, in a scratch folder. Returns the list's path. */
function listOfANewRoot() {
  const dir = mkdtempSync(join(tmpdir(), "healthseal-succession-"));
  copyFileSync(workspaceFile("fixtures/trust/ha.trust.toml"), join(dir, "ha.trust.toml"));
  copyFileSync(workspaceFile("keys/CN-HA/root.key"), join(dir, "ha-root.key"));
  const run = (...args) => execFileSync(HEALTHSEAL, args, { cwd: dir, stdio: "pipe" });
  run("keygen", "--role", "root", "--region", "CN-HA", "--out", "ha-root-2.key");
  run("trust", "rotate-root", "ha.trust.toml", "--old-root", "ha-root.key", "--new-root", "ha-root-2.key.pub",
    "--at", "2026-11-25T02:00:00Z");
  run("trust", "sign", "--root", "ha-root-2.key", "--source", "ha.trust.toml", "--next-update", "24h",
    "--out", "ha.trust-list-3", "--at", "2026-11-25T03:00:00Z");
  return join(dir, "ha.trust-list-3");
}

test("root succession: a list of the province's new root is taken, then the old root's lists are refused", async () => {
  const newRootList = listOfANewRoot();
  await withApp({ at: AT_4 }, async ({ page }) => {
    await page.setInputFiles("#trust-list-input", newRootList);
    await page.waitForFunction(() => document.getElementById("list-status").dataset.sequence === "3");
    assert.match(await page.textContent("#list-message"), /new root/);

    // List #2 of the old root: refused, though the device never had it.
    await page.setInputFiles("#trust-list-input", LIST_2);
    await page.waitForFunction(() => /replaced/.test(document.getElementById("list-message").textContent));
    assert.equal((await listState(page)).sequence, "3", "the old root's list refused");

    // Decided under the new root's list (which carries Zhejiang's revocation of this credential).
    await scan(page, GREEN);
    assert.equal((await verdict(page)).reason, "revoked");
    await clearVerdict(page);

    // Reloaded: #3 is kept, the bundled #1 of the old root refused without a word.
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal((await listState(page)).sequence, "3");
    assert.equal((await page.textContent("#list-message")).trim(), "");
    const kept = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith("healthseal.trust-state.")).map((k) => localStorage.getItem(k)));
    assert.match(kept[0], /^succession: 1$/m);
  });
});

test("an out-of-date list is shown as such, on the bar and on every verdict", async () => {
  // List #1: next update 2026-11-26T00:00Z, plus the default 24 h grace.
  await withApp({ at: Date.parse("2026-11-27T06:00:00Z") / 1000 }, async ({ page }) => {
    const state = await listState(page);
    assert.equal(state.stale, "true");
    assert.match(state.text, /OUT OF DATE/);
    assert.match(state.text, /signed 2 d ago/);
    await scan(page, GREEN);
    const shown = await verdict(page);
    // Henan takes credentials at most 2 days old: this one is past that too.
    assert.equal(shown.reason, "too_old", shown.text);
    assert.match(shown.text, /OUT OF DATE/);
  });
});

test("with no valid trust list every scan is refused, with the reason", async () => {
  const damage = (dir) => {
    const path = join(dir, "province/trust.list");
    const bytes = readFileSync(path);
    bytes[bytes.length - 5] ^= 0x01;
    writeFileSync(path, bytes);
  };
  await withApp({ edit: damage }, async ({ page }) => {
    const state = await listState(page);
    assert.equal(state.loaded, "false");
    assert.match(state.text, /NO VALID TRUST LIST/);
    await scan(page, GREEN);
    const shown = await verdict(page);
    assert.equal(shown.verdict, "rejected");
    assert.equal(shown.reason, "no_trust_list");
  });
});

test("after the first visit the app starts and verifies with the network gone", async () => {
  await withApp({}, async ({ page, server }) => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok));
    });
    await server.close();
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    assert.equal((await listState(page)).sequence, "1");
    await scan(page, GREEN);
    assert.equal((await verdict(page)).verdict, "accepted");
  });
});

test("photos: a code, no code, another kind of code, not an image", async () => {
  const accepted = cases().find((c) => c.name === "accepted");
  const dir = mkdtempSync(join(tmpdir(), "healthseal-photo-"));
  writeFileSync(join(dir, "notes.png"), "this is not a picture");
  const server = await serve(site({ trust: material(accepted.list), root: material(accepted.root_pub) }));
  const browser = await launch();
  try {
    const page = await open(browser, server.url, accepted.now_unix);
    const expectations = [
      [material(accepted.frame), "accepted"],
      [material(cases().find((c) => c.name === "no_code").frame), "no_code"],
      [material(cases().find((c) => c.name === "foreign").frame), "not_a_credential"],
      [join(dir, "notes.png"), "unreadable", "not_an_image"],
      // Two people's codes in one picture: whose name would the screen show? Neither.
      [workspaceFile("fixtures/camera/two_codes-typical_green+cjk_name_yellow.jpg"), "unreadable", "several_codes"],
    ];
    for (const [file, expected, reason] of expectations) {
      await page.setInputFiles("#photo-input", file);
      const shown = await verdict(page, 30_000);
      assert.equal(shown.verdict, expected, `${file}: ${shown.text}`);
      if (reason) assert.equal(shown.reason, reason, shown.text);
      await clearVerdict(page);
    }
    assert.deepEqual(await leaks(browser, page, []), []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test("Chinese from the browser's language, English at a touch", async () => {
  await withApp({ locale: "zh-CN" }, async ({ page }) => {
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    await scan(page, GREEN);
    let shown = await verdict(page);
    assert.match(shown.text, /通过/);
    assert.match(shown.text, /持有人/);
    await clearVerdict(page);
    await page.click("#language-toggle");
    await scan(page, GREEN);
    shown = await verdict(page);
    assert.match(shown.text, /ACCEPTED/);
  });
});

test("at 200 % zoom everything fits and every control is a large target", async () => {
  await withApp({}, async ({ page }) => {
    // 200 % zoom of a 1024x768 window: the page lays out in 512x384 CSS pixels.
    await page.setViewportSize({ width: 512, height: 384 });
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      small: [...document.querySelectorAll("button:not([hidden]), .file-button, #scanner-input")]
        .filter((e) => e.offsetParent !== null)
        .map((e) => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44),
    }));
    assert.equal(layout.overflow, 0, "no sideways scrolling");
    assert.deepEqual(layout.small, []);
    await scan(page, GREEN);
    await verdict(page);
    const word = await page.evaluate(() => {
      const r = document.getElementById("verdict-word").getBoundingClientRect();
      return { left: r.left, right: r.right, width: window.innerWidth };
    });
    assert.ok(word.left >= 0 && word.right <= word.width, `verdict word inside the screen: ${JSON.stringify(word)}`);
  });
});

test("every reason code the verifier knows has words in both languages", async () => {
  const { TEXTS } = await import("../../app/i18n.js");
  const source = readFileSync(workspaceFile("crates/healthseal-core/src/trust/verdict.rs"), "utf8");
  const codes = [...source.match(/pub const CODES: \[&'static str; \d+\] = \[([^\]]*)\]/)[1].matchAll(/"(\w+)"/g)].map((m) => m[1]);
  assert.ok(codes.length >= 19);
  for (const lang of Object.keys(TEXTS)) {
    for (const code of [...codes, "no_trust_list", "bad_clock"]) assert.ok(TEXTS[lang].reasons[code], `${lang}: ${code}`);
    for (const key of Object.keys(TEXTS.en)) assert.ok(key in TEXTS[lang], `${lang}: ${key}`);
  }
});

// The camera: each family of verdict from a clip fed to Chromium as its camera, read by the
// app's worker, shown full screen; then nothing about the holder kept anywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serve, launch, open, verdict, leaks, site, material, cases, workspaceFile } from "../harness.mjs";

const secretsOf = (c) => {
  if (!c.vector) return [];
  const text = readFileSync(workspaceFile(`fixtures/decisions/${c.vector}`), "utf8");
  const credential = text.match(/^credential: (.*)$/m)[1];
  return [credential, credential.slice(4, 40)];
};

for (const c of cases()) {
  test(`camera: ${c.name}`, async () => {
    const server = await serve(site({ trust: material(c.list), root: material(c.root_pub) }));
    const browser = await launch({ clip: material(c.clip) });
    try {
      const page = await open(browser, server.url, c.now_unix);
      await page.click("#camera-toggle");
      // Chromium's fake camera is one device without a torch: neither control is offered.
      await page.waitForFunction(() => document.getElementById("camera-toggle").textContent === "Stop camera");
      assert.equal(await page.isHidden("#torch-toggle"), true, "no torch, no torch button");
      assert.equal(await page.isHidden("#camera-choice"), true, "one camera, no camera list");
      if (c.expect_kind === "no_code") {
        // Frames are read (the counter moves) and no verdict ever comes.
        await page.waitForFunction(() => Number(document.getElementById("viewfinder").dataset.frames) >= 5, null, { timeout: 20_000 });
        assert.equal(await page.isHidden("#verdict"), true, "no verdict for a frame with no code");
      } else {
        const shown = await verdict(page);
        const expected = c.expect_kind === "verdict" ? c.expect_verdict : c.expect_kind;
        assert.equal(shown.verdict, expected, shown.text);
        assert.equal(shown.reason, c.expect_reason ?? "", shown.text);
        assert.ok(shown.announced.length > 0, "the verdict is announced");
        if (expected === "accepted") assert.match(shown.text, /ACCEPTED/);
        if (expected === "rejected") assert.match(shown.text, /REJECTED/);
        // The holder's name is on screen for the identity check whenever the signature held.
        const name = await page.evaluate(() => document.querySelector("#verdict-fields dd")?.textContent ?? "");
        if (["accepted", "status_not_accepted", "expired", "revoked"].includes(c.name)) assert.ok(name.length > 0, "holder shown");
        // It clears itself, ready for the next person.
        await page.waitForSelector("#verdict", { state: "hidden", timeout: 12_000 });
      }
      const [credential, middle] = secretsOf(c);
      assert.deepEqual(await leaks(browser, page, [credential, middle]), []);
      assert.deepEqual(browser.watch.errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}

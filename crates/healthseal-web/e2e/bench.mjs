// Benchmarks of the checkpoint app, in one run (docs/checkpoint-app.md, "Measurements"):
//   1. decode + verify of the 1280x720 bench frames: WebAssembly in Chromium beside native
//      (criterion, crates/healthseal-web/benches/frames.rs), per frame;
//   2. the same frames read by zxing-wasm (zxing-cpp compiled to WebAssembly) in the same page:
//      frames read and time per frame;
//   3. time from the first camera frame showing a code to the verdict on screen;
//   4. the app's total transfer size on first load.
// Run by `just web-bench` (after `just web-test`'s material); writes target/web-bench.json.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { serve, launch, open, verdict, site, material, cases, WORKSPACE } from "./harness.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// 1 (native half). Criterion writes its estimates; the median is what we compare.
if (!process.env.BENCH_SKIP_NATIVE) {
  execFileSync("cargo", ["bench", "-p", "healthseal-web", "--bench", "frames", "--", "--noplot"], { cwd: WORKSPACE, stdio: "inherit" });
}
const index = JSON.parse(readFileSync(material("bench/index.json"), "utf8"));
const criterion = (id) => {
  const path = join(WORKSPACE, "target/criterion/frame_1280x720", id, "new/estimates.json");
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")).median.point_estimate / 1e6 : null;
};
const nativeTypicalMs = criterion("phone_screen");
const nativeAllMs = criterion(`all_${index.length}_frames`);

const accepted = cases().find((c) => c.name === "accepted");
const dir = site({ trust: material(accepted.list), root: material(accepted.root_pub) });
const server = await serve(dir, { "/test/": material("bench"), "/zxing/": join(WORKSPACE, "crates/healthseal-web/e2e/node_modules/zxing-wasm/dist") });

// 4. Transfer size: every response of a first visit, service worker install included.
let browser = await launch();
const responses = [];
const counting = async (r) => {
  try {
    responses.push([new URL(r.url()).pathname, r.status(), (await r.body()).length]);
  } catch {
    // A service worker's own fetch: its body is not available here; counted by path below.
  }
};
browser.context.on("response", counting);
let page = await open(browser, server.url);
await page.evaluate(() => navigator.serviceWorker.ready);
await page.waitForTimeout(1000);
browser.context.off("response", counting);
const transferred = responses.reduce((a, [, , n]) => a + n, 0);
const siteBytes = execFileSync("du", ["-sb", dir]).toString().split("\t")[0];

// 1 and 2 (browser half): the same frames, the same page.
const inPage = await page.evaluate(
  async ({ index, rounds, root, listUrl, now }) => {
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
    const wasm = await import("/pkg/healthseal_web.js");
    await wasm.default({ module_or_path: "/pkg/healthseal_web_bg.wasm" });
    const checkpoint = new wasm.WasmCheckpoint(root);
    checkpoint.offerList(new Uint8Array(await (await fetch(listUrl)).arrayBuffer()), undefined);
    const zxing = await import("/zxing/es/reader/index.js");
    await zxing.prepareZXingModule({ overrides: { locateFile: (path) => `/zxing/reader/${path}` }, fireImmediately: true });
    const rows = [];
    for (const entry of index) {
      const bitmap = await createImageBitmap(await (await fetch(`/test/${entry.file}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(bitmap, 0, 0);
      const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
      // Warm up both (WebAssembly compiles lazily, then optimises hot code).
      if (rows.length === 0) for (let i = 0; i < 3; i++) {
        checkpoint.verifyRgba(image.data, image.width, image.height, now);
        await zxing.readBarcodes(image, { formats: ["QRCode"], maxNumberOfSymbols: 1 });
      }
      const ours = [], theirs = [];
      let oursRead = false, theirsRead = false;
      for (let i = 0; i < rounds; i++) {
        let t = performance.now();
        const answer = JSON.parse(checkpoint.verifyRgba(image.data, image.width, image.height, now));
        ours.push(performance.now() - t);
        oursRead = entry.text === null ? answer.kind === "no_code" : answer.kind === "verdict" && answer.codes > 0;
        t = performance.now();
        const results = await zxing.readBarcodes(image, { formats: ["QRCode"], maxNumberOfSymbols: 1 });
        theirs.push(performance.now() - t);
        theirsRead = entry.text === null ? results.length === 0 : results.some((r) => r.text === entry.text);
      }
      rows.push({ file: entry.file, px: entry.px_per_module, turn: entry.turn_deg, text: entry.text !== null, ours: median(ours), theirs: median(theirs), oursRead, theirsRead });
    }
    return rows;
  },
  { index, rounds: ROUNDS, root: readFileSync(material(accepted.root_pub), "utf8"), listUrl: "/province/trust.list", now: accepted.now_unix },
);
await browser.close();

// 3. First frame showing a code → verdict on screen (every frame of the clip shows the code).
// The page's clock is not faked here (that would fake performance.now too): the verdict is
// whatever the real date gives; the work to reach it is the same.
const latencies = [];
for (let i = 0; i < 5; i++) {
  browser = await launch({ clip: material(accepted.clip) });
  page = await open(browser, server.url);
  await page.click("#camera-toggle");
  await verdict(page, 30_000);
  await page.waitForFunction(() => performance.getEntriesByName("healthseal:verdict").length > 0);
  latencies.push(await page.evaluate(() => performance.getEntriesByName("healthseal:verdict")[0].startTime - performance.getEntriesByName("healthseal:first-frame")[0].startTime));
  await browser.close();
}
await server.close();

const withCode = inPage.filter((r) => r.text);
const small = withCode.filter((r) => r.px <= 4);
const sum = (rows, key) => rows.reduce((a, r) => a + r[key], 0);
const typical = inPage.find((r) => r.file === "condition-phone_screen.png");
const report = {
  frames: inPage.length,
  wasm_typical_ms: typical.ours,
  native_typical_ms: nativeTypicalMs,
  wasm_over_native_typical: nativeTypicalMs ? typical.ours / nativeTypicalMs : null,
  wasm_all_frames_ms: sum(inPage, "ours"),
  native_all_frames_ms: nativeAllMs,
  wasm_over_native_all: nativeAllMs ? sum(inPage, "ours") / nativeAllMs : null,
  read_ours: withCode.filter((r) => r.oursRead).length,
  read_zxing_wasm: withCode.filter((r) => r.theirsRead).length,
  frames_with_code: withCode.length,
  small_read_ours: small.filter((r) => r.oursRead).length,
  small_read_zxing_wasm: small.filter((r) => r.theirsRead).length,
  small_frames: small.length,
  median_ms_per_frame_ours: median(inPage.map((r) => r.ours)),
  median_ms_per_frame_zxing_wasm: median(inPage.map((r) => r.theirs)),
  first_frame_to_verdict_ms: latencies,
  first_frame_to_verdict_median_ms: median(latencies),
  transfer_bytes: transferred,
  site_bytes: Number(siteBytes),
  transfer_by_file: responses,
  per_frame: inPage,
};
writeFileSync(join(WORKSPACE, "target/web-bench.json"), JSON.stringify(report, null, 2));
const f = (x) => (x === null || x === undefined ? "n/a" : x.toFixed(1));
console.log(`decode + verify, 1280x720 phone-screen frame: WebAssembly ${f(report.wasm_typical_ms)} ms, native ${f(nativeTypicalMs)} ms (x${f(report.wasm_over_native_typical)})`);
console.log(`all ${report.frames} bench frames: WebAssembly ${f(report.wasm_all_frames_ms)} ms, native ${f(nativeAllMs)} ms (x${f(report.wasm_over_native_all)})`);
console.log(`frames read (of ${report.frames_with_code} with a code): healthseal ${report.read_ours}, zxing-wasm ${report.read_zxing_wasm}; small codes (<= 4 px/module, ${report.small_frames}): ${report.small_read_ours} vs ${report.small_read_zxing_wasm}`);
console.log(`median per frame: healthseal ${f(report.median_ms_per_frame_ours)} ms, zxing-wasm ${f(report.median_ms_per_frame_zxing_wasm)} ms`);
console.log(`first camera frame with a code -> verdict on screen: median ${f(report.first_frame_to_verdict_median_ms)} ms (${latencies.map(f).join(", ")})`);
console.log(`transfer on first load: ${report.transfer_bytes} bytes (the hosted folder: ${report.site_bytes} bytes)`);
for (const r of inPage.filter((r) => r.oursRead !== r.theirsRead)) console.log(`  differs: ${r.file}: healthseal ${r.oursRead}, zxing-wasm ${r.theirsRead}`);

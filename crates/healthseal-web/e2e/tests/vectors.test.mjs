// The WebAssembly build, as shipped in the app, runs every decision vector of fixtures/decisions
// (docs/decision-vectors.md) and gives the native verdict, reason code, detail and stale flag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { APP, workspaceFile } from "../harness.mjs";

const { initSync, WasmCheckpoint } = await import(join(APP, "pkg/healthseal_web.js"));
initSync({ module: readFileSync(join(APP, "pkg/healthseal_web_bg.wasm")) });

const folder = workspaceFile("fixtures/decisions");
const vectors = readdirSync(folder).filter((f) => f.endsWith(".txt")).sort();

function parse(text) {
  const fields = {};
  for (const line of text.split("\n")) {
    const match = line.match(/^([a-z_]+): (.*)$/);
    if (match) fields[match[1]] = match[2];
  }
  return fields;
}

/** A raw Ed25519 public key as SPKI PEM (RFC 8410): the fixed 12-byte prefix, then the key. */
function pem(hex) {
  const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), Buffer.from(hex, "hex")]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString("base64")}\n-----END PUBLIC KEY-----\n`;
}

test("there are decision vectors to run", () => assert.ok(vectors.length >= 60, `${vectors.length}`));

for (const name of vectors) {
  test(`vector ${name}`, () => {
    const v = parse(readFileSync(join(folder, name), "utf8"));
    const checkpoint = new WasmCheckpoint(pem(v.root));
    assert.ok(checkpoint.setOptions(Number(v.skew), Number(v.stale_grace), v.stale_mode === "reject"));
    const offer = JSON.parse(checkpoint.offerList(readFileSync(join(folder, v.list)), undefined));
    assert.equal(offer.taken, true, offer.message);
    const answer = JSON.parse(checkpoint.verifyText(v.credential, Number(v.now_unix)));
    assert.equal(answer.kind, "verdict");
    assert.equal(answer.verdict, v.expect);
    if (v.expect === "rejected") assert.equal(answer.reason, v.reason);
    if (v.detail) assert.equal(answer.detail, v.detail);
    assert.equal(String(answer.trust_list.stale), v.stale);
    checkpoint.free();
  });
}

// The verifier's thread: frames are decoded here so the page never freezes. Holds one
// WasmCheckpoint (the pinned root and the list in use); answers each request with the JSON the
// verifier gives. Keeps nothing about a holder: each answer goes back to the page and is gone.
import init, { WasmCheckpoint } from "./pkg/healthseal_web.js";

const ready = init({ module_or_path: new URL("./pkg/healthseal_web_bg.wasm", import.meta.url) });
let checkpoint = null;

/** Every scan while no root is pinned (the app could not start): refused, the checkpoint fails closed. */
const NOT_STARTED = { kind: "verdict", verdict: "rejected", reason: "no_trust_list", credential: null, detected: false };

function handle(request) {
  if (!checkpoint && (request.op === "text" || request.op === "frame")) return NOT_STARTED;
  if (!checkpoint && request.op === "status") return { loaded: false, root: "" };
  switch (request.op) {
    case "init": {
      checkpoint = new WasmCheckpoint(request.root);
      const { skew, grace, staleRefuses } = request.options;
      if (!checkpoint.setOptions(skew, grace, staleRefuses)) throw new Error("bad options in config.json");
      return { rootKid: checkpoint.rootKid() };
    }
    case "offer":
      return JSON.parse(checkpoint.offerList(new Uint8Array(request.list), request.state ?? undefined));
    case "status":
      return JSON.parse(checkpoint.listStatus(request.now));
    case "text":
      return JSON.parse(checkpoint.verifyText(request.text, request.now));
    case "frame":
      return JSON.parse(checkpoint.verifyRgba(new Uint8Array(request.rgba), request.width, request.height, request.now));
    default:
      throw new Error("unknown request");
  }
}

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    await ready;
    self.postMessage({ id, ok: true, value: handle(event.data) });
  } catch (error) {
    // A message only: never the request, which may hold a credential. A trap inside the
    // WebAssembly (a panic) leaves its state unknown: the page replaces this worker.
    const fatal = error instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, fatal, error: String(error && error.message ? error.message : error) });
  }
};

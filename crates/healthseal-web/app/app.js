// The checkpoint app: camera, 2D scanner and photo in; a verdict that fills the screen out.
// Everything about a holder lives only in memory until the verdict clears: nothing is logged,
// stored or sent. What is stored (the browser's storage): the rollback state (root kid, list
// sequence, list hash), the newest accepted trust list, the language. See docs/checkpoint-app.md.
import { TEXTS, LANGUAGES, preferredLanguage, fill } from "./i18n.js";

const LANGUAGE_KEY = "healthseal.language";
const LIST_KEY = "accepted-trust-list";
/** Where this site keeps its rollback state and its newest list: named after the pinned root and
 *  the site's address, so that two provinces served from one host, or a site given a new root,
 *  never read each other's state. Set once the root is known. */
const store = { state: null, cache: null };
/** Consecutive frames with no code (and no finder patterns) before the camera reads again after a
 *  verdict cleared by time: the code has left the view. */
const GONE_AFTER_FRAMES = 5;
/** Keys further apart than this start a new scan: a 2D scanner types a whole code in well under
 *  a second, a key pressed by hand in between is not mixed into the next one. */
const SCANNER_GAP_MS = 300;
/** Verifier restarts allowed in a minute before the app says the verifier is unavailable. */
const MAX_RESTARTS = 3;
/** How long a verdict stays before the screen is ready for the next person. */
const CLEAR_AFTER_MS = { accepted: 4000, rejected: 7000, other: 4000 };
/** Largest camera frame side sent to the verifier; larger frames are scaled down. */
const MAX_FRAME_SIDE = 1920;
/** Largest photo side: a 12-megapixel photo keeps its small codes (the verifier takes 10,000). */
const MAX_PHOTO_SIDE = 4096;
/** Largest trust list file read (the verifier refuses larger lists anyway). */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
let language = "en";
let T = TEXTS.en;

// ---------------------------------------------------------------------------------------------
// The verifier, in a worker. Restarted (and given its root and list again) if it ever fails.

class VerifierThread {
  constructor() {
    this.next = 1;
    this.pending = new Map();
    this.setup = null;
    this.list = null;
    this.restarts = [];
    this.unavailable = false;
    this.gate();
    this.spawn();
  }

  /** Scans wait until the root and the list are in: before that, a verdict would be a false
   *  "no trust list". */
  gate() {
    this.ready = new Promise((resolve) => (this.open = resolve));
  }

  spawn() {
    this.worker = new Worker("worker.js", { type: "module" });
    this.worker.onmessage = ({ data }) => {
      const waiting = this.pending.get(data.id);
      if (!waiting) return;
      this.pending.delete(data.id);
      data.ok ? waiting.resolve(data.value) : waiting.reject(new Error(data.error));
      if (data.fatal) this.restart();
    };
    this.worker.onerror = () => this.restart();
  }

  send(request, transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  async call(request, transfer = []) {
    if (request.op === "text" || request.op === "frame") await this.ready;
    if (this.unavailable) throw new Error("the verifier is unavailable");
    return this.send(request, transfer);
  }

  async init(root, options) {
    this.setup = { root, options };
    return this.send({ op: "init", root, options });
  }

  /** Offers a list with the stored state; remembers it when taken, to give it again after a restart. */
  async offer(bytes, state) {
    const answer = await this.send({ op: "offer", list: bytes.slice(0), state });
    if (answer.taken) this.list = bytes;
    return answer;
  }

  /** After a failure inside the verifier: a fresh worker with the same root and list, its
   *  messages queued in order, scans held until both are in. A few times a minute at most. */
  restart() {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error("the verifier restarted"));
    this.pending.clear();
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000).concat(now);
    if (this.restarts.length > MAX_RESTARTS) {
      this.unavailable = true;
      this.open();
      trust.message = T.verifierUnavailable;
      refreshList();
      return;
    }
    this.gate();
    this.spawn();
    if (!this.setup) return this.open();
    const steps = [this.send({ op: "init", ...this.setup })];
    if (this.list) steps.push(this.send({ op: "offer", list: this.list.slice(0), state: localStorage.getItem(store.state) }));
    Promise.allSettled(steps).then(() => this.open());
  }
}

const verifier = new VerifierThread();

// ---------------------------------------------------------------------------------------------
// Language.

function setLanguage(lang) {
  language = lang in TEXTS ? lang : "en";
  T = TEXTS[language];
  document.documentElement.lang = language;
  document.title = T.title;
  for (const element of document.querySelectorAll("[data-text]")) element.textContent = T[element.dataset.text];
  const other = language === "en" ? "zh-CN" : "en";
  $("language-toggle").textContent = LANGUAGES[other];
  $("camera-toggle").textContent = camera.stream ? T.stop : T.start;
  $("prompt").textContent = camera.stream ? T.idle : T.idleNoCamera;
  refreshList();
}

// ---------------------------------------------------------------------------------------------
// Trust list: the bundled one, the newest accepted one, and the one the officer loads.

const trust = { status: null, message: null };

async function storedList() {
  if (!("caches" in self)) return null;
  const hit = await (await caches.open(store.cache)).match(LIST_KEY);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}

/** Keeps a taken list: first the list itself, then the state, so that a crash in between leaves
 *  a list newer than the state (taken again at the next start), never a state with no list. */
async function keep(bytes, answer) {
  if (answer.change === "unchanged") return;
  if ("caches" in self) {
    await (await caches.open(store.cache)).put(LIST_KEY, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
  }
  localStorage.setItem(store.state, answer.state);
  // Rollback protection and the list taken by hand must not be evicted with the browser's cache.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}

/** One offer at a time, each checked against the state the one before it stored. */
let offers = Promise.resolve();
function offer(bytes) {
  const next = offers.then(async () => {
    const answer = await verifier.offer(bytes, localStorage.getItem(store.state));
    if (answer.taken) await keep(bytes, answer);
    return answer;
  });
  offers = next.catch(() => {});
  return next;
}

/** What the officer is told of a list taken by hand. */
function takenMessage(change) {
  if (change === "unchanged") return T.listSame;
  if (change === "root_moved") return T.listRootMoved;
  return T.listTaken;
}

async function loadLists(bundled) {
  const kept = await storedList();
  let last = null;
  if (kept) last = await offer(kept);
  const fromBundle = await offer(bundled);
  // The bundled list is older than one taken since: expected, not worth a word. Anything else
  // (damaged, another root, two lists with one number) is.
  // So is a bundled list of the root the province replaced, once a list of the new one is taken.
  const superseded = fromBundle.reason === "rollback" || fromBundle.reason === "root_left";
  if (!fromBundle.taken && superseded && last && last.taken) return;
  if (!fromBundle.taken) trust.message = fill(T.listRefused, { why: T[`list_${fromBundle.reason}`] || fromBundle.reason });
}

async function refreshList() {
  if (!verifier.setup) return;
  try {
    trust.status = await verifier.call({ op: "status", now: Date.now() / 1000 });
  } catch {
    return;
  }
  const s = trust.status;
  if (s.kind === "verdict") {
    // The clock gives no usable time: say so rather than "no list".
    $("list-warning").textContent = T.reasons[s.reason] || s.reason;
    return;
  }
  const bar = $("list-status");
  bar.dataset.loaded = String(Boolean(s.loaded));
  bar.dataset.sequence = s.loaded ? String(s.sequence) : "";
  bar.dataset.stale = String(Boolean(s.stale));
  bar.className = `list ${!s.loaded ? "none" : s.stale ? "stale" : "ok"}`;
  $("list-line").textContent = s.loaded
    ? `${fill(T.listLine, { owner: s.owner, sequence: s.sequence, age: duration(s.age_secs) })} · ${fill(T.listNextUpdate, { when: when(s.next_update_unix) })}`
    : T.list;
  $("list-warning").textContent = !s.loaded ? T.listNone : s.stale ? T.listStale : "";
  $("list-message").textContent = trust.message || "";
  $("root-line").textContent = s.root ? `${T.root} ${s.root}` : "";
}

async function loadListFile(file) {
  if (!file) return;
  if (file.size > MAX_LIST_BYTES) {
    trust.message = fill(T.listRefused, { why: T.list_bad_list });
  } else {
    const answer = await offer(new Uint8Array(await file.arrayBuffer()));
    trust.message = answer.taken
      ? fill(takenMessage(answer.change), { sequence: answer.sequence, root: answer.root })
      : fill(T.listRefused, { why: T[`list_${answer.reason}`] || answer.reason });
  }
  await refreshList();
}

function duration(secs) {
  const s = Math.max(0, secs);
  if (s < 3600) return fill(T.minutes, { n: Math.floor(s / 60) });
  if (s < 172800) return fill(T.hours, { n: Math.floor(s / 3600) });
  return fill(T.days, { n: Math.floor(s / 86400) });
}

function when(unix) {
  return new Date(unix * 1000).toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
}

// ---------------------------------------------------------------------------------------------
// The verdict: a word and a colour, the holder for the identity check, the reason in words.

const verdict = { timer: null, shown: false, serial: 0 };

function showVerdict(answer) {
  const box = $("verdict");
  let kind = answer.kind === "verdict" ? answer.verdict : answer.kind;
  if (!["accepted", "rejected", "no_code", "not_a_credential", "unreadable"].includes(kind)) kind = "unreadable";
  box.dataset.verdict = kind;
  box.dataset.reason = answer.reason || "";
  $("verdict-word").textContent = T[kind];
  const c = answer.credential;
  $("verdict-status").textContent = c ? T[c.status] || c.status.toUpperCase() : "";
  const fields = $("verdict-fields");
  fields.replaceChildren();
  if (c) {
    const region = answer.region_name ? `${c.region} ${answer.region_name}` : c.region;
    for (const [label, value] of [[T.holder, c.name], [T.born, c.birth_date], [T.region, region], [T.validUntil, when(c.expires_at_unix)]]) {
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = label;
      dd.textContent = value;
      fields.append(dt, dd);
    }
  }
  let reason = "";
  if (kind === "accepted") reason = T.checkIdentity;
  else if (kind === "rejected") reason = T.reasons[answer.reason] || answer.message || answer.reason;
  else if (kind === "no_code") reason = T.noCodeText;
  else if (kind === "not_a_credential") reason = fill(T.foreignText, { n: answer.length });
  else if (answer.reason === "several_codes") reason = T.severalCodes;
  else if (answer.reason === "verifier_failed") reason = T.verifierFailed;
  else reason = fill(T.unreadableText, { why: answer.message || "" });
  const stale = answer.trust_list && answer.trust_list.stale ? ` ${T.listStale}` : "";
  $("verdict-reason").textContent = reason + stale;
  box.hidden = false;
  verdict.shown = true;
  verdict.serial += 1;
  scanner.clear();
  $("announce").textContent = [T[kind], $("verdict-status").textContent, reason].filter(Boolean).join(". ");
  signal(kind);
  clearTimeout(verdict.timer);
  verdict.timer = setTimeout(() => clearVerdict({ byHand: false }), CLEAR_AFTER_MS[kind] || CLEAR_AFTER_MS.other);
  requestAnimationFrame(() => performance.mark("healthseal:verdict"));
}

/** Clears the screen and every field that held a holder's data. Cleared by hand, the camera
 *  reads the code in view again; cleared by time, it waits for the code to leave the view, so
 *  that a holder who stays is not checked over and over. */
function clearVerdict({ byHand = true } = {}) {
  if (byHand) camera.armed = true;
  camera.gone = 0;
  clearTimeout(verdict.timer);
  const box = $("verdict");
  box.hidden = true;
  box.dataset.verdict = "";
  box.dataset.reason = "";
  for (const id of ["verdict-word", "verdict-status", "verdict-reason", "announce"]) $(id).textContent = "";
  $("verdict-fields").replaceChildren();
  verdict.shown = false;
  focusScanner();
}

let audio = null;
function signal(kind) {
  if (navigator.vibrate) navigator.vibrate(kind === "accepted" ? 120 : [90, 60, 90, 60, 250]);
  if (!audio) return;
  const tones = kind === "accepted" ? [[880, 0, 0.15]] : [[220, 0, 0.18], [220, 0.25, 0.18]];
  for (const [frequency, start, length] of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    gain.gain.value = 0.2;
    oscillator.frequency.value = frequency;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + length);
  }
}

function unlockAudio() {
  if (audio || !("AudioContext" in self)) return;
  try {
    audio = new AudioContext();
  } catch {
    audio = null;
  }
}

// ---------------------------------------------------------------------------------------------
// Camera: rear by default, a switch for others, the torch where there is one. One frame at a
// time goes to the worker: the rate is what the device sustains.

const camera = { stream: null, busy: false, canvas: null, context: null, torch: false, firstFrame: false, armed: true, gone: 0, starts: 0 };

/** The stream asked for: 1920x1080 where the camera gives it. A printed card held at arm's length
 *  shows its code at 2 to 3 pixels a module in 1280x720, where reading starts to fail; 1080p gives
 *  half as much again (docs/issuing.md, "Printed module size"). */
async function startCamera(deviceId) {
  stopCamera();
  // A second tap while the first start waits for the camera wins; the first stream is stopped.
  const start = ++camera.starts;
  $("camera-toggle").disabled = true;
  const video = deviceId
    ? { deviceId: { exact: deviceId }, width: { ideal: 1920 }, height: { ideal: 1080 } }
    : { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1080 } };
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    $("camera-toggle").disabled = false;
    $("prompt").textContent = fill(T.cameraDenied, { why: error && error.name ? error.name : "error" });
    return;
  }
  if (start !== camera.starts) {
    for (const track of stream.getTracks()) track.stop();
    return;
  }
  camera.stream = stream;
  camera.armed = true;
  camera.gone = 0;
  $("camera-toggle").disabled = false;
  const element = $("camera");
  element.srcObject = camera.stream;
  await element.play().catch(() => {});
  $("camera-toggle").textContent = T.stop;
  $("prompt").textContent = T.idle;
  camera.firstFrame = false;
  await listCameras(camera.stream.getVideoTracks()[0]);
  schedule();
}

function stopCamera() {
  camera.starts += 1;
  $("camera-toggle").disabled = false;
  if (!camera.stream) return;
  for (const track of camera.stream.getTracks()) track.stop();
  camera.stream = null;
  $("camera").srcObject = null;
  $("camera-toggle").textContent = T.start;
  $("prompt").textContent = T.idleNoCamera;
  $("viewfinder").classList.remove("detected");
}

async function listCameras(track) {
  const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput");
  const select = $("camera-select");
  select.replaceChildren(...devices.map((d, i) => new Option(d.label || `${T.camera} ${i + 1}`, d.deviceId)));
  const settings = track ? track.getSettings() : {};
  if (settings.deviceId) select.value = settings.deviceId;
  $("camera-choice").hidden = devices.length < 2;
  const capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
  $("torch-toggle").hidden = !capabilities.torch;
}

async function toggleTorch() {
  const track = camera.stream && camera.stream.getVideoTracks()[0];
  if (!track) return;
  camera.torch = !camera.torch;
  await track.applyConstraints({ advanced: [{ torch: camera.torch }] }).catch(() => (camera.torch = false));
  $("torch-toggle").setAttribute("aria-pressed", String(camera.torch));
}

function schedule() {
  if (!camera.stream) return;
  const video = $("camera");
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(pump);
  else requestAnimationFrame(pump);
}

/** The pixels of a camera frame, on a canvas kept for the camera. */
function grab(source, width, height) {
  const [w, h] = fit(width, height, MAX_FRAME_SIDE);
  if (!camera.canvas || camera.canvas.width !== w || camera.canvas.height !== h) {
    camera.canvas = new OffscreenCanvas(w, h);
    camera.context = camera.canvas.getContext("2d", { willReadFrequently: true });
  }
  camera.context.drawImage(source, 0, 0, w, h);
  return camera.context.getImageData(0, 0, w, h);
}

/** The pixels of a photo, on white (transparent parts are background, never an earlier
 *  picture), on a canvas of its own that is dropped afterwards. */
function grabPhoto(bitmap) {
  const [w, h] = fit(bitmap.width, bitmap.height, MAX_PHOTO_SIDE);
  const context = new OffscreenCanvas(w, h).getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, w, h);
  context.drawImage(bitmap, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

function fit(width, height, maxSide) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

async function pump() {
  const video = $("camera");
  if (!camera.stream) return;
  if (camera.busy || verdict.shown || video.readyState < 2 || !video.videoWidth) return schedule();
  if (!camera.firstFrame) {
    camera.firstFrame = true;
    performance.mark("healthseal:first-frame");
  }
  const frame = grab(video, video.videoWidth, video.videoHeight);
  const serial = verdict.serial;
  camera.busy = true;
  const finder = $("viewfinder");
  finder.dataset.frames = String(Number(finder.dataset.frames || 0) + 1);
  try {
    const answer = await verifier.call(
      { op: "frame", rgba: frame.data.buffer, width: frame.width, height: frame.height, now: Date.now() / 1000 },
      [frame.data.buffer],
    );
    const detected = Boolean(answer.detected) && answer.kind === "no_code";
    $("viewfinder").classList.toggle("detected", detected);
    $("prompt").textContent = detected ? T.detected : T.idle;
    camera.gone = answer.kind === "no_code" && !answer.detected ? camera.gone + 1 : 0;
    if (camera.gone >= GONE_AFTER_FRAMES) camera.armed = true;
    // Dropped when a scanner or photo verdict came while this frame was read.
    const current = serial === verdict.serial && !verdict.shown;
    if (answer.kind !== "no_code" && camera.stream && camera.armed && current) {
      camera.armed = false;
      showVerdict(answer);
    }
  } catch {
    // The verifier failed on this frame and restarts; the next frame is read by the new one.
  } finally {
    camera.busy = false;
  }
  schedule();
}

// ---------------------------------------------------------------------------------------------
// A photo from the device, decoded by the browser; and a 2D scanner that types the code and Enter.

async function checkPhoto(file) {
  if (!file) return;
  let answer;
  try {
    const bitmap = await createImageBitmap(file);
    const frame = grabPhoto(bitmap);
    bitmap.close();
    answer = await verifier.call(
      { op: "frame", rgba: frame.data.buffer, width: frame.width, height: frame.height, now: Date.now() / 1000 },
      [frame.data.buffer],
    );
  } catch {
    answer = { kind: "unreadable", reason: "not_an_image", message: "not an image this browser can open" };
  }
  showVerdict(answer);
}

async function checkText(text) {
  if (!text.trim()) return;
  try {
    showVerdict(await verifier.call({ op: "text", text, now: Date.now() / 1000 }));
  } catch {
    showVerdict({ kind: "unreadable", reason: "verifier_failed" });
  }
}

/** What a 2D scanner has typed so far: in memory until Enter, shown in its field, cleared at
 *  once. Keys after a pause start a new scan. */
const scanner = {
  buffer: "",
  last: 0,
  add(key) {
    const now = performance.now();
    if (now - this.last > SCANNER_GAP_MS) this.buffer = "";
    this.last = now;
    this.buffer += key;
    $("scanner-input").value = this.buffer;
  },
  clear() {
    this.buffer = "";
    $("scanner-input").value = "";
  },
};

function focusScanner() {
  const active = document.activeElement;
  if (!active || active === document.body || active === $("verdict")) $("scanner-input").focus({ preventScroll: true });
}

// ---------------------------------------------------------------------------------------------
// Start.

async function fetchProvince() {
  const get = async (path) => {
    const response = await fetch(path, { cache: "no-cache" });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response;
  };
  const config = await (await get("province/config.json")).json();
  const root = await (await get("province/root.pub")).text();
  const list = new Uint8Array(await (await get("province/trust.list")).arrayBuffer());
  return { config, root, list };
}

function wire() {
  $("language-toggle").addEventListener("click", () => {
    const next = language === "en" ? "zh-CN" : "en";
    localStorage.setItem(LANGUAGE_KEY, next);
    setLanguage(next);
  });
  $("camera-toggle").addEventListener("click", () => {
    unlockAudio();
    camera.stream ? stopCamera() : startCamera();
  });
  $("camera-select").addEventListener("change", (e) => startCamera(e.target.value));
  $("torch-toggle").addEventListener("click", toggleTorch);
  $("photo-input").addEventListener("change", async (e) => {
    unlockAudio();
    await checkPhoto(e.target.files[0]);
    e.target.value = "";
  });
  $("trust-list-input").addEventListener("change", async (e) => {
    await loadListFile(e.target.files[0]);
    e.target.value = "";
  });
  // A scanner types wherever the focus is: every key goes to its buffer, unless another text
  // field has the focus. Keys of an input method's composition are not the scanner's.
  document.addEventListener("keydown", (e) => {
    unlockAudio();
    if (e.isComposing || e.key === "Process") return;
    if (e.key === "Escape" && verdict.shown) {
      clearVerdict();
      return;
    }
    const active = document.activeElement;
    const typing = active && active.id !== "scanner-input"
      && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type === "text"));
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Enter" && scanner.buffer) {
      e.preventDefault();
      const text = scanner.buffer;
      scanner.clear();
      checkText(text);
    } else if (e.key.length === 1) {
      // Space is in the credential alphabet: on a button it must not press it.
      e.preventDefault();
      scanner.add(e.key);
    }
  });
  $("verdict").addEventListener("click", () => clearVerdict());
  for (const type of ["dragenter", "dragover"]) {
    document.addEventListener(type, (e) => {
      e.preventDefault();
      document.body.classList.add("dragging");
    });
  }
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    loadListFile(e.dataTransfer.files[0]);
  });
  setInterval(refreshList, 30_000);
}

/** The service worker: installed for offline use; when a new version takes over (the host has a
 *  new app or list), the page reloads as soon as no verdict is on screen, so that page, worker
 *  and list are always of one version. */
function serviceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const offline = () => ($("offline-line").hidden = !navigator.serviceWorker.controller);
  navigator.serviceWorker.register("sw.js").then((registration) => {
    setInterval(() => registration.update().catch(() => {}), 3_600_000);
  }, () => {});
  navigator.serviceWorker.ready.then(offline, () => {});
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    offline();
    if (!controlled) {
      controlled = true; // the first install: this page is already that version
      return;
    }
    const reload = () => (verdict.shown || scanner.buffer ? setTimeout(reload, 1000) : location.reload());
    reload();
  });
}

async function boot() {
  setLanguage(localStorage.getItem(LANGUAGE_KEY) || preferredLanguage(navigator.languages));
  wire();
  serviceWorker();
  try {
    const { config, root, list } = await fetchProvince();
    if (!["warn", "reject", undefined].includes(config.stale)) throw new Error(`config.json: stale is ${JSON.stringify(config.stale)}`);
    const { rootKid } = await verifier.init(root, {
      skew: config.skew_secs ?? 300,
      grace: config.stale_grace_secs ?? 86400,
      staleRefuses: config.stale === "reject",
    });
    const site = new URL(".", location.href).pathname;
    store.state = `healthseal.trust-state.${rootKid}.${site}`;
    store.cache = `healthseal-trust-${rootKid}-${site}`;
    await loadLists(list);
  } catch (error) {
    trust.message = fill(T.appError, { why: error && error.message ? error.message : String(error) });
  }
  verifier.open();
  await refreshList();
  $("list-message").textContent = trust.message || "";
  focusScanner();
  document.body.dataset.ready = "true";
}

boot();

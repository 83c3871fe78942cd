// evoke live's page: reads /events (one JSON message per EEG window, see LiveSession) and shows
//   - a 3D head (head.js) whose ARKit-named morph targets take the message's blendshape weights, or the user's VRM
//     avatar (evoke live --avatar file.vrm) whose expression presets take the message's "vrm" weights;
//   - the emotion, the three label probabilities and a chart of them over the last minute;
//   - the connection state; when the stream stops or the server goes away it says so, and EventSource reconnects.
// Weights move to each new message's values over TWEEN_MS, so the face glides between windows (1 per second).
// For tests and for the curious, window.evoke exposes what the page shows (see the bottom of this file).
import * as THREE from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { VRMLoaderPlugin, VRMUtils } from "@pixiv/three-vrm";
import { buildHead, ARKIT } from "./head.js";

const TWEEN_MS = 300;
const LABELS = ["valence", "arousal", "dominance"], COLOURS = ["#64b5f6", "#ffb74d", "#81c784"];
const VRM_PRESETS = ["happy", "angry", "sad", "relaxed", "surprised", "neutral"];
const $ = id => document.getElementById(id);

// ---- the 3D view ----
const view = $("view");
const renderer = new THREE.WebGLRenderer({ canvas: view, antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
renderer.outputColorSpace = THREE.SRGBColorSpace;
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x1a1d22);
const camera = new THREE.PerspectiveCamera(30, 1, 0.05, 100);
camera.position.set(0.9, 0.25, 5.2);
const controls = new OrbitControls(camera, view);
controls.target.set(0, -0.1, 0);
controls.enableDamping = true;
scene.add(new THREE.HemisphereLight(0xffffff, 0x403530, 1.4));
const key = new THREE.DirectionalLight(0xffffff, 2.2);
key.position.set(2, 3, 4);
scene.add(key);
const rim = new THREE.DirectionalLight(0x88aaff, 0.8);
rim.position.set(-3, 1, -2);
scene.add(rim);

function resize() {
  const w = view.clientWidth, h = view.clientHeight;
  renderer.setSize(w, h, false);
  camera.aspect = w / h;
  camera.updateProjectionMatrix();
}
window.addEventListener("resize", resize);
resize();

/** What the page animates: the head's morph targets, or a VRM's expressions. */
let avatar = null;
const target = {}, from = {}; // name -> weight
let tweenStart = 0, tweenWindow = -1, tweenDone = true;
const applied = []; // [{window, weights}] once each message's weights are fully on the avatar (for tests)

function headAvatar() {
  const { mesh } = buildHead();
  scene.add(mesh);
  return {
    kind: "head",
    names: ARKIT,
    get: name => mesh.morphTargetInfluences[mesh.morphTargetDictionary[name]],
    set: (name, w) => { const i = mesh.morphTargetDictionary[name]; if (i !== undefined) mesh.morphTargetInfluences[i] = w; },
    weights: m => m.blendshapes,
    update: () => {},
    mesh,
  };
}

async function vrmAvatar(url) {
  const loader = new GLTFLoader();
  loader.register(parser => new VRMLoaderPlugin(parser));
  const gltf = await loader.loadAsync(url);
  const vrm = gltf.userData.vrm;
  if (!vrm) throw new Error("the file has no VRM data");
  VRMUtils.removeUnnecessaryVertices(gltf.scene);
  VRMUtils.combineSkeletons?.(gltf.scene);
  VRMUtils.rotateVRM0(vrm);
  scene.add(vrm.scene);
  const head = vrm.humanoid?.getNormalizedBoneNode("head");
  if (head) {
    vrm.scene.updateMatrixWorld(true);
    const p = head.getWorldPosition(new THREE.Vector3());
    controls.target.copy(p).add(new THREE.Vector3(0, 0.05, 0));
    camera.position.copy(p).add(new THREE.Vector3(0.15, 0.1, 1.1));
  }
  const em = vrm.expressionManager;
  // a "perfect sync" avatar has custom expressions named by ARKit: they take the blendshapes as well
  const arkit = ARKIT.filter(n => em?.getExpression(n));
  const names = [...VRM_PRESETS.filter(n => em?.getExpression(n)), ...arkit];
  return {
    kind: "vrm",
    names,
    get: name => em?.getValue(name) ?? 0,
    set: (name, w) => em?.setValue(name, w),
    weights: m => {
      const w = {};
      for (const n of VRM_PRESETS) if (m.vrm && n in m.vrm) w[n] = m.vrm[n];
      for (const n of arkit) w[n] = m.blendshapes[n];
      return w;
    },
    update: dt => vrm.update(dt),
    vrm,
  };
}

function apply(message) {
  const w = avatar.weights(message);
  for (const n of Object.keys(w)) {
    from[n] = avatar.get(n) ?? 0;
    target[n] = Math.min(1, Math.max(0, w[n]));
  }
  tweenStart = performance.now();
  tweenWindow = message.window;
  tweenDone = false;
}

let lastFrame = performance.now();
function frame() {
  requestAnimationFrame(frame);
  const now = performance.now(), dt = (now - lastFrame) / 1000;
  lastFrame = now;
  if (avatar && !tweenDone) {
    const t = Math.min(1, (performance.now() - tweenStart) / TWEEN_MS), e = t * t * (3 - 2 * t);
    for (const n of Object.keys(target)) avatar.set(n, from[n] + (target[n] - from[n]) * e);
    if (t === 1) {
      tweenDone = true;
      const weights = {};
      for (const n of Object.keys(target)) weights[n] = avatar.get(n);
      applied.push({ window: tweenWindow, weights });
      if (applied.length > 120) applied.shift();
    }
  }
  avatar?.update(dt);
  controls.update();
  renderer.render(scene, camera);
}

// ---- the numbers ----
const history = []; // {time, p[3]}
function setState(cls, text) { const s = $("state"); s.className = cls; s.textContent = text; }
function note(text) { const n = $("avatar-note"); n.textContent = text; n.hidden = !text; }

function draw() {
  const c = $("chart"), g = c.getContext("2d");
  g.clearRect(0, 0, c.width, c.height);
  g.strokeStyle = "#333"; g.beginPath(); g.moveTo(0, c.height / 2); g.lineTo(c.width, c.height / 2); g.stroke();
  if (history.length === 0) return;
  const tEnd = history[history.length - 1].time, tStart = tEnd - 60;
  LABELS.forEach((_, j) => {
    g.strokeStyle = COLOURS[j]; g.lineWidth = 2; g.beginPath();
    history.forEach((h, i) => {
      const x = (h.time - tStart) / 60 * c.width, y = c.height - h.p[j] * c.height;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
  });
}

let messages = 0, last = null, staleTimer = null, ended = false;
function onMessage(m) {
  messages++;
  last = m;
  ended = false;
  setState("live", "live");
  clearTimeout(staleTimer); // a stream that goes quiet (a stalled sender) says so
  staleTimer = setTimeout(() => setState("waiting", "no data for 5 s"), 5000);
  $("emotion").textContent = m.expression;
  $("window").textContent = `window ${m.window}, ${m.time.toFixed(0)} s; this window alone: ${m.emotion}`;
  LABELS.forEach((n, j) => {
    $("p" + j).style.width = (100 * m.probabilities[n]).toFixed(1) + "%";
    $("v" + j).textContent = m.probabilities[n].toFixed(2);
  });
  history.push({ time: m.time, p: LABELS.map(n => m.probabilities[n]) });
  while (history.length && history[0].time < m.time - 60) history.shift();
  $("shapes").textContent = Object.entries(m.blendshapes).filter(([, v]) => v > 0.02).sort((a, b) => b[1] - a[1])
    .slice(0, 12).map(([k, v]) => `${k} ${v.toFixed(2)}`).join("\n");
  draw();
  if (avatar) apply(m);
}

function connect() {
  const es = new EventSource("/events");
  es.onopen = () => setState("waiting", "connected, waiting for a window");
  es.onmessage = e => onMessage(JSON.parse(e.data));
  es.addEventListener("end", () => {
    clearTimeout(staleTimer);
    ended = true;
    setState("ended", "the stream ended (the face keeps its last expression)");
  });
  es.onerror = () => {
    clearTimeout(staleTimer);
    if (ended) setState("ended", "the stream ended and the server stopped; reconnecting");
    else setState("lost", "connection lost, reconnecting");
  };
}

async function start() {
  let health = {};
  try { health = await (await fetch("/health")).json(); } catch { /* shown by the connection state */ }
  $("source").textContent = health.source ?? "";
  avatar = headAvatar();
  if (health.avatar) {
    try {
      const vrm = await vrmAvatar("/avatar.vrm");
      scene.remove(avatar.mesh);
      avatar = vrm;
      note(`${health.avatar}: VRM ${vrm.vrm.meta?.metaVersion === "0" ? "0.x" : "1.0"}, driving ${vrm.names.join(", ") || "no expressions (it has none we know)"}`);
    } catch (e) {
      note(`could not show ${health.avatar} (${e.message}); showing the built-in head`);
    }
  }
  if (last) apply(last);
  resize();
  frame();
  connect();
}

window.evoke = {
  get messages() { return messages; },
  get last() { return last; },
  get avatar() { return avatar?.kind ?? null; },
  get names() { return avatar?.names ?? []; },
  /** The avatar's current weight for a blendshape or VRM expression name. */
  weight: name => avatar?.get(name),
  /** Messages whose weights the avatar has reached: [{window, weights}]. */
  applied,
  /** Shows the given weights ({name: weight}) until the next message, e.g. evoke.pose({jawOpen: 1}) in the console. */
  pose: weights => { if (avatar) apply({ window: -1, blendshapes: weights, vrm: weights }); },
  /** For the built-in head: its morph target names, in the mesh's order. */
  morphTargets: () => avatar?.mesh ? Object.keys(avatar.mesh.morphTargetDictionary) : [],
};
start();

// The live page in headless Chromium (Debian's chromium, driven by playwright-core), run by evoke-cli's
// LiveBrowserTest against real `evoke live --demo` processes:
//
//   node test/browser-test.mjs make-vrm FILE.vrm
//       writes a tiny VRM 1.0 avatar (a humanoid skeleton and a face quad whose six morph targets are bound to
//       the six expression presets) for `evoke live --avatar`
//   node test/browser-test.mjs check HEAD_URL VRM_URL SCREENSHOT.png
//       opens both pages, reads each server's /events itself, and checks that the avatar follows the stream:
//       the head's morph targets are the 52 ARKit names and, once a message's tween is over, each influence is the
//       message's weight; the VRM's expression presets are the message's "vrm" weights; the weights change over
//       time; the canvas is drawn; the page says when the stream ends. Saves a screenshot of the head page.
// Exit status 0 when every check holds; otherwise the first failed check is printed.
import { writeFileSync } from "node:fs";

const CHROMIUM = process.env.EVOKE_CHROMIUM || "/usr/bin/chromium";
// the flags our closed network needs (no background connections), and software WebGL for a GPU-less machine
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function fail(message) {
  console.error("browser test failed: " + message);
  process.exit(1);
}

/** Reads a server's /events in the background, keeping every message by window. */
function listen(url) {
  const byWindow = new Map(), controller = new AbortController();
  (async () => {
    const res = await fetch(new URL("/events", url), { signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame.split("\n").find(l => l.startsWith("data: {\"window\""));
        if (data) { const m = JSON.parse(data.slice(6)); byWindow.set(m.window, m); }
      }
    }
  })().catch(() => { /* aborted at the end */ });
  return { byWindow, stop: () => controller.abort() };
}

/** Waits until the page has fully applied `count` messages that the listener has seen too; returns them. */
async function applied(page, events, count, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const done = (await page.evaluate(() => window.evoke.applied.filter(a => a.window >= 0)))
      .filter(a => events.byWindow.has(a.window));
    if (done.length >= count) return done;
    if (Date.now() > end) fail(`the page applied ${done.length} of ${count} messages in ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 200));
  }
}

function compare(what, appliedList, expectedOf) {
  let changed = 0;
  for (const a of appliedList) {
    const expected = expectedOf(a.window);
    for (const [name, w] of Object.entries(expected)) {
      if (!(name in a.weights)) fail(`${what}: window ${a.window}: the avatar has no ${name}`);
      if (Math.abs(a.weights[name] - w) > 1e-9) fail(`${what}: window ${a.window}: ${name} is ${a.weights[name]}, the stream says ${w}`);
    }
  }
  const first = appliedList[0].weights, last = appliedList[appliedList.length - 1].weights;
  for (const n of Object.keys(first)) if (Math.abs(first[n] - last[n]) > 1e-4) changed++;
  if (changed === 0) fail(`${what}: no weight changed between windows ${appliedList[0].window} and ${appliedList[appliedList.length - 1].window}`);
  return changed;
}

/** The share of the canvas's pixels that differ from its background: the avatar was drawn. */
async function drawn(page) {
  return page.evaluate(() => {
    const v = document.getElementById("view"), c = document.createElement("canvas");
    c.width = v.width; c.height = v.height;
    const g = c.getContext("2d");
    g.drawImage(v, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data, bg = [px[0], px[1], px[2]];
    let differ = 0;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]) > 30) differ++;
    return differ / (px.length / 4);
  });
}

async function check(headUrl, vrmUrl, screenshot) {
  const { chromium } = await import("playwright-core");
  // the browser first (its first start on a fresh machine can take many seconds), then wait for the servers
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  console.log("chromium started; waiting for the servers");
  for (const url of [headUrl, vrmUrl]) {
    const end = Date.now() + 180000;
    for (;;) {
      try { if ((await fetch(new URL("/health", url))).ok) break; } catch { /* not up yet */ }
      if (Date.now() > end) fail(`${url} did not answer /health within 180 s`);
      await new Promise(r => setTimeout(r, 200));
    }
  }
  try {
    const errors = [];
    const open = async url => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 620 } });
      page.on("pageerror", e => errors.push(url + ": " + e.message));
      await page.goto(url);
      await page.waitForFunction(() => window.evoke && window.evoke.avatar !== null, null, { timeout: 60000 });
      return page;
    };
    const headEvents = listen(headUrl), vrmEvents = listen(vrmUrl);
    const head = await open(headUrl), vrm = await open(vrmUrl);

    // the built-in head: 52 ARKit morph targets that take each message's blendshape weights
    if ((await head.evaluate(() => window.evoke.avatar)) !== "head") fail("the head page shows " + await head.evaluate(() => window.evoke.avatar));
    const targets = await head.evaluate(() => window.evoke.morphTargets());
    const headDone = await applied(head, headEvents, 4, 60000);
    const names = Object.keys(headEvents.byWindow.get(headDone[0].window).blendshapes);
    if (names.length !== 52) fail(`a message carries ${names.length} blendshapes, not 52`);
    if (targets.length !== 52 || names.some(n => !targets.includes(n))) fail(`the mesh's morph targets ${targets} are not the stream's 52 names`);
    const headChanged = compare("head", headDone, w => headEvents.byWindow.get(w).blendshapes);
    const headInk = await drawn(head);
    if (headInk < 0.1) fail(`the head canvas is ${(100 * headInk).toFixed(1)} % drawn`);

    // the VRM avatar: its expression presets take each message's "vrm" weights
    if ((await vrm.evaluate(() => window.evoke.avatar)) !== "vrm") fail("the --avatar page shows " + await vrm.evaluate(() => window.evoke.avatar)
      + ": " + await vrm.evaluate(() => document.getElementById("avatar-note").textContent));
    const vrmNames = await vrm.evaluate(() => window.evoke.names);
    for (const p of ["happy", "angry", "sad", "relaxed", "surprised", "neutral"]) if (!vrmNames.includes(p)) fail(`the VRM page drives ${vrmNames}, not ${p}`);
    const vrmDone = await applied(vrm, vrmEvents, 4, 60000);
    const vrmChanged = compare("vrm", vrmDone, w => vrmEvents.byWindow.get(w).vrm);
    const vrmInk = await drawn(vrm);
    if (vrmInk < 0.01) fail(`the VRM canvas is ${(100 * vrmInk).toFixed(1)} % drawn`);

    await head.screenshot({ path: screenshot });
    // when the stream stops, the page says so
    try {
      await head.waitForFunction(() => /ended/.test(document.getElementById("state").textContent), null, { timeout: 90000 });
    } catch (e) {
      fail("the page did not say the stream ended; it says: " + await head.evaluate(() => document.getElementById("state").textContent)
        + " after " + await head.evaluate(() => window.evoke.messages) + " messages");
    }
    if (errors.length) fail("page errors: " + errors.join("; "));
    headEvents.stop();
    vrmEvents.stop();
    console.log(`browser test passed: head followed ${headDone.length} messages (${headChanged} of 52 weights moved), VRM followed`
      + ` ${vrmDone.length} (${vrmChanged} presets moved); canvases ${(100 * headInk).toFixed(0)} % and ${(100 * vrmInk).toFixed(0)} % drawn;`
      + ` the page said the stream ended; screenshot ${screenshot}`);
  } finally {
    await browser.close();
  }
}

// ---- a tiny VRM 1.0 file ----
const PRESETS = ["happy", "angry", "sad", "relaxed", "surprised", "neutral"];
const BONES = [ // name, parent, offset
  ["hips", null, [0, 1, 0]], ["spine", "hips", [0, 0.1, 0]], ["chest", "spine", [0, 0.15, 0]], ["neck", "chest", [0, 0.2, 0]],
  ["head", "neck", [0, 0.1, 0]],
  ["leftUpperArm", "chest", [0.15, 0.15, 0]], ["leftLowerArm", "leftUpperArm", [0.25, 0, 0]], ["leftHand", "leftLowerArm", [0.25, 0, 0]],
  ["rightUpperArm", "chest", [-0.15, 0.15, 0]], ["rightLowerArm", "rightUpperArm", [-0.25, 0, 0]], ["rightHand", "rightLowerArm", [-0.25, 0, 0]],
  ["leftUpperLeg", "hips", [0.1, -0.05, 0]], ["leftLowerLeg", "leftUpperLeg", [0, -0.45, 0]], ["leftFoot", "leftLowerLeg", [0, -0.45, 0]],
  ["rightUpperLeg", "hips", [-0.1, -0.05, 0]], ["rightLowerLeg", "rightUpperLeg", [0, -0.45, 0]], ["rightFoot", "rightLowerLeg", [0, -0.45, 0]],
];

function makeVrm(file) {
  // a face quad in front of the head bone; morph target k lifts its top edge by 0.05 (k + 1)
  const positions = [-0.1, 1.45, 0.1, 0.1, 1.45, 0.1, 0.1, 1.65, 0.1, -0.1, 1.65, 0.1];
  const indices = [0, 1, 2, 0, 2, 3];
  const targets = PRESETS.map((_, k) => [0, 0, 0, 0, 0, 0, 0, 0.05 * (k + 1), 0, 0, 0.05 * (k + 1), 0]);
  const floats = [...positions, ...targets.flat()];
  const bin = Buffer.alloc(floats.length * 4 + indices.length * 2 + 4);
  floats.forEach((v, i) => bin.writeFloatLE(v, 4 * i));
  indices.forEach((v, i) => bin.writeUInt16LE(v, floats.length * 4 + 2 * i));
  const iOffset = floats.length * 4;
  const bufferViews = [{ buffer: 0, byteOffset: 0, byteLength: 48 }, ...targets.map((_, k) => ({ buffer: 0, byteOffset: 48 * (k + 1), byteLength: 48 })),
    { buffer: 0, byteOffset: iOffset, byteLength: indices.length * 2 }];
  const vec3 = (view, min, max) => ({ bufferView: view, componentType: 5126, count: 4, type: "VEC3", min, max });
  const accessors = [vec3(0, [-0.1, 1.45, 0.1], [0.1, 1.65, 0.1]),
    ...targets.map((_, k) => vec3(k + 1, [0, 0, 0], [0, 0.05 * (k + 1), 0])),
    { bufferView: bufferViews.length - 1, componentType: 5123, count: indices.length, type: "SCALAR" }];
  const nodes = BONES.map(([name, parent, t]) => ({ name, translation: t }));
  BONES.forEach(([, parent], i) => { if (parent) { const p = nodes[BONES.findIndex(b => b[0] === parent)]; (p.children ??= []).push(i); } });
  nodes.push({ name: "face", mesh: 0 });
  const faceNode = nodes.length - 1;
  const json = {
    asset: { version: "2.0", generator: "evoke browser-test.mjs" },
    extensionsUsed: ["VRMC_vrm"],
    scene: 0,
    scenes: [{ nodes: [0, faceNode] }],
    nodes,
    meshes: [{ name: "face", primitives: [{ attributes: { POSITION: 0 }, indices: accessors.length - 1, material: 0,
      targets: PRESETS.map((_, k) => ({ POSITION: k + 1 })) }], weights: PRESETS.map(() => 0), extras: { targetNames: PRESETS } }],
    materials: [{ name: "skin", pbrMetallicRoughness: { baseColorFactor: [0.9, 0.7, 0.6, 1], metallicFactor: 0 }, doubleSided: true }],
    accessors,
    bufferViews,
    buffers: [{ byteLength: bin.length }],
    extensions: {
      VRMC_vrm: {
        specVersion: "1.0",
        meta: { name: "evoke test avatar", version: "1", authors: ["evoke"], licenseUrl: "https://vrm.dev/licenses/1.0/",
          avatarPermission: "everyone", commercialUsage: "personalNonProfit", allowRedistribution: true },
        humanoid: { humanBones: Object.fromEntries(BONES.map(([name], i) => [name, { node: i }])) },
        expressions: { preset: Object.fromEntries(PRESETS.map((p, k) => [p, { morphTargetBinds: [{ node: faceNode, index: k, weight: 1 }] }])) },
      },
    },
  };
  let text = Buffer.from(JSON.stringify(json));
  text = Buffer.concat([text, Buffer.alloc((4 - (text.length % 4)) % 4, 0x20)]);
  const header = Buffer.alloc(12), jh = Buffer.alloc(8), bh = Buffer.alloc(8);
  header.write("glTF", 0); header.writeUInt32LE(2, 4); header.writeUInt32LE(12 + 8 + text.length + 8 + bin.length, 8);
  jh.writeUInt32LE(text.length, 0); jh.write("JSON", 4);
  bh.writeUInt32LE(bin.length, 0); bh.write("BIN\0", 4);
  writeFileSync(file, Buffer.concat([header, jh, text, bh, bin]));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "make-vrm" && args.length === 1) makeVrm(args[0]);
else if (mode === "check" && args.length === 3) await check(...args);
else fail("usage: browser-test.mjs make-vrm FILE.vrm | check HEAD_URL VRM_URL SCREENSHOT.png");

// A procedural head whose morph targets carry ARKit's 52 blendshape names, so that the weights of evoke live's
// messages drive it directly: mesh.morphTargetInfluences[mesh.morphTargetDictionary[name]] = weight.
//
// Built in code (no model file, no licence question): an ellipsoid skull with a nose, eye sockets and a hairline;
// eyeballs with irises; upper and lower lids as spherical caps around each eye; lips as two tapered tubes; brows;
// a mouth cavity, teeth and a tongue behind the lips; ears and a neck. Every part is merged into one geometry, and
// each blendshape is a displacement field over it (see MORPHS): a Gaussian around a landmark for the soft tissue,
// a rotation for the eyeballs, a new cap angle for the lids. Units: the head is about 2 tall, the face looks down +z,
// y is up, and the subject's left (ARKit's "Left") is +x.
import * as THREE from "three";
import { mergeGeometries } from "three/examples/jsm/utils/BufferGeometryUtils.js";

/** ARKit's 52 blendshape names, in Apple's order. */
export const ARKIT = [
  "eyeBlinkLeft", "eyeLookDownLeft", "eyeLookInLeft", "eyeLookOutLeft", "eyeLookUpLeft", "eyeSquintLeft", "eyeWideLeft",
  "eyeBlinkRight", "eyeLookDownRight", "eyeLookInRight", "eyeLookOutRight", "eyeLookUpRight", "eyeSquintRight", "eyeWideRight",
  "jawForward", "jawLeft", "jawRight", "jawOpen",
  "mouthClose", "mouthFunnel", "mouthPucker", "mouthLeft", "mouthRight", "mouthSmileLeft", "mouthSmileRight",
  "mouthFrownLeft", "mouthFrownRight", "mouthDimpleLeft", "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight",
  "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper", "mouthPressLeft", "mouthPressRight",
  "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft", "mouthUpperUpRight",
  "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight",
  "cheekPuff", "cheekSquintLeft", "cheekSquintRight", "noseSneerLeft", "noseSneerRight", "tongueOut",
];

// Parts, stored per vertex in the "tag" attribute (part, side, a, b): side is +1 on the subject's left, -1 on the right.
const SKIN = 0, LIP_UP = 1, LIP_LO = 2, MOUTH = 3, TEETH = 4, TONGUE = 5, EYE = 6, LID_UP = 7, LID_LO = 8, BROW = 9, EAR = 10, NECK = 11;

const smooth = (e0, e1, x) => {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};
const gauss = (dx, dy, dz, r) => Math.exp(-(dx * dx + dy * dy + dz * dz) / (r * r));

// ---- the skull: an ellipsoid, tapered to a jaw, with a nose, eye sockets and a hairline ----
const AZ = 0.88;
const ax = y => 0.78 * (1 - 0.3 * smooth(-0.15, -0.95, y)); // half width at height y
const MOUTH_Y = -0.47, MOUTH_W = 0.19, EYE_X = 0.29, EYE_Y = 0.13, EYE_R = 0.112;

/** What the face adds in z at (x, y) on its front: nose, eye sockets, a fuller mouth and chin. */
function relief(x, y) {
  const noseW = 0.05 + 0.05 * smooth(0.1, -0.24, y);
  const nose = 0.17 * smooth(0.16, -0.2, y) * smooth(-0.3, -0.2, y) * Math.exp(-(x * x) / (noseW * noseW));
  const sockets = -0.07 * (Math.exp(-((x - EYE_X) ** 2 + (y - EYE_Y) ** 2) / 0.018) + Math.exp(-((x + EYE_X) ** 2 + (y - EYE_Y) ** 2) / 0.018));
  const muzzle = 0.035 * Math.exp(-(x * x) / 0.06 - ((y - MOUTH_Y) ** 2) / 0.03);
  const chin = 0.04 * Math.exp(-(x * x) / 0.03 - ((y + 0.78) ** 2) / 0.01);
  const brow = 0.025 * Math.exp(-((y - 0.3) ** 2) / 0.01) * smooth(0.55, 0.1, Math.abs(x));
  return nose + sockets + muzzle + chin + brow;
}

/** z of the face's surface at (x, y), as the skull mesh has it. */
function frontZ(x, y) {
  const e = 1 - (x / ax(y)) ** 2 - y * y;
  return AZ * Math.sqrt(Math.max(0, e)) + relief(x, y) * smooth(0.2, 0.6, Math.sqrt(Math.max(0, e)));
}

/** 1 where the hair is (top and back of the skull), 0 on the face. */
const hair = (x, y, z) => smooth(0.02, 0.1, y - (0.56 - 0.62 * smooth(0.3, -0.4, z)) + 0.06 * Math.abs(x));

function colour(part, x, y, z, a, b) {
  switch (part) {
    case SKIN: {
      const h = hair(x, y, z);
      return [0.93 * (1 - h) + 0.22 * h, 0.75 * (1 - h) + 0.14 * h, 0.63 * (1 - h) + 0.09 * h];
    }
    case LIP_UP: case LIP_LO: return [0.74, 0.38, 0.38];
    case MOUTH: return [0.22, 0.04, 0.06];
    case TEETH: return [0.95, 0.94, 0.9];
    case TONGUE: return [0.8, 0.38, 0.42];
    case EYE: return a > 0.975 ? [0.03, 0.03, 0.04] : a > 0.91 ? [0.23, 0.43, 0.62] : [0.96, 0.96, 0.95];
    case LID_UP: case LID_LO: return a > 0.94 ? [0.18, 0.12, 0.1] : [0.9, 0.72, 0.6];
    case BROW: return [0.28, 0.18, 0.12];
    default: return [0.9, 0.72, 0.6];
  }
}

/** Adds the "tag" attribute (part, side, a, b per vertex) and vertex colours to a geometry. */
function tagged(g, part, side, ab) {
  const p = g.attributes.position, n = p.count;
  const tag = new Float32Array(4 * n), col = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const [a, b] = ab ? ab(i) : [0, 0];
    tag.set([part, side, a, b], 4 * i);
    col.set(colour(part, p.getX(i), p.getY(i), p.getZ(i), a, b), 3 * i);
  }
  g.setAttribute("tag", new THREE.BufferAttribute(tag, 4));
  g.setAttribute("color", new THREE.BufferAttribute(col, 3));
  for (const k of Object.keys(g.attributes)) if (!["position", "normal", "tag", "color"].includes(k)) g.deleteAttribute(k);
  return g;
}

function skull() {
  const g = new THREE.SphereGeometry(1, 128, 96);
  const p = g.attributes.position;
  for (let i = 0; i < p.count; i++) {
    const ux = p.getX(i), y = p.getY(i), uz = p.getZ(i);
    const x = ux * ax(y);
    let z = uz * AZ;
    if (uz > 0) z += relief(x, y) * smooth(0.2, 0.6, uz);
    const h = hair(x, y, z) * 0.045; // the hair stands a little proud of the scalp
    const len = Math.hypot(x, y, z) || 1;
    p.setXYZ(i, x + h * x / len, y + h * y / len, z + h * z / len);
  }
  return tagged(g, SKIN, 0);
}

/** A tube along points, tapered towards both ends; a = position along it (0..1). */
function tube(points, radius, segments, part, side, taper) {
  const curve = new THREE.CatmullRomCurve3(points.map(q => new THREE.Vector3(...q)));
  const radial = 10, g = new THREE.TubeGeometry(curve, segments, radius, radial, false);
  const p = g.attributes.position;
  const u = i => Math.floor(i / (radial + 1)) / segments;
  for (let i = 0; i < p.count; i++) {
    const c = curve.getPointAt(Math.min(1, u(i)));
    const s = taper(u(i));
    p.setXYZ(i, c.x + (p.getX(i) - c.x) * s, c.y + (p.getY(i) - c.y) * s, c.z + (p.getZ(i) - c.z) * s);
  }
  return tagged(g, part, side, i => [u(i), 0]);
}

function lips() {
  const pts = (lower) => {
    const out = [];
    for (let k = 0; k <= 12; k++) {
      const x = -MOUTH_W + 2 * MOUTH_W * k / 12, e = 1 - (x / MOUTH_W) ** 2;
      const y = lower ? MOUTH_Y - 0.034 * e - 0.004 : MOUTH_Y + 0.03 * e + 0.006 * Math.exp(-(x * x) / 0.002) - 0.012 * Math.exp(-(x * x) / 0.0004) + 0.004;
      out.push([x, y, frontZ(x, y) + 0.006]);
    }
    return out;
  };
  const taper = u => 0.3 + 0.7 * Math.sqrt(Math.sin(Math.PI * u));
  return [tube(pts(false), 0.03, 48, LIP_UP, 0, taper), tube(pts(true), 0.036, 48, LIP_LO, 0, taper)];
}

/** A curved sheet just behind the lips: the mouth's dark inside (a, b in [-1, 1] across and up it). */
function sheet(part, halfW, yTop, yBottom, back) {
  const g = new THREE.PlaneGeometry(2, 2, 32, 8), p = g.attributes.position;
  const ab = [];
  for (let i = 0; i < p.count; i++) {
    const a = p.getX(i), b = p.getY(i), x = a * halfW * Math.sqrt(Math.max(0, 1 - 0.2 * a * a));
    const y = yBottom + (b + 1) / 2 * (yTop - yBottom) * (part === MOUTH ? Math.sqrt(Math.max(0.02, 1 - a ** 4)) : 1)
      + (part === MOUTH ? (yTop - yBottom) / 2 * (1 - Math.sqrt(Math.max(0.02, 1 - a ** 4))) : 0);
    p.setXYZ(i, x, y, frontZ(x, y) - back);
    ab.push([a, b]);
  }
  return tagged(g, part, 0, i => ab[i]);
}

function ellipsoid(part, side, c, r, ws = 24, hs = 16) {
  const g = new THREE.SphereGeometry(1, ws, hs), p = g.attributes.position;
  for (let i = 0; i < p.count; i++) p.setXYZ(i, c[0] + r[0] * p.getX(i), c[1] + r[1] * p.getY(i), c[2] + r[2] * p.getZ(i));
  return tagged(g, part, side);
}

const eyeCentre = s => [s * EYE_X, EYE_Y, frontZ(s * EYE_X, EYE_Y) - 0.075];

/** An eyeball: a = how far a vertex faces forward (cos of its angle to +z), which colours the iris and pupil. */
function eyeball(s) {
  const g = new THREE.SphereGeometry(EYE_R, 40, 30), p = g.attributes.position, c = eyeCentre(s);
  const a = [];
  for (let i = 0; i < p.count; i++) {
    a.push(p.getZ(i) / EYE_R);
    p.setXYZ(i, p.getX(i) + c[0], p.getY(i) + c[1], p.getZ(i) + c[2]);
  }
  return tagged(g, EYE, s, i => [a[i], 0]);
}

// Lids: caps of a sphere a little larger than the eye, theta measured from straight up (upper) or down (lower).
const LID_R = EYE_R * 1.1, PHI0 = 0.12 * Math.PI, PHI1 = 0.88 * Math.PI;
const UPPER_OPEN = 1.12, UPPER_SHUT = 1.72, UPPER_WIDE = 0.92; // radians from straight up to the lid's edge
const LOWER_OPEN = 1.05, LOWER_SQUINT = 1.3, LOWER_SHUT = 1.42;  // radians from straight down
function lidPoint(s, lower, theta, phi) {
  const c = eyeCentre(s), st = Math.sin(theta), ct = Math.cos(theta);
  return [c[0] - LID_R * Math.cos(phi) * st, c[1] + (lower ? -1 : 1) * LID_R * ct, c[2] + LID_R * Math.sin(phi) * st];
}
function lid(s, lower) {
  const rows = 10, cols = 28, pos = [], ab = [], index = [];
  for (let r = 0; r <= rows; r++) {
    for (let k = 0; k <= cols; k++) {
      const t = r / rows, phi = PHI0 + (PHI1 - PHI0) * k / cols;
      pos.push(...lidPoint(s, lower, t * (lower ? LOWER_OPEN : UPPER_OPEN), phi));
      ab.push([t, phi]);
      if (r < rows && k < cols) {
        const i = r * (cols + 1) + k;
        index.push(i, i + cols + 1, i + 1, i + 1, i + cols + 1, i + cols + 2);
      }
    }
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute("position", new THREE.Float32BufferAttribute(pos, 3));
  g.setIndex(lower ? index.map((_, j) => index[j - (j % 3) + [0, 2, 1][j % 3]]) : index);
  g.computeVertexNormals();
  return tagged(g, lower ? LID_LO : LID_UP, s, i => ab[i]);
}

function brow(s) {
  const pts = [[0.09, 0.325], [0.2, 0.37], [0.31, 0.375], [0.42, 0.33]].map(([x, y]) => [s * x, y, frontZ(s * x, y) + 0.012]);
  return tube(pts, 0.026, 24, BROW, s, u => 0.45 + 0.55 * smooth(1.05, 0.35, u) * smooth(-0.2, 0.15, u) + 0.2);
}

function neck() {
  const g = new THREE.CylinderGeometry(0.34, 0.4, 0.9, 48, 4, true);
  g.translate(0, -1.05, -0.12);
  return tagged(g, NECK, 0);
}

// ---- the blendshapes: displacement of a vertex (part, side, a, b, position) ----
const mouthEnvelope = x => Math.pow(Math.max(0, 1 - (x / MOUTH_W) ** 2), 0.6);
const isLip = part => part === LIP_UP || part === LIP_LO;
const nearMouth = (x, y, z) => gauss(x, (y - MOUTH_Y) * 1.4, 0, 0.26) * smooth(0.3, 0.6, z);
/** How much a vertex belongs to the mouth corner on side s (lips by position along them, skin by distance). */
function corner(part, s, x, y, z) {
  if (isLip(part)) return smooth(0.15, 1, s * x / MOUTH_W);
  if (part === SKIN) return gauss(x - s * MOUTH_W, y - MOUTH_Y, 0, 0.11) * smooth(0.3, 0.6, z);
  if (part === MOUTH || part === TEETH) return smooth(0.3, 1, s * x / MOUTH_W) * 0.8;
  return 0;
}
/** The lower jaw: lower lip, tongue, the lower half of the mouth's inside, chin and jaw skin. */
function jaw(part, x, y, z, a, b) {
  switch (part) {
    case LIP_LO: return mouthEnvelope(x);
    case TONGUE: return 0.7;
    case MOUTH: return b < 0 ? -b * mouthEnvelope(x) : 0;
    case SKIN: return smooth(MOUTH_Y - 0.03, MOUTH_Y - 0.13, y) * smooth(-0.25, 0.45, z) * (1 - 0.55 * smooth(0.1, 0.6, Math.abs(x)))
      * (1 - smooth(-0.95, -1.1, y));
    default: return 0;
  }
}
function rotateAbout(c, p, axis, angle) {
  const v = new THREE.Vector3(p[0] - c[0], p[1] - c[1], p[2] - c[2]).applyAxisAngle(axis, angle);
  return [v.x + c[0] - p[0], v.y + c[1] - p[1], v.z + c[2] - p[2]];
}
const X = new THREE.Vector3(1, 0, 0), Y = new THREE.Vector3(0, 1, 0);
const LOOK = 0.38; // radians an eye turns at weight 1

/** The new position of a lid vertex when its edge moves to edgeTheta (the lid's rows keep their spacing). */
function lidTo(part, s, a, phi, p, upperEdge, lowerEdge) {
  const lower = part === LID_LO, edge = lower ? lowerEdge : upperEdge;
  if (edge === null) return null;
  const q = lidPoint(s, lower, a * edge, phi);
  return [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
}

function sided(name) {
  if (name.endsWith("Left")) return [name.slice(0, -4), 1];
  if (name.endsWith("Right")) return [name.slice(0, -5), -1];
  return [name, 0];
}

/** The displacement [dx, dy, dz] of one vertex for one blendshape, or null for none. */
function displace(name, part, side, a, b, x, y, z) {
  const [base, s] = sided(name);
  const p = [x, y, z];
  const mine = s === 0 || side === s || (side === 0 && Math.sign(x) === s);
  switch (base) {
    case "eyeBlink":
      if (side !== s) return null;
      if (part === LID_UP || part === LID_LO) return lidTo(part, s, a, b, p, UPPER_SHUT, part === LID_LO ? LOWER_OPEN + 0.12 : null);
      return null;
    case "eyeSquint":
      if (side === s && (part === LID_UP || part === LID_LO)) return lidTo(part, s, a, b, p, UPPER_OPEN + 0.12, LOWER_SQUINT);
      if (part === SKIN) { const w = gauss(x - s * (EYE_X + 0.04), y - (EYE_Y - 0.17), 0, 0.13) * smooth(0.3, 0.6, z); return [0, 0.03 * w, 0.01 * w]; }
      return null;
    case "eyeWide":
      if (side === s && part === LID_UP) return lidTo(part, s, a, b, p, UPPER_WIDE, null);
      if (side === s && part === LID_LO) return lidTo(part, s, a, b, p, null, LOWER_OPEN - 0.08);
      return null;
    case "eyeLookUp": case "eyeLookDown": case "eyeLookIn": case "eyeLookOut": {
      if (part !== EYE || side !== s) return null;
      const c = eyeCentre(s);
      // up/down turn about x; in (towards the nose) and out about y. The left eye (s = +1) looks in towards -x.
      if (base === "eyeLookUp") return rotateAbout(c, p, X, -LOOK * 0.8);
      if (base === "eyeLookDown") return rotateAbout(c, p, X, LOOK * 0.8);
      return rotateAbout(c, p, Y, (base === "eyeLookIn" ? -1 : 1) * s * LOOK);
    }
    case "jawOpen": {
      const w = jaw(part, x, y, z, a, b);
      return w ? [0, -0.2 * w, -0.045 * w] : null;
    }
    case "jawForward": { const w = jaw(part, x, y, z, a, b); return w ? [0, 0, 0.07 * w] : null; }
    case "jaw": { // jawLeft, jawRight
      const w = jaw(part, x, y, z, a, b);
      return w ? [0.07 * s * w, 0, 0] : null;
    }
    case "mouthClose":
      if (part === LIP_LO) return [0, 0.12 * mouthEnvelope(x), 0.01];
      if (part === MOUTH && b < 0) return [0, 0.12 * -b * mouthEnvelope(x), 0];
      return null;
    case "mouthFunnel": case "mouthPucker": {
      const funnel = base === "mouthFunnel";
      if (isLip(part) || part === MOUTH) {
        const open = funnel ? (part === LIP_UP ? 0.035 : part === LIP_LO ? -0.045 : 0.04 * b) * mouthEnvelope(x) : 0;
        return [-(funnel ? 0.3 : 0.45) * x, open + (funnel ? 0 : 0.35 * (MOUTH_Y - y)), funnel ? 0.05 : 0.075];
      }
      if (part === SKIN) { const w = nearMouth(x, y, z); return [-0.25 * x * w, 0, 0.03 * w]; }
      return null;
    }
    case "mouth": { // mouthLeft, mouthRight
      const w = isLip(part) || part === MOUTH || part === TEETH ? 1 : part === SKIN ? nearMouth(x, y, z) : 0;
      return w ? [0.07 * s * w, 0, 0] : null;
    }
    case "mouthSmile": case "mouthFrown": case "mouthDimple": case "mouthStretch": {
      const w = corner(part, s, x, y, z);
      let d;
      if (base === "mouthSmile") d = [s * 0.035, 0.065, -0.015];
      else if (base === "mouthFrown") d = [s * 0.01, -0.06, 0];
      else if (base === "mouthDimple") d = [s * 0.03, 0.005, -0.035];
      else d = [s * 0.055, -0.03, -0.015];
      let dx = d[0] * w, dy = d[1] * w, dz = d[2] * w;
      if (base === "mouthSmile" && part === SKIN) { // the cheek rises with a smile
        const c = gauss(x - s * 0.34, y - (MOUTH_Y + 0.27), 0, 0.15) * smooth(0.3, 0.6, z);
        dy += 0.035 * c; dz += 0.03 * c;
      }
      return w || dy ? [dx, dy, dz] : null;
    }
    case "mouthRollLower":
      return part === LIP_LO ? [0, 0.02, -0.035 * mouthEnvelope(x)] : null;
    case "mouthRollUpper":
      return part === LIP_UP ? [0, -0.018, -0.032 * mouthEnvelope(x)] : null;
    case "mouthShrugLower":
      if (part === LIP_LO) return [0, 0.035 * mouthEnvelope(x), 0.015];
      if (part === SKIN) { const w = gauss(x, y - (MOUTH_Y - 0.2), 0, 0.14) * smooth(0.3, 0.6, z); return [0, 0.03 * w, 0.015 * w]; }
      return null;
    case "mouthShrugUpper":
      return part === LIP_UP ? [0, 0.025 * mouthEnvelope(x), 0.01] : null;
    case "mouthPress": {
      if (!isLip(part)) return null;
      const w = smooth(-0.3, 0.6, s * x / MOUTH_W);
      return [0, (part === LIP_UP ? -0.012 : 0.014) * w, -0.012 * w];
    }
    case "mouthLowerDown": {
      const w = (part === LIP_LO ? 1 : part === MOUTH && b < 0 ? -b : 0) * smooth(-0.5, 0.4, s * x / MOUTH_W) * mouthEnvelope(x);
      return w ? [0, -0.06 * w, 0.005 * w] : null;
    }
    case "mouthUpperUp": {
      const w = (part === LIP_UP || part === TEETH ? 1 : part === MOUTH && b > 0 ? b : 0) * smooth(-0.5, 0.4, s * x / MOUTH_W) * mouthEnvelope(x);
      return w ? [0, 0.045 * w, 0.005 * w] : null;
    }
    case "browDown": {
      if (part === BROW && side === s) return [-s * 0.02 * (1 - a), -0.055, 0.01];
      if (part === SKIN && mine) { const w = gauss(x - s * 0.25, y - 0.34, 0, 0.14) * smooth(0.3, 0.6, z); return [0, -0.03 * w, 0.005 * w]; }
      return null;
    }
    case "browInnerUp": {
      if (part === BROW) { const w = 1 - smooth(0, 0.85, a); return [0, 0.075 * w, 0]; }
      if (part === SKIN) { const w = gauss(Math.abs(x) - 0.12, y - 0.4, 0, 0.13) * smooth(0.3, 0.6, z); return [0, 0.035 * w, 0]; }
      return null;
    }
    case "browOuterUp": {
      if (part === BROW && side === s) { const w = smooth(0.15, 1, a); return [0, 0.075 * w, 0]; }
      if (part === SKIN && mine) { const w = gauss(x - s * 0.38, y - 0.38, 0, 0.12) * smooth(0.3, 0.6, z); return [0, 0.035 * w, 0]; }
      return null;
    }
    case "cheekPuff": {
      if (part !== SKIN) return null;
      const w = gauss(Math.abs(x) - 0.36, y - (MOUTH_Y + 0.06), 0, 0.17) * smooth(0.0, 0.5, z);
      return [Math.sign(x) * 0.07 * w, 0, 0.045 * w];
    }
    case "cheekSquint": {
      if (part !== SKIN || !mine) return null;
      const w = gauss(x - s * 0.34, y - (EYE_Y - 0.18), 0, 0.13) * smooth(0.3, 0.6, z);
      return [0, 0.04 * w, 0.01 * w];
    }
    case "noseSneer": {
      if (part === SKIN) {
        const w = gauss(x - s * 0.07, y + 0.13, 0, 0.09) * smooth(0.5, 0.8, z);
        return [s * 0.006 * w, 0.035 * w, 0];
      }
      if (part === LIP_UP) return [0, 0.015 * smooth(-0.5, 0.5, s * x / MOUTH_W), 0];
      return null;
    }
    case "tongueOut":
      return part === TONGUE ? [0, -0.03, 0.2] : null;
    default:
      throw new Error("no displacement for blendshape " + name);
  }
}

/**
 * The head: one mesh with 52 relative morph targets named by ARKit. Returns {mesh, names}. Its geometry has about
 * 21,000 vertices; the morph targets carry normals too, so shading follows the face.
 */
export function buildHead() {
  const parts = [skull(), ...lips(), sheet(MOUTH, MOUTH_W * 0.94, MOUTH_Y + 0.024, MOUTH_Y - 0.024, 0.012),
    sheet(TEETH, MOUTH_W * 0.6, MOUTH_Y + 0.022, MOUTH_Y - 0.014, 0.008),
    ellipsoid(TONGUE, 0, [0, MOUTH_Y - 0.045, frontZ(0, MOUTH_Y) - 0.1], [0.095, 0.03, 0.1]),
    eyeball(1), eyeball(-1), lid(1, false), lid(-1, false), lid(1, true), lid(-1, true), brow(1), brow(-1),
    ellipsoid(EAR, 1, [ax(0.02) * 0.97, 0.02, -0.08], [0.05, 0.15, 0.09]),
    ellipsoid(EAR, -1, [-ax(0.02) * 0.97, 0.02, -0.08], [0.05, 0.15, 0.09]), neck()];
  for (const g of parts) g.computeVertexNormals(); // the parts were reshaped after their normals were made
  const geometry = mergeGeometries(parts, false);
  const pos = geometry.attributes.position, tag = geometry.attributes.tag, n = pos.count;
  const scratch = new THREE.BufferGeometry();
  scratch.setIndex(geometry.index);
  // normals as the morphed ones will be computed (same triangles, same method), so that a target's normal delta is
  // exactly zero wherever it moves nothing
  scratch.setAttribute("position", new THREE.BufferAttribute(new Float32Array(pos.array), 3));
  scratch.computeVertexNormals();
  const baseNormals = new Float32Array(scratch.attributes.normal.array);
  geometry.setAttribute("normal", new THREE.BufferAttribute(baseNormals, 3));
  const morphPositions = [], morphNormals = [];
  for (const name of ARKIT) {
    const delta = new Float32Array(3 * n), moved = new Float32Array(pos.array);
    for (let i = 0; i < n; i++) {
      const d = displace(name, tag.getX(i), tag.getY(i), tag.getZ(i), tag.getW(i), pos.getX(i), pos.getY(i), pos.getZ(i));
      if (d) {
        delta.set(d, 3 * i);
        moved[3 * i] += d[0]; moved[3 * i + 1] += d[1]; moved[3 * i + 2] += d[2];
      }
    }
    scratch.setAttribute("position", new THREE.BufferAttribute(moved, 3));
    scratch.deleteAttribute("normal");
    scratch.computeVertexNormals();
    const dn = new Float32Array(3 * n), nn = scratch.attributes.normal.array;
    for (let i = 0; i < 3 * n; i++) dn[i] = nn[i] - baseNormals[i];
    const mp = new THREE.BufferAttribute(delta, 3), mn = new THREE.BufferAttribute(dn, 3);
    mp.name = mn.name = name;
    morphPositions.push(mp);
    morphNormals.push(mn);
  }
  geometry.morphAttributes.position = morphPositions;
  geometry.morphAttributes.normal = morphNormals;
  geometry.morphTargetsRelative = true;
  geometry.deleteAttribute("tag");
  const material = new THREE.MeshStandardMaterial({ vertexColors: true, roughness: 0.62, metalness: 0, side: THREE.DoubleSide });
  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = "evoke-head";
  mesh.updateMorphTargets();
  return { mesh, names: ARKIT };
}

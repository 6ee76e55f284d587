// The flow diagram's drawing helpers: SVG and HTML elements, a pointer band, the parts of a
// step-through line. widget.py puts this file before flow.js in one module.
const NS = "http://www.w3.org/2000/svg";

function make(tag, attrs = {}, parent = null, text = null) {
  const el = tag.startsWith("svg:") ? document.createElementNS(NS, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  if (parent) parent.appendChild(el);
  return el;
}

function rect(parent, [x, y, w, h], cls, rx = 4) {
  return make("svg:rect", { x, y, width: w, height: h, rx, class: cls }, parent);
}

function lines(parent, [x, y, w, h], texts, lineH, cls = "") {
  const top = y + h / 2 - (texts.length - 1) * lineH / 2;
  return texts.map((t, k) => make("svg:text", {
    x: x + w / 2, y: top + k * lineH, class: (k === 0 && texts.length > 1 ? "bw-svg-name " : "") + cls,
  }, parent, t));
}

function band([x1, y1, x2, y2], r) {  // a strip around a line: the edge's area for the pointer
  const len = Math.hypot(x2 - x1, y2 - y1) || 1, dx = -(y2 - y1) / len * r, dy = (x2 - x1) / len * r;
  return `M${x1 + dx},${y1 + dy} L${x2 + dx},${y2 + dy} L${x2 - dx},${y2 - dy} L${x1 - dx},${y1 - dy} Z`;
}

function button(parent, cls, label) {
  return make("button", { type: "button", class: `bw-flow-button ${cls}` }, parent, label);
}

function walkParts(parent, item) {
  const parts = [["bw-walk-name", item.name], ["bw-walk-formula", item.formula],
    ["bw-walk-numbers", item.numbers], ["bw-walk-value", item.value]];
  let last = null;
  for (const [cls, text] of parts) {
    if (!text || text === last) continue;
    if (last !== null) parent.append(" = ");
    make("span", { class: cls }, parent, text);
    last = text;
  }
  if (item.note) make("span", { class: "bw-walk-note" }, parent, ` (${item.note})`);
}

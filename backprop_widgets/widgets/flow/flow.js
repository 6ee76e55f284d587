// The flow diagram: draws the model (backprop_widgets/text/flow_model.py) as SVG and sends
// back the chosen parameter, the view and the step-through's position. No network, no CDN.
const VIEW_NOTE = {
  forward: "Forward pass: each neuron shows net and out, each edge its weight.",
  backward: "Backward pass: each neuron shows dE_total/dout and its delta dE_total/dnet, " +
    "each edge its gradient dE_total/dw; the arrows point back toward the inputs.",
};
const HOW = "Edges: solid = positive, dashed = negative, dotted = zero; the wider, the larger. " +
  "Thick outline: on the chosen parameter's path; double outline: the chosen one; " +
  "glowing outline: where the step-through is. Click an edge, bias tag or neuron " +
  "(or focus it and press Enter) to choose its parameter; hover or focus shows its formulas.";

// make, rect, lines, band, button and walkParts come from svg.js (before this file).

function render({ model, el }) {
  const uid = "bw-flow-" + Math.random().toString(36).slice(2, 9);
  // JupyterLab and Notebook 7 leave the keys pressed in here to the widget (no cell shortcuts)
  const root = make("div", { class: "bw-flow", "data-lm-suppress-shortcuts": "true" }, el);
  const bar = make("div", { class: "bw-flow-bar" }, root);
  const views = make("div", { class: "bw-flow-views", role: "group", "aria-label": "Diagram view" }, bar);
  const viewButtons = {
    forward: button(views, "bw-mode-forward", "Forward pass"),
    backward: button(views, "bw-mode-backward", "Backward pass"),
  };
  const note = make("p", { class: "bw-flow-note", id: `${uid}-note` }, bar);
  const chosenLine = make("p", { class: "bw-flow-chosen", "aria-live": "polite" }, root);
  const figure = make("div", { class: "bw-flow-figure" }, root);
  const svg = make("svg:svg", { role: "group", tabindex: "-1", "aria-describedby": `${uid}-note` }, figure);
  const tip = make("div", { class: "bw-flow-tip", role: "tooltip", id: `${uid}-tip`, hidden: "" }, figure);
  const walkBox = make("div", {
    class: "bw-walk", role: "group", tabindex: "0",
    "aria-label": "Step through one step of backpropagation: left and right arrow keys, Home, End",
  }, root);
  const walkBar = make("div", { class: "bw-walk-bar" }, walkBox);
  const prev = button(walkBar, "bw-walk-prev", "◀ Previous");
  const next = button(walkBar, "bw-walk-next", "Next ▶");
  const position = make("span", { class: "bw-walk-position" }, walkBar);
  const current = make("div", { class: "bw-walk-current", "aria-live": "polite" }, walkBox);
  const details = make("details", { class: "bw-flow-table" }, root);
  make("summary", {}, details, "The diagram as a table (every neuron, edge and bias with its values)");
  const tableBox = make("div", {}, details);

  let data = {}, items = {}, order = [], focused = null, hovered = null, focusAt = 0;

  const view = () => model.get("mode") || "forward";
  const setState = (changes) => {
    for (const [k, v] of Object.entries(changes)) model.set(k, v);
    model.save_changes();
  };
  const choose = (id) => {
    const item = items[id];
    const param = item && (item.kind === "node" ? item.data.bias : item.kind === "loss" ? "" : id);
    if (param) setState({ chosen: param });
  };
  const walkTo = (k) => {
    const walk = data.walk || [];
    if (!walk.length) return;
    const at = Math.max(0, Math.min(walk.length - 1, k));
    setState({ walk: at, mode: walk[at].mode });
  };

  function build() {
    data = model.get("model") || {};
    svg.replaceChildren();
    items = {}; order = [];
    if (!data.nodes) { chosenLine.textContent = "No network to show yet."; return; }
    const lineH = data.line;
    svg.setAttribute("viewBox", `0 0 ${data.width} ${data.height}`);
    svg.setAttribute("aria-label", `Diagram of the ${data.label} network`);
    svg.style.maxWidth = `${data.width}px`;
    svg.style.fontSize = `${data.font}px`;
    const defs = make("svg:defs", {}, svg);
    for (const sign of ["pos", "neg", "zero"]) {
      const m = make("svg:marker", { id: `${uid}-${sign}`, viewBox: "0 0 10 10", refX: 9, refY: 5,
        markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse", class: `bw-arrow bw-${sign}` }, defs);
      make("svg:path", { d: "M0,0 L10,5 L0,10 z" }, m);
    }
    const layer = (cls) => make("svg:g", { class: cls }, svg);
    const [edgeLayer, joinLayer, boxLayer, labelLayer] =
      ["bw-edges", "bw-joins", "bw-boxes", "bw-labels"].map(layer);
    const add = (id, kind, d, g, extra = {}) => {
      items[id] = { id, kind, data: d, g, ...extra };
      g.setAttribute("data-id", id);
      g.setAttribute("tabindex", "-1");
      g.setAttribute("aria-describedby", `${uid}-tip`);
      const choosable = kind === "edge" || kind === "bias" || (kind === "node" && d.bias);
      g.setAttribute("role", choosable ? "button" : "img");
      g.setAttribute("aria-label", d.aria);
    };
    for (const e of data.edges) {
      const g = make("svg:g", { class: `bw-edge ${e.cls}` }, edgeLayer);
      const [x1, y1, x2, y2] = e.line;
      make("svg:line", { x1, y1, x2, y2, class: "bw-halo" }, g);
      const line = make("svg:line", { x1, y1, x2, y2, class: "bw-line" }, g);
      make("svg:path", { d: band(e.line, 7), class: "bw-hit" }, g);
      const label = make("svg:g", { class: "bw-label", "data-id": e.id }, labelLayer);
      rect(label, e.label, "bw-label-box", 3);
      const [text] = lines(label, e.label, [""], lineH);
      add(e.id, "edge", e, g, { line, label, text });
    }
    for (const b of data.biases) {
      for (const [x1, y1, x2, y2] of b.joins) make("svg:line", { x1, y1, x2, y2, class: "bw-join" }, joinLayer);
      const g = make("svg:g", { class: `bw-bias ${b.cls}${b.frozen ? " bw-frozen" : ""}` }, boxLayer);
      rect(g, b.rect, "bw-box", 9);
      const [text] = lines(g, b.rect, [""], lineH);
      add(b.id, "bias", b, g, { text });
    }
    for (const n of data.nodes) {
      const g = make("svg:g", { class: `bw-node ${n.cls} bw-${n.kind}` }, boxLayer);
      rect(g, n.rect, "bw-box", 7);
      add(n.id, "node", n, g, { texts: lines(g, n.rect, n.text.forward.map(() => ""), lineH) });
    }
    for (const v of data.losses) {
      const g = make("svg:g", { class: `bw-loss ${v.cls}` }, boxLayer);
      rect(g, v.rect, "bw-box", 4);
      add(v.id, "loss", v, g, { texts: lines(g, v.rect, v.text.forward, lineH) });
    }
    const layerOf = (it) => it.kind === "loss" ? 1e9 : it.kind === "node" ? it.data.layer
      : it.kind === "bias" ? data.nodes.find((n) => n.id === it.data.neurons[0]).layer - 0.1
      : data.nodes.find((n) => n.id === it.data.target).layer - 0.2;
    order = Object.values(items).sort((a, b) => layerOf(a) - layerOf(b));  // stable: post order
    focusAt = Math.min(focusAt, order.length - 1);
    buildTable();
  }

  function buildTable() {
    const t = make("table", { class: "bw-table bw-flow-rows" });
    make("caption", {}, t, `The ${data.label} network, one row per neuron, weight and bias`);
    const head = make("tr", {}, make("thead", {}, t));
    for (const h of ["name", "what", "forward", "backward", "after the step", "on the path"])
      make("th", { scope: "col" }, head, h);
    const body = make("tbody", {}, t);
    for (const it of order) {
      const d = it.data, row = make("tr", { "data-row": it.id }, body);
      make("th", { scope: "row" }, row, it.id);
      const n = d.numbers || {};
      const what = it.kind === "edge" ? `weight ${d.source} → ${d.target}` : it.kind === "bias"
        ? `bias of ${d.neurons.join(", ")}` : it.kind === "loss" ? "error" : `${d.kind} neuron`;
      const fwd = it.kind === "edge" || it.kind === "bias" ? n.value
        : n.net !== undefined ? `net ${n.net}, out ${n.out}` : d.text.forward.join(" ");
      const bwd = it.kind === "edge" || it.kind === "bias" ? `gradient ${n.gradient}`
        : n.net !== undefined ? `dE_total/dout ${n["dE/dout"]}, dE_total/dnet ${n["dE/dnet"]}` : "";
      for (const cell of [what, fwd, bwd, n.updated || "", ""]) make("td", {}, row, cell);
    }
    tableBox.replaceChildren(t);
  }

  function paint() {
    if (!data.nodes) return;
    const m = view(), chosen = model.get("chosen"), path = (data.paths || {})[chosen] || { edges: [], neurons: [] };
    const walk = data.walk || [], at = model.get("walk"), item = walk[at];
    const here = new Set(item ? item.where : []);
    const onPath = new Set([...path.edges, ...path.neurons]);
    for (const it of Object.values(items)) {
      const g = it.g, d = it.data, cls = d.cls;
      g.classList.toggle("bw-on-path", onPath.has(it.id));
      g.classList.toggle("bw-chosen", it.id === chosen);
      g.classList.toggle("bw-walk-here", here.has(cls));
      g.classList.toggle("bw-focused", it.id === focused);
      g.setAttribute("tabindex", order[focusAt] === it ? "0" : "-1");
      if (g.getAttribute("role") === "button") g.setAttribute("aria-pressed", String(it.id === chosen || (it.kind === "node" && d.bias === chosen)));
      const sign = d.sign ? ["neg", "zero", "pos"][d.sign[m] + 1] : "";
      if (it.kind === "edge" || it.kind === "bias") {
        g.classList.remove("bw-pos", "bw-neg", "bw-zero");
        g.classList.add(`bw-${sign}`);
        it.text.textContent = d.text[m];
      }
      if (it.kind === "edge") {
        const show = d.always || it.id === chosen || it.id === focused || it.id === hovered || here.has(cls);
        it.label.classList.toggle("bw-shown", show);
        it.label.classList.toggle("bw-focused", it.id === focused);
        for (const c of ["bw-pos", "bw-neg", "bw-zero", "bw-on-path", "bw-chosen", "bw-walk-here"])
          it.label.classList.toggle(c, g.classList.contains(c));
        it.line.style.strokeWidth = `${1.2 + 4 * d.strength[m]}px`;
        it.line.setAttribute(m === "forward" ? "marker-end" : "marker-start", `url(#${uid}-${sign})`);
        it.line.removeAttribute(m === "forward" ? "marker-start" : "marker-end");
      }
      if (it.texts) d.text[m].forEach((t, k) => { it.texts[k].textContent = t; });
    }
    for (const [name, b] of Object.entries(viewButtons)) b.setAttribute("aria-pressed", String(name === m));
    note.textContent = `${VIEW_NOTE[m]} ${HOW}`;
    const chosenItem = items[chosen];
    chosenLine.replaceChildren();
    if (chosenItem) {
      make("b", {}, chosenLine, `Chosen: ${chosen}. `);
      walkParts(chosenLine, chosenItem.data.lines.forward.find((l) => l.key.startsWith("gradients:")));
    }
    for (const row of tableBox.querySelectorAll("tr[data-row]")) {
      const id = row.getAttribute("data-row");
      row.lastChild.textContent = id === chosen ? "chosen" : onPath.has(id) ? "yes" : "";
    }
    current.replaceChildren();
    position.textContent = item ? `Step ${at + 1} of ${walk.length}: ${item.heading}` : `${walk.length} steps`;
    if (item) walkParts(current, item);
    else current.textContent = "Press Next (or the right arrow key here) to walk through every value " +
      "of the step in the post's order; the diagram shows where each one lives.";
    showTip();
  }

  function showTip() {
    const it = items[focused] || items[hovered];
    if (!it) { tip.hidden = true; return; }
    tip.replaceChildren();
    make("b", {}, tip, it.data.aria.split(":")[0]);
    for (const l of it.data.lines[view()]) make("div", { class: "bw-tip-line" }, tip, l.text);
    tip.hidden = false;
    const box = figure.getBoundingClientRect();
    const target = (it.kind === "edge" && it.label.classList.contains("bw-shown") ? it.label : it.g).getBoundingClientRect();
    const left = Math.max(0, Math.min(target.left - box.left, box.width - tip.offsetWidth));
    const below = target.bottom - box.top + 6;
    const top = below + tip.offsetHeight > box.height && target.top - box.top > tip.offsetHeight + 6
      ? target.top - box.top - tip.offsetHeight - 6 : below;
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  const idOf = (ev) => ev.target.closest && ev.target.closest("[data-id]")?.getAttribute("data-id");
  svg.addEventListener("click", (ev) => { const id = idOf(ev); if (id) choose(id); });
  svg.addEventListener("pointerover", (ev) => { const id = idOf(ev) || null; if (id !== hovered) { hovered = id; paint(); } });
  svg.addEventListener("pointerleave", () => { hovered = null; paint(); });
  svg.addEventListener("focusin", (ev) => {
    focused = idOf(ev) || null;
    const k = order.findIndex((it) => it.id === focused);
    if (k >= 0) focusAt = k;
    paint();
  });
  svg.addEventListener("focusout", () => { if (!rebuilding) { focused = null; paint(); } });
  const diagramKey = (ev) => {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    let k = null;
    if (ev.key in moves) k = (focusAt + moves[ev.key] + order.length) % order.length;
    else if (ev.key === "Home") k = 0;
    else if (ev.key === "End") k = order.length - 1;
    else if (ev.key === "Enter" || ev.key === " ") { if (focused) choose(focused); }
    else if (ev.key === "Escape") { tip.hidden = true; }
    else return;
    ev.preventDefault(); ev.stopPropagation();
    if (k !== null) { focusAt = k; paint(); order[k].g.focus(); }
  };
  for (const [name, b] of Object.entries(viewButtons)) b.addEventListener("click", () => setState({ mode: name }));
  prev.addEventListener("click", () => walkTo(model.get("walk") - 1));
  next.addEventListener("click", () => walkTo(model.get("walk") + 1));
  const walkKey = (ev) => {
    const walk = data.walk || [], at = model.get("walk");
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: walk.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault(); ev.stopPropagation();
    walkTo(to);
  };
  // Keys are taken on their way down (capture, on window): Notebook 7 takes the arrow keys
  // at the document before they reach a widget. Only keys pressed inside this view count.
  const onKey = (ev) => {
    if (!(ev.target instanceof Node) || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (svg.contains(ev.target)) diagramKey(ev);
    else if (walkBox.contains(ev.target)) walkKey(ev);
  };
  window.addEventListener("keydown", onKey, true);

  let timer = null;
  const resize = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const width = Math.floor(root.getBoundingClientRect().width);
      if (width >= 300 && Math.abs(width - (data.requested || 0)) >= 16 && width !== model.get("width"))
        setState({ width });
    }, 150);
  });
  resize.observe(root);
  let rebuilding = false;
  const redraw = () => {  // a new model (values, or a layout for a new width): focus stays put
    const had = focused && svg.contains(document.activeElement) ? focused : null;
    rebuilding = true;
    build();
    rebuilding = false;
    focused = had && items[had] ? had : null;
    paint();
    if (focused) items[focused].g.focus({ preventScroll: true });
  };
  model.on("change:model", redraw);
  for (const name of ["chosen", "mode", "walk"]) model.on(`change:${name}`, paint);
  redraw();
  return () => { resize.disconnect(); clearTimeout(timer); window.removeEventListener("keydown", onKey, true); };
}

export default { render };

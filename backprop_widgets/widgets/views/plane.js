// A picture of the plane on a <canvas>: a value per grid cell (the kernel sends them as
// float32), coloured from orange (low) through white (the middle) to blue (high); the
// boundary line; the points, positives as circles and negatives as squares, training
// points filled and test points hollow; a ring around the highlighted point. The canvas is
// an image with a text alternative (aria-label) that the kernel writes in words.

const LOW = [230, 159, 0]; // Okabe-Ito orange
const HIGH = [0, 114, 178]; // Okabe-Ito blue
const NAN = [170, 170, 170];
const INK = "#1a1a1a";

function floats(value) {
  if (!value) return new Float32Array(0);
  const view = value instanceof DataView || ArrayBuffer.isView(value) ? value : new DataView(value);
  const copy = view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
  return new Float32Array(copy);
}

function colour(v, scale, strength) {
  if (!Number.isFinite(v)) return NAN;
  const [low, middle, high] = scale;
  const f = v >= middle ? Math.min((v - middle) / (high - middle || 1), 1)
    : Math.min((middle - v) / (middle - low || 1), 1);
  const end = v >= middle ? HIGH : LOW;
  const k = f * strength;
  return end.map((c) => Math.round(255 + (c - 255) * k));
}

function draw(model, canvas) {
  const size = model.get("pixels");
  const margin = model.get("ticks") ? 30 : 0;
  const dpr = window.devicePixelRatio || 1;
  const whole = size + margin;
  canvas.style.width = whole + "px";
  canvas.style.height = whole + "px";
  canvas.width = Math.round(whole * dpr);
  canvas.height = Math.round(whole * dpr);
  canvas.setAttribute("aria-label", model.get("label"));
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, whole, whole);
  const cols = model.get("cols");
  const values = floats(model.get("values"));
  const [low, high] = model.get("extent");
  const px = (x) => margin + ((x - low) / (high - low)) * size;
  const py = (y) => ((high - y) / (high - low)) * size;
  if (cols > 0 && values.length === cols * cols) {
    const cells = new OffscreenCanvas(cols, cols);
    const image = cells.getContext("2d").createImageData(cols, cols);
    const scale = model.get("scale");
    for (let k = 0; k < values.length; k++) {
      const [r, g, b] = colour(values[k], scale, 0.75);
      image.data.set([r, g, b, 255], 4 * k);
    }
    cells.getContext("2d").putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cells, margin, 0, size, size);
  }
  const segments = floats(model.get("segments"));
  for (const [width, style] of [[4, "rgba(255,255,255,0.9)"], [2, INK]]) {
    ctx.beginPath();
    for (let k = 0; k + 3 < segments.length; k += 4) {
      ctx.moveTo(px(segments[k]), py(segments[k + 1]));
      ctx.lineTo(px(segments[k + 2]), py(segments[k + 3]));
    }
    ctx.lineWidth = width;
    ctx.strokeStyle = style;
    ctx.stroke();
  }
  const points = floats(model.get("points"));
  const r = model.get("radius");
  for (let k = 0; k + 3 < points.length; k += 4) {
    const x = px(points[k]), y = py(points[k + 1]);
    const fill = `rgb(${(points[k + 2] > 0 ? HIGH : LOW).join(",")})`;
    const test = points[k + 3] > 0;
    ctx.beginPath();
    if (points[k + 2] > 0) ctx.arc(x, y, r, 0, 2 * Math.PI);
    else ctx.rect(x - r, y - r, 2 * r, 2 * r);
    ctx.fillStyle = test ? "#ffffff" : fill;
    ctx.fill();
    ctx.lineWidth = test ? 2.5 : 1;
    ctx.strokeStyle = test ? fill : INK;
    ctx.stroke();
  }
  const ring = model.get("highlight");
  if (ring.length === 2) {
    ctx.beginPath();
    ctx.arc(px(ring[0]), py(ring[1]), r + 5, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = INK;
    ctx.setLineDash([3, 2]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = "#555";
  ctx.lineWidth = 1;
  ctx.strokeRect(margin + 0.5, 0.5, size - 1, size - 1);
  if (margin) {
    ctx.fillStyle = INK;
    ctx.font = "11px sans-serif";
    const ticks = model.get("tick_values");
    ctx.textAlign = "center";
    for (const t of ticks) ctx.fillText(String(t), px(t), size + 13);
    ctx.textAlign = "right";
    for (const t of ticks) ctx.fillText(String(t), margin - 4, py(t) + 4);
    ctx.textAlign = "center";
    ctx.fillText("x", margin + size / 2, size + 26);
    ctx.fillText("y", 8, size / 2);
  }
}

function render({ model, el }) {
  el.classList.add("bw-plane");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  el.append(canvas);
  let queued = false;
  const redraw = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      draw(model, canvas);
    });
  };
  model.on("change", redraw);
  draw(model, canvas);
  return () => model.off("change", redraw);
}

export default { render };

// A native <input type="range"> with its <label>: a screen reader reads its name and value,
// the keyboard moves it (arrows, Page Up/Down, Home, End). With `play`, a Play/Pause button
// steps the value forward in the browser (the replay), as ipywidgets' Play does.

const MOVES = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown",
  "Home", "End"]);

function render({ model, el }) {
  const id = "bw-range-" + Math.random().toString(36).slice(2, 10);
  el.classList.add("bw-range");
  const label = document.createElement("label");
  label.className = "bw-range-label";
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = "bw-range-input";
  let button = null;
  if (model.get("play")) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "bw-range-play jupyter-button";
    el.append(button);
  }
  el.append(label, input);

  let timer = null;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const send = (value) => {
    model.set("value", value);
    model.save_changes();
  };
  const tick = () => {
    const high = model.get("max");
    const next = Math.min(model.get("value") + model.get("play_step"), high);
    send(next);
    if (next >= high) {
      stop();
      model.set("playing", false);
      model.save_changes();
    }
  };

  const show = () => {
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    input.title = model.get("tooltip");
    input.setAttribute("aria-valuetext", model.get("value_text") || String(model.get("value")));
    label.textContent = model.get("description");
    if (button) {
      const playing = model.get("playing");
      button.textContent = playing ? "Pause" : "Play";
      button.setAttribute("aria-pressed", playing ? "true" : "false");
      button.disabled = model.get("disabled");
      button.title = playing ? "pause the replay" : "replay the run, step by step";
      if (!playing || model.get("disabled")) stop();
    }
  };

  // JupyterLab and Notebook 7 bind the arrow keys to moving between cells: keys that move
  // the slider stay with the slider (its default action still runs).
  input.addEventListener("keydown", (event) => {
    if (MOVES.has(event.key)) event.stopPropagation();
  });
  input.addEventListener("input", () => {
    input.setAttribute("aria-valuetext", input.value);
    send(Number(input.value));
  });
  if (button) {
    button.addEventListener("click", () => {
      if (model.get("playing")) {
        model.set("playing", false);
      } else {
        if (model.get("value") >= model.get("max")) send(model.get("min"));
        model.set("playing", true);
        stop();
        timer = setInterval(tick, model.get("interval"));
      }
      model.save_changes();
    });
  }
  model.on("change", show);
  show();
  return () => {
    stop();
    model.off("change", show);
  };
}

export default { render };

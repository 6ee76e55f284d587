// Play and Pause. While playing, the browser asks the kernel for one frame of training at a
// time (it raises `tick`), one every `interval` ms, with at most AHEAD frames asked for and
// not yet done (the kernel sets `done` to the last tick it finished): the kernel is never
// flooded and stays free for other messages between frames, the time a frame's messages
// take to travel is hidden, and Pause stops at once (only frames already asked for, at most
// AHEAD, are still made).

const AHEAD = 2;

function initialize({ model }) {
  let timer = null;
  let since = -Infinity;
  let asked = model.get("done");
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const ask = () => {
    timer = null;
    if (!model.get("playing") || model.get("disabled")) return;
    if (asked - model.get("done") >= AHEAD) return; // the next done asks again
    asked += 1;
    since = performance.now();
    model.set("tick", asked);
    model.save_changes();
    next();
  };
  const next = () => {
    cancel();
    if (!model.get("playing")) return;
    const wait = Math.max(0, model.get("interval") - (performance.now() - since));
    timer = setTimeout(ask, wait);
  };
  model.on("change:done", next);
  model.on("change:playing", () => {
    asked = Math.max(asked, model.get("done"));
    model.get("playing") ? next() : cancel();
  });
  if (model.get("playing")) next();
}

function render({ model, el }) {
  el.classList.add("bw-ticker");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "bw-play-button jupyter-button mod-primary";
  el.append(button);
  const show = () => {
    const playing = model.get("playing");
    button.textContent = playing ? "Pause" : "Play";
    button.title = playing ? "stop training here" : "train frame after frame until Pause";
    button.disabled = model.get("disabled");
    button.classList.toggle("bw-playing", playing);
  };
  button.addEventListener("click", () => {
    model.set("playing", !model.get("playing"));
    model.save_changes();
  });
  model.on("change:playing change:disabled", show);
  show();
  return () => model.off("change:playing change:disabled", show);
}

export default { initialize, render };

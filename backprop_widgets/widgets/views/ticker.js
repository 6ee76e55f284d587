// Play and Pause. While playing, the browser asks the kernel for one frame of training at a
// time (it raises `tick`) and asks for the next only once the kernel says it has drawn the
// last (it sets `done` to that tick), at most one every `interval` ms: the kernel is never
// flooded and stays free for other messages between frames, and Pause stops at once (only
// a frame already asked for is still made).

function initialize({ model }) {
  let timer = null;
  let since = 0;
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const ask = () => {
    timer = null;
    if (!model.get("playing") || model.get("disabled")) return;
    since = performance.now();
    model.set("tick", model.get("done") + 1);
    model.save_changes();
  };
  const next = () => {
    cancel();
    if (!model.get("playing")) return;
    const wait = Math.max(0, model.get("interval") - (performance.now() - since));
    timer = setTimeout(ask, wait);
  };
  model.on("change:done", next);
  model.on("change:playing", () => (model.get("playing") ? next() : cancel()));
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

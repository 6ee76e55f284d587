// Keys that move a control (arrows, Page Up/Down, Home, End; letters in a drop-down) reach
// the control when it is inside `scope`, instead of the notebook's command-mode shortcuts
// (Notebook 7 reads keys before any control does and moves between cells with them).
// Lumino, which runs those shortcuts, skips an event whose target carries
// data-lm-suppress-shortcuts: the target carries it for that one key press.

const MOVES = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown",
  "Home", "End"]);
const FLAG = "data-lm-suppress-shortcuts";

function moves(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  const typed = event.key.length === 1 && event.target.tagName === "SELECT";
  return MOVES.has(event.key) || typed;
}

function install(scope) {
  const scopes = (window.__bwKeyScopes = window.__bwKeyScopes || new Set());
  if (scopes.has(scope)) return;
  scopes.add(scope);
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!(target instanceof Element) || !target.closest(scope) || !moves(event)) return;
    if (target.hasAttribute(FLAG)) return;
    target.setAttribute(FLAG, "true");
    setTimeout(() => target.removeAttribute(FLAG), 0);
  }, true);
}

function render({ model, el }) {
  el.classList.add("bw-key-scope");
  install(model.get("scope"));
}

export default { render };

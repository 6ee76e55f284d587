// Text to copy: a labelled read-only text box (select it, or Tab to it and press Ctrl+A) and
// a Copy button that puts the text on the clipboard.

function render({ model, el }) {
  const id = "bw-copy-" + Math.random().toString(36).slice(2, 10);
  el.classList.add("bw-copy");
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "bw-copy-label";
  const box = document.createElement("textarea");
  box.id = id;
  box.readOnly = true;
  box.spellcheck = false;
  box.className = "bw-copy-text";
  const bar = document.createElement("div");
  bar.className = "bw-copy-bar";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "bw-copy-button jupyter-button";
  button.textContent = "Copy";
  const status = document.createElement("span");
  status.className = "bw-copy-status";
  status.setAttribute("role", "status");
  bar.append(button, status);
  el.append(label, box, bar);

  const show = () => {
    label.textContent = model.get("description");
    box.value = model.get("value");
    // one row per line, and more for lines the box wraps (about 100 characters a row)
    const rows = model.get("value").split("\n").map((line) => Math.ceil((line.length + 1) / 100));
    box.rows = Math.max(2, rows.reduce((a, b) => a + b, 0));
    status.textContent = "";
  };
  button.addEventListener("click", async () => {
    box.focus();
    box.select();
    try {
      await navigator.clipboard.writeText(box.value);
      status.textContent = "Copied.";
    } catch (error) {
      const copied = document.execCommand && document.execCommand("copy");
      status.textContent = copied ? "Copied." : "Selected: press Ctrl+C (Cmd+C) to copy.";
    }
  });
  model.on("change:value change:description", show);
  show();
  return () => model.off("change:value change:description", show);
}

export default { render };

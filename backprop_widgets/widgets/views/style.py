"""The CSS of the explorer and the lessons: JupyterLab's theme, light fallbacks elsewhere."""

__all__ = ["STYLE"]

STYLE = """<style>
.bw-explorer { max-width: 100%; }
.bw-explorer h3 { margin: 0.2em 0 0.3em; font-size: 1.05em; }
.bw-explorer h4 { margin: 0.4em 0 0.2em; font-size: 0.95em; }
.bw-section { border: 1px solid var(--jp-border-color2, #ddd); border-radius: 6px;
  padding: 6px 8px; margin: 4px; box-sizing: border-box; min-width: 0; }
.bw-num { font-family: var(--jp-code-font-family, monospace); }
.bw-alert, .bw-error-box { color: var(--jp-error-color1, #b00020); }
.bw-error-box { border: 1px solid; border-radius: 4px; padding: 4px 8px; }
.bw-error-box pre { white-space: pre-wrap; font-size: 11px; }
.bw-table-box, .bw-diagram-box { overflow-x: auto; }
.bw-table { border-collapse: collapse; font-size: 12px; }
.bw-table th, .bw-table td { padding: 2px 6px; text-align: right;
  border-bottom: 1px solid var(--jp-border-color2, #eee); white-space: nowrap; }
.bw-table th:first-child, .bw-table td:first-child { text-align: left; }
.bw-table-box p, .bw-legend { font-size: 11.5px; margin: 0.3em 0; line-height: 1.4; }
.bw-values { display: flex; flex-wrap: wrap; gap: 0 24px; font-size: 12px; }
.bw-values section { flex: 1 1 230px; }
.bw-name { font-family: var(--jp-code-font-family, monospace); }
.bw-math-line { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
:is(.bw-explorer, .bw-lesson) :is(.widget-htmlmath-content, .widget-html-content) {
  min-width: 0; flex: 1 1 auto; }
.bw-derivation .widget-htmlmath-content { overflow-x: auto; }
:is(.bw-explorer, .bw-lesson) svg text { font-family: var(--jp-code-font-family, monospace);
  font-size: 11px; fill: var(--jp-ui-font-color1, #111); }
:is(.bw-explorer, .bw-lesson) svg .bw-svg-center { text-anchor: middle; }
:is(.bw-explorer, .bw-lesson) svg .bw-svg-name { font-weight: bold; }
:is(.bw-explorer, .bw-lesson) svg .bw-svg-small { font-size: 10.5px; }
.bw-svg-node { fill: var(--jp-layout-color1, #fff); stroke: var(--jp-ui-font-color2, #555);
  stroke-width: 1.2; }
.bw-svg-label { fill: var(--jp-layout-color1, #fff); fill-opacity: 0.93; stroke-width: 1.3; }
.bw-svg-bias { fill: var(--jp-layout-color2, #f2f2f2); stroke: var(--jp-ui-font-color2, #555); }
.bw-svg-bias-line { stroke: var(--jp-ui-font-color2, #555); }
:is(.bw-explorer, .bw-lesson) svg .bw-svg-end { text-anchor: end; }
.bw-plot .bw-plot-frame { fill: none; stroke: var(--jp-ui-font-color2, #555); }
.bw-plot .bw-plot-tick { stroke: var(--jp-ui-font-color2, #555); }
.bw-plot .bw-plot-tangent, .bw-plot .bw-plot-here { stroke: var(--jp-ui-font-color1, #000); }
.bw-plot .bw-plot-here { fill: var(--jp-ui-font-color1, #000); }
.bw-range { display: flex; align-items: center; gap: 8px; min-width: 0; }
.bw-range-label { flex: 0 0 8.5em; text-align: right; font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, #333); overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.bw-range-input { flex: 1 1 auto; min-width: 6em; accent-color: #0072B2; }
.bw-range-input:focus-visible, .bw-copy :focus-visible { outline: 2px solid #0072B2;
  outline-offset: 2px; }
.bw-range-play { flex: 0 0 auto; min-width: 5em; }
.bw-focus-line { margin: 0.3em 0; font-size: 13px; }
.bw-focus .widget-dropdown { margin-bottom: 4px; }
.bw-copy { display: flex; flex-direction: column; gap: 4px; width: 100%; }
.bw-copy-label { font-weight: bold; font-size: 12px; }
.bw-copy-text { font-family: var(--jp-code-font-family, monospace); font-size: 12px;
  width: 100%; box-sizing: border-box; resize: vertical; white-space: pre-wrap;
  field-sizing: content; max-height: 24em;
  background: var(--jp-layout-color1, #fff); color: var(--jp-ui-font-color1, #111);
  border: 1px solid var(--jp-border-color1, #bbb); padding: 4px; }
.bw-copy-bar { display: flex; gap: 8px; align-items: center; }
.bw-note { font-size: 12px; margin: 0.3em 0; }
.bw-tabs { margin: 4px; }
.bw-tabs .lm-TabBar-tab { color: var(--jp-ui-font-color1, rgba(0, 0, 0, 0.87)) !important;
  flex: 0 0 auto !important; max-width: none !important; padding: 0 12px; }
:is(.bw-explorer, .bw-lesson) .widget-html-content { line-height: 1.4; }
.bw-math { max-height: max(14em, calc(100vh - 360px)); overflow: auto; }
.bw-math mjx-container { font-size: 94% !important; }
.bw-math p { margin: 0.2em 0 0.3em; font-size: 12.5px; line-height: 1.35; }
.bw-math mjx-container[display="true"] { margin: 0.25em 0 !important; text-align: left !important; }
.bw-math:focus-visible { outline: 2px solid #0072B2; }
.bw-tabs .bw-params-panel, .bw-tabs .bw-step-panel { overflow-x: auto; }
</style>"""

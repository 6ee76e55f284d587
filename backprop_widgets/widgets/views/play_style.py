"""The playground's CSS, beside the explorer's (views/style.py), which it also uses."""

__all__ = ["PLAY_STYLE"]

PLAY_STYLE = """<style>
.bw-playground { max-width: 100%; }
.bw-playground h3 { margin: 0.2em 0 0.3em; font-size: 1.05em; }
.bw-playground h4 { margin: 0.3em 0 0.1em; font-size: 0.92em; }
.bw-playground .widget-html-content { line-height: 1.4; }
.bw-playground :is(.widget-htmlmath-content, .widget-html-content) { min-width: 0;
  flex: 1 1 auto; }
.bw-playground svg text { font-family: var(--jp-code-font-family, monospace); font-size: 11px;
  fill: var(--jp-ui-font-color1, #111); }
.bw-playground svg .bw-svg-center { text-anchor: middle; }
.bw-playground svg .bw-svg-end { text-anchor: end; }
.bw-play-bar { align-items: center; gap: 6px; flex-wrap: wrap; }
.bw-play-status { font-size: 13px; }
.bw-play-button { min-width: 6em; font-weight: bold; }
.bw-play-button:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.bw-play-legend { font-size: 11.5px; line-height: 1.45; max-width: 310px; }
.bw-play-legend svg { vertical-align: -2px; }
.bw-play-neurons .widget-box { gap: 2px; }
.bw-play-neuron-caption { font-size: 11px; text-align: center; line-height: 1.25; }
.bw-plane canvas { display: block; }
/* boxes that never scroll (a scrolling box would need a keyboard stop of its own) */
:is(.bw-play-curves-panel, .bw-play-output-panel, .bw-play-neurons) .widget-box {
  overflow: visible; }
.bw-play-chain .bw-math { max-height: 30em; overflow: auto; }
.bw-play-chain .bw-math-line { overflow: visible; }  /* the focusable .bw-math scrolls */
.bw-playground .bw-note { font-size: 12px; margin: 0.3em 0; }
</style>"""

"""Where everything of the diagram sits for a panel of a given width.

Neuron boxes stand in columns, one per layer; every edge's label sits on its edge where it
covers no box and no other label (tried at many places along the edge, nearest the
preferred one first). Where a layer's labels cannot all be kept apart at this width, that
layer's labels are shown on hover and focus only, placed so that the labels of edges
leaving one neuron (a path) or entering one (a net input) still never cover each other.

Sizes are CSS pixels of monospace text of FONT px, so a diagram laid out for its panel is
drawn 1:1 and its text keeps its size at every shape; a panel narrower than the least
width the diagram needs gets that width, and the browser scales it down.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from ..core.naming import Layout

__all__ = ["CHAR", "FONT", "LINE", "Rect", "Sizes", "geometry"]

FONT = 11  # px, the diagram's text
CHAR = 6.75  # px, one monospace character at FONT (0.6 em, and a little room)
LINE = 14  # px, one line of text
PAD = 7  # px inside a box, each side
MARGIN = 8  # px around the drawing
GAP_MIN, GAP_MAX = 90, 420  # px between two columns of boxes
ROW_GAP = 26  # px between two boxes of a column
LABEL_H = LINE + 4  # an edge label or a bias tag: one line
NOTE_GAP = 12  # px between an output box and its error note
PLACEMENTS = 640  # labels tried per layer at most, in all tries together
FRACTIONS = tuple(k / 50 for k in range(6, 45))  # where along an edge a label may sit


@dataclass(frozen=True)
class Rect:
    """A box: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Rect, pad: float = 2.0) -> bool:
        """True when the two boxes come closer than pad."""
        return not (
            self.x + self.w + pad <= other.x
            or other.x + other.w + pad <= self.x
            or self.y + self.h + pad <= other.y
            or other.y + other.h + pad <= self.y
        )

    def inside(self, width: float, height: float) -> bool:
        """True when the box lies within the drawing."""
        return (
            self.x >= 0 and self.y >= 0 and self.x + self.w <= width and self.y + self.h <= height
        )

    def as_json(self) -> list[float]:
        return [round(self.x, 1), round(self.y, 1), round(self.w, 1), round(self.h, 1)]


@dataclass(frozen=True)
class Sizes:
    """How long the texts are, in characters (the widest of the forward and backward view)."""

    box: int  # the widest line of a neuron box
    box_lines: int  # lines in a neuron box
    labels: tuple[tuple[str, int], ...]  # (weight, characters of its label)
    tags: tuple[tuple[str, int], ...]  # (bias, characters of its tag)
    note: int  # the widest line of an error note (E_o1, E_total)


def _text_width(chars: int) -> float:
    return chars * CHAR + 2 * PAD


def _columns(layout: Layout, box_w: float, note_w: float, width: int, shares) -> tuple:
    """The left edge of every column and the drawing's width: the gaps share the room left
    in proportion to shares, each between GAP_MIN and GAP_MAX."""
    n = len(layout.layers)
    fixed = 2 * MARGIN + n * box_w + NOTE_GAP + note_w
    free = max(width - fixed, 0.0)
    gaps = [min(max(free * share / sum(shares), GAP_MIN), GAP_MAX) for share in shares]
    excess, spare = sum(gaps) - free, sum(g - GAP_MIN for g in gaps)
    if excess > 0 and spare > 0:  # a gap raised to GAP_MIN takes its room from the others
        gaps = [g - (g - GAP_MIN) * min(excess / spare, 1.0) for g in gaps]
    used = fixed + sum(gaps)
    total = max(used, float(width))
    left = MARGIN + (total - used) / 2  # centred when the gaps reached GAP_MAX
    xs = []
    for k in range(n):
        xs.append(left)
        left += box_w + (gaps[k] if k < len(gaps) else 0)
    return xs, total


@cache
def geometry(layout: Layout, sizes: Sizes, width: int) -> dict:
    """Every box, line, label and tag of the diagram for a panel width (cached).

    The gaps between columns first share the width by the number of edges they hold;
    where some layers' labels still cannot be kept apart, those layers give most of
    their room to the others, and that is kept if more layers then show every label."""
    pairs = zip(layout.layers, layout.layers[1:], strict=False)
    shares = [len(before) * len(layer) for before, layer in pairs]
    found = _laid(layout, sizes, width, tuple(shares))
    dense = _dense(layout, found)
    if dense and len(dense) < len(shares):
        shares = [share / 4 if k + 1 in dense else share for k, share in enumerate(shares)]
        other = _laid(layout, sizes, width, tuple(shares))
        found = other if len(_dense(layout, other)) < len(dense) else found
    return found


def _dense(layout: Layout, found: dict) -> set[int]:
    """The layers whose edge labels show on hover and focus only."""
    return {
        layout.layer_of[w.target] for w in layout.weights if not found["edges"][w.name]["always"]
    }


def _laid(layout: Layout, sizes: Sizes, width: int, shares: tuple) -> dict:
    box_w, note_w = _text_width(sizes.box), _text_width(sizes.note)
    box_h = sizes.box_lines * LINE + 10
    tag_room = LABEL_H + 6
    row = box_h + ROW_GAP + (tag_room if layout.bias_mode != "shared" else 0)
    tallest = max(layout.sizes)
    top = MARGIN + tag_room + 4
    xs, total_w = _columns(layout, box_w, note_w, width, shares)
    nodes = {}
    for k, neurons in enumerate(layout.layers):
        offset = top + (tallest - len(neurons)) * row / 2
        for j, n in enumerate(neurons):
            nodes[n] = Rect(xs[k], offset + j * row, box_w, box_h)
    losses = _losses(layout, nodes, note_w)
    height = max(r.y + r.h for r in (*nodes.values(), *losses.values())) + MARGIN
    biases = _biases(layout, nodes, dict(sizes.tags))
    fixed = [*nodes.values(), *losses.values(), *(t for t, _ in biases.values())]
    edges = _edges(layout, nodes, dict(sizes.labels), fixed, total_w, height)
    return {
        "width": round(total_w),
        "height": round(height),
        "nodes": nodes,
        "losses": losses,
        "biases": biases,
        "edges": edges,
    }


def _losses(layout: Layout, nodes: dict[str, Rect], note_w: float) -> dict[str, Rect]:
    """Each output's error note to its right; E_total below the last one."""
    found = {}
    note_h = 2 * LINE + 8
    for o in layout.outputs:
        box = nodes[o]
        found[f"E_{o}"] = Rect(
            box.x + box.w + NOTE_GAP, box.y + (box.h - note_h) / 2, note_w, note_h
        )
    last = found[f"E_{layout.outputs[-1]}"]
    found["E_total"] = Rect(last.x, last.y + last.h + 14, note_w, note_h)
    return found


def _biases(layout: Layout, nodes: dict[str, Rect], chars: dict[str, int]) -> dict:
    """Each bias tag above its neurons, with the dotted line that joins it to them."""
    found = {}
    for bias in layout.biases:
        boxes = [nodes[n] for n in bias.neurons]
        first = boxes[0]
        w = _text_width(chars[bias.name]) - 2 * PAD + 12
        cx = first.x + first.w / 2
        tag = Rect(cx - w / 2, first.y - LABEL_H - 8, w, LABEL_H)
        ends = [tag.y + tag.h] + [y for b in boxes for y in (b.y, b.y + b.h)]
        joins = [[cx, ends[k], cx, ends[k + 1]] for k in range(0, len(ends) - 1, 2)]
        found[bias.name] = (tag, [[round(v, 1) for v in seg] for seg in joins])
    return found


def _anchor(nodes: dict[str, Rect], source: str, target: str) -> tuple[float, ...]:
    """The edge's line: from the right side of the source box to the left of the target."""
    s, t = nodes[source], nodes[target]
    return (s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2)


def _label_at(line: tuple[float, ...], f: float, w: float) -> Rect:
    x1, y1, x2, y2 = line
    return Rect(x1 + f * (x2 - x1) - w / 2, y1 + f * (y2 - y1) - LABEL_H / 2, w, LABEL_H)


def _place(line, w, f0, blocked, width, height) -> Rect | None:
    """The label nearest f0 along the line that covers none of blocked, or None."""
    for f in sorted(FRACTIONS, key=lambda f: (abs(f - f0), f)):
        rect = _label_at(line, f, w)
        if rect.inside(width, height) and not any(rect.overlaps(b) for b in blocked):
            return rect
    return None


def _near(line, w: float, boxes: list[Rect]) -> list[Rect]:
    """The boxes a label on this line could touch (the others need no checking)."""
    x1, y1, x2, y2 = line
    reach = Rect(
        min(x1, x2) - w, min(y1, y2) - LABEL_H, abs(x2 - x1) + 2 * w, abs(y2 - y1) + 2 * LABEL_H
    )
    return [b for b in boxes if reach.overlaps(b)]


def _edges(layout, nodes, chars, fixed, width, height) -> dict:
    """Each edge's line and label, and whether its label is always shown."""
    found = {}
    for k, layer in enumerate(layout.layers[1:], start=1):
        weights = [w for t in layer for w in layout.weights_into(t)]
        lines = {w.name: _anchor(nodes, w.source, w.target) for w in weights}
        sizes = {w.name: chars[w.name] * CHAR + 8 for w in weights}
        prefer = {w.name: _preferred(layer.index(w.target), len(layer)) for w in weights}
        fixed_near = {w.name: _near(lines[w.name], sizes[w.name], fixed) for w in weights}
        labels = _apart(weights, lines, sizes, prefer, fixed_near, width, height, random.Random(k))
        always = labels is not None
        if labels is None:  # too many: hover only, but a neuron's fan in or out stays apart
            labels = _fans_apart(weights, lines, sizes, fixed_near, width, height)
        for w in weights:
            found[w.name] = {"line": lines[w.name], "label": labels[w.name], "always": always}
    return found


def _fans_apart(weights, lines, sizes, fixed, width, height) -> dict[str, Rect]:
    """Labels shown on hover only: all at one fraction of their edges, nearest the middle,
    where the labels of edges leaving one neuron (a path) or entering one (a net input)
    cover neither each other nor a box; at the middle itself when none does."""

    def fans(labels: dict) -> bool:
        return all(
            not labels[a.name].overlaps(labels[b.name])
            for a, b in combinations(weights, 2)
            if a.source == b.source or a.target == b.target
        )

    for f in sorted(FRACTIONS, key=lambda f: (abs(f - 0.5), f)):
        labels = {w.name: _label_at(lines[w.name], f, sizes[w.name]) for w in weights}
        clear = all(
            r.inside(width, height) and not any(r.overlaps(b) for b in fixed[name])
            for name, r in labels.items()
        )
        if clear and fans(labels):
            return labels
    return {w.name: _label_at(lines[w.name], 0.5, sizes[w.name]) for w in weights}


def _preferred(k: int, n: int) -> float:
    """Where the label of an edge into the k-th of n neurons would best sit."""
    return min(max((k + 1) / (n + 1), 0.2), 0.8)


def _apart(weights, lines, sizes, prefer, fixed, width, height, rng) -> dict | None:
    """Labels for every edge of a layer that cover no box and no other label, or None.

    First in the post's order at the preferred places; then in shuffled orders from
    shuffled preferred places (seeded: the same layout every time), a bounded number of
    tries."""
    for trial in range(max(2, PLACEMENTS // len(weights))):
        order = weights if trial == 0 else rng.sample(weights, len(weights))
        labels: dict[str, Rect] = {}
        for w in order:
            f0 = prefer[w.name] if trial == 0 else rng.uniform(0.2, 0.8)
            blocked = fixed[w.name] + _near(lines[w.name], sizes[w.name], list(labels.values()))
            rect = _place(lines[w.name], sizes[w.name], f0, blocked, width, height)
            if rect is None:
                break
            labels[w.name] = rect
        else:
            return labels
    return None

"""What the pages draw, computed in Python so templates only place escaped text: the article
text cut into highlighted segments, and the exchange graph laid out as boxes and arrows."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

# which mark shows on top where a cue or a source lies inside another statement's content
ROLE_ORDER = ("cue", "source", "content")


@dataclass
class Segment:
    text: str
    marks: list[tuple[str, str]] = field(default_factory=list)  # (statement uid, role)

    @property
    def roles(self) -> list[str]:
        return sorted({r for _, r in self.marks}, key=ROLE_ORDER.index)

    @property
    def primary(self) -> str | None:
        """The statement a click on this segment opens: the one whose cue or source it is,
        else the innermost content."""
        if not self.marks:
            return None
        return sorted(self.marks, key=lambda m: ROLE_ORDER.index(m[1]))[0][0]

    @property
    def statements(self) -> list[str]:
        return sorted({u for u, _ in self.marks})


def segments(text: str, statements: list[dict]) -> list[Segment]:
    """``text`` cut at every span edge of the statements' content, cue and source, each piece
    with the (statement, role) marks covering it. Spans outside the text are ignored."""
    n = len(text)
    spans: list[tuple[int, int, str, str]] = []
    for st in statements:
        uid = st.get("uid") or st["id"]
        for role in ROLE_ORDER:
            ev = st.get(role)
            if not ev:
                continue
            for a, b in ev.get("spans") or []:
                a, b = max(0, int(a)), min(n, int(b))
                if a < b:
                    spans.append((a, b, uid, role))
    cuts = sorted({0, n, *(s[0] for s in spans), *(s[1] for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        marks = [(u, r) for s0, s1, u, r in spans if s0 <= a and b <= s1]
        # innermost content first: a shorter content span is the more specific statement
        marks.sort(key=lambda m: (ROLE_ORDER.index(m[1]),
                                  min((s1 - s0) for s0, s1, u, r in spans
                                      if u == m[0] and r == m[1] and s0 <= a and b <= s1)))
        out.append(Segment(text[a:b], marks))
    return out


# -- the exchange graph ------------------------------------------------------------------------
BOX_W, BOX_H = 300, 92
COL_GAP, ROW_GAP, MARGIN = 120, 22, 16
WRAP_CHARS, TEXT_LINES = 42, 3
STANCE_COLOURS = {"against": "#c0392b", "favor": "#2e7d32", "neutral": "#7f8c8d", None: "#555"}


def _lines(s: str) -> list[str]:
    lines = textwrap.wrap(" ".join((s or "").split()), WRAP_CHARS) or [""]
    if len(lines) > TEXT_LINES:
        lines = lines[:TEXT_LINES]
        lines[-1] = lines[-1][:WRAP_CHARS - 1].rstrip() + "…"
    return lines


def layout_exchange(nodes: list[dict], edges: list[dict]) -> dict:
    """Boxes in columns by reply depth (a statement one column right of what it answers),
    arrows from each reply to its target, coloured by stance."""
    ids = [n["id"] for n in nodes]
    index = {u: i for i, u in enumerate(ids)}
    target = {e["source"]: e["target"] for e in edges if e["source"] in index and e["target"] in index}
    depth: dict[str, int] = {}

    def d(u: str, seen: frozenset = frozenset()) -> int:
        if u in depth:
            return depth[u]
        t = target.get(u)
        v = 0 if t is None or t in seen else d(t, seen | {u}) + 1
        depth[u] = v
        return v

    for u in ids:
        d(u)
    columns: dict[int, list[str]] = {}
    for u in ids:
        columns.setdefault(depth[u], []).append(u)
    row: dict[str, int] = {}
    pos: dict[str, tuple[int, int]] = {}
    for col in sorted(columns):
        members = columns[col]
        if col > 0:  # replies next to what they answer
            members.sort(key=lambda u: (row.get(target.get(u, ""), 0), index[u]))
        for r, u in enumerate(members):
            row[u] = r
            pos[u] = (MARGIN + col * (BOX_W + COL_GAP), MARGIN + r * (BOX_H + ROW_GAP))
    boxes = []
    for n in nodes:
        x, y = pos[n["id"]]
        meta = " · ".join(x for x in (n.get("said_on") or n.get("published") or "",
                                      (n.get("venue_type") or "").replace("_", " ")) if x)
        boxes.append({"node": n, "x": x, "y": y, "w": BOX_W, "h": BOX_H,
                      "title": n.get("speaker") or "(unknown speaker)", "meta": meta,
                      "lines": _lines(n.get("reading") or "")})
    arrows = []
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (sx, sy), (tx, ty) = pos[e["source"]], pos[e["target"]]
        x1, y1 = sx, sy + BOX_H / 2          # the reply's left edge
        x2, y2 = tx + BOX_W, ty + BOX_H / 2  # the target's right edge
        if sx <= tx:  # same column (a cycle, or a reply placed left): go round the right
            x1, x2 = sx + BOX_W, tx + BOX_W
            mx = max(x1, x2) + COL_GAP / 2
            path = f"M{x1},{y1} C{mx},{y1} {mx},{y2} {x2 + 6},{y2}"
        else:
            mx = (x1 + x2) / 2
            path = f"M{x1},{y1} C{mx},{y1} {mx},{y2} {x2 + 6},{y2}"
        stance = e.get("stance")
        arrows.append({"edge": e, "path": path, "stance": stance or "unknown",
                       "colour": STANCE_COLOURS.get(stance, STANCE_COLOURS[None]),
                       # the label beside the reply it belongs to, where arrows do not crowd
                       "label_x": x1 - 6 if sx > tx else x1 + 6, "label_y": y1 - 6,
                       "label_anchor": "end" if sx > tx else "start"})
    width = max([b["x"] + BOX_W for b in boxes] + [0]) + MARGIN + COL_GAP / 2
    height = max([b["y"] + BOX_H for b in boxes] + [0]) + MARGIN
    return {"boxes": boxes, "arrows": arrows, "width": int(width), "height": int(height)}

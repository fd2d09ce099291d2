"""Characters that are not chubby upright animals: crab, giraffe, bee, butterfly, caterpillar, snail, ant,
whale, fish, snowman, star and cloud — each with the same friendly face as everyone else.

Each function draws on a Figure (units: feet at 0, about 100 tall, mirrored by facing)
and sets ``fig.hand`` to where a held thing should go.
"""
from __future__ import annotations

import math

from .pen import darken, lighten

INK = (52, 40, 52)


def draw_special(fig, species: str) -> None:
    """Draw one of the special body types; clothes the drawing leaves out go on its torso afterwards."""
    fig.torso = TORSO[species]
    DRAWERS[species](fig)


# where each body's clothes go: (dx, cy, rx, ry) in figure units (a cloud's raincoat covers its lower puffs;
# a whale's and a fish's sit high, above the water they swim in)
TORSO = {"crab": (0, 18, 24, 11), "giraffe": (0, 34, 22, 11), "bee": (-2, 32, 20, 16), "butterfly": (0, 36, 7, 20), "caterpillar": (-16, 14, 26, 9),
         "snail": (-6, 24, 18, 18), "ant": (-18, 20, 13, 10), "whale": (4, 42, 26, 11), "fish": (2, 42, 18, 9),
         "snowman": (0, 48, 17, 14), "star": (0, 48, 16, 14), "cloud": (2, 20, 26, 12)}


def _giraffe(fig) -> None:
    """Four long legs, a spotted body, a very long neck and a small horned head."""
    body, u = fig.look.body, fig.u
    for dx in (-16, -8, 8, 16):
        fig.pen.rect(fig.X(dx - 2.5), fig.Y(30), fig.X(dx + 2.5), fig.Y(0), darken(body, 0.05 if dx > 0 else 0.15), 2 * u)
    fig.blob(0, 34, 24, 12, body)
    fig.pattern("spots", 0, 34, 20, 10)
    fig.pen.polygon([(fig.X(10), fig.Y(36)), (fig.X(18), fig.Y(40)), (fig.X(24), fig.Y(82)), (fig.X(16), fig.Y(82))], body,
                    darken(body, 0.5), fig.line)
    for k in range(3):
        fig.pen.ellipse(fig.X(17 + k * 2), fig.Y(50 + k * 10), 2.6 * u, 2.2 * u, darken(body, 0.35))
    fig.neck_accessories(72, dx=18, width=0.5)
    for side in (-1, 1):
        fig.pen.line([(fig.X(20 + side * 4), fig.Y(92)), (fig.X(20 + side * 5), fig.Y(100))], darken(body, 0.3), 2 * u)
        fig.pen.circle(fig.X(20 + side * 5), fig.Y(100), 2 * u, darken(body, 0.4))
    fig.blob(22, 88, 11, 9, body)
    fig.pen.ellipse(fig.X(29), fig.Y(84), 6 * u, 4.5 * u, lighten(body, 0.4))
    fig.face(22, 90, spread=4.5, size=0.7)
    fig.hand = (fig.X(26), fig.Y(40))
    fig.head_accessories(88, 9, dx=16)


def _bee(fig) -> None:
    """A round striped bee with see-through wings and feelers, hovering."""
    body, u = fig.look.body, fig.u
    for side in (-1, 1):
        fig.pen.rotated_ellipse(fig.X(-4 + side * 8), fig.Y(62), 9 * u, 14 * u, side * fig.f * 25, (236, 246, 255, 200),
                                (150, 170, 190), fig.line)
    fig.poly([(-26, 36), (-34, 34), (-26, 30)], INK)
    fig.blob(-2, 34, 24, 20, body)
    for dx in (-14, -4, 6):
        fig.pen.line([(fig.X(dx), fig.Y(50)), (fig.X(dx + 2), fig.Y(17))], INK, 4 * u)
    fig.blob(16, 44, 15, 14, body)
    for side in (-1, 1):
        fig.pen.curve([(fig.X(16 + side * 5), fig.Y(56)), (fig.X(18 + side * 8), fig.Y(68)), (fig.X(22 + side * 8), fig.Y(70))], INK, 1.4 * u)
        fig.pen.circle(fig.X(22 + side * 8), fig.Y(70), 2 * u, INK)
    fig.face(18, 46, spread=5.5, size=0.8)
    for dx in (-8, 4):
        fig.pen.line([(fig.X(dx), fig.Y(16)), (fig.X(dx + 2), fig.Y(6))], INK, 1.6 * u)
    fig.hand = fig.limb(10, 32, fig.arm_angles()[1], 12, 3, INK)
    fig.head_accessories(44, 13)


def _butterfly(fig) -> None:
    """A butterfly: big patterned wings around a small body with a face."""
    body, u = fig.look.body, fig.u
    wing = body
    for side in (-1, 1):
        fig.pen.rotated_ellipse(fig.X(side * 18), fig.Y(58), 17 * u, 22 * u, side * 25, wing, darken(wing, 0.5), fig.line)
        fig.pen.rotated_ellipse(fig.X(side * 14), fig.Y(30), 11 * u, 14 * u, -side * 20, lighten(wing, 0.2), darken(wing, 0.5), fig.line)
        fig.pen.circle(fig.X(side * 20), fig.Y(60), 6 * u, (255, 250, 230))
        fig.pen.circle(fig.X(side * 14), fig.Y(30), 3.5 * u, darken(wing, 0.3))
    fig.pen.ellipse(fig.X(0), fig.Y(36), 5 * u, 22 * u, (90, 70, 80))
    fig.blob(0, 64, 11, 10, (120, 96, 110))
    for side in (-1, 1):
        fig.pen.curve([(fig.X(side * 4), fig.Y(72)), (fig.X(side * 8), fig.Y(84)), (fig.X(side * 12), fig.Y(86))], INK, 1.2 * u)
    fig.face(1, 66, spread=4.5, size=0.7)
    fig.hand = (fig.X(8), fig.Y(40))
    fig.head_accessories(64, 10)


def _caterpillar(fig) -> None:
    """A row of round green segments with little feet, the head raised and smiling."""
    body, u = fig.look.body, fig.u
    for k in range(5):
        x = -40 + k * 12
        fig.pen.line([(fig.X(x), fig.Y(6)), (fig.X(x), fig.Y(0))], darken(body, 0.4), 1.6 * u)
        fig.blob(x, 12, 9, 9, body if k % 2 else lighten(body, 0.15))
    fig.blob(24, 26, 14, 13, body)
    for side in (-1, 1):
        fig.pen.line([(fig.X(24 + side * 5), fig.Y(37)), (fig.X(26 + side * 8), fig.Y(48))], INK, 1.4 * u)
        fig.pen.circle(fig.X(26 + side * 8), fig.Y(48), 2 * u, (246, 200, 70))
    fig.face(26, 28, spread=5, size=0.75)
    fig.hand = (fig.X(38), fig.Y(16))
    fig.head_accessories(26, 12)


def _snail(fig) -> None:
    """A snail: a swirly shell on its back, a soft body, eyes on stalks."""
    body, u = fig.look.body, fig.u
    skin = (226, 206, 170)
    fig.pen.ellipse(fig.X(2), fig.Y(5), 34 * u, 6 * u, skin, darken(skin, 0.5), fig.line)
    fig.pen.polygon([(fig.X(20), fig.Y(4)), (fig.X(30), fig.Y(30)), (fig.X(38), fig.Y(30)), (fig.X(36), fig.Y(4))], skin)
    fig.blob(-6, 26, 22, 22, body)
    for r in (15, 9, 4):
        fig.pen.arc(fig.X(-6), fig.Y(26), r * u, r * u, 0, 300, darken(body, 0.45), 1.6 * u)
    fig.blob(32, 34, 10, 9, skin)
    for side in (-1, 1):
        fig.pen.line([(fig.X(32 + side * 3), fig.Y(40)), (fig.X(32 + side * 6), fig.Y(52))], skin, 2 * u)
        fig.pen.circle(fig.X(32 + side * 6), fig.Y(52), 2.6 * u, skin)
    fig.face(34, 35, spread=4, size=0.65)
    fig.hand = (fig.X(44), fig.Y(14))
    fig.head_accessories(34, 9)


def _ant(fig) -> None:
    """An ant: three round parts, six thin legs, feelers."""
    body, u = fig.look.body, fig.u
    for dx in (-14, -2, 10):
        for side in (-1, 1):
            fig.pen.line([(fig.X(dx), fig.Y(16)), (fig.X(dx + side * 7), fig.Y(6)), (fig.X(dx + side * 9), fig.Y(0))],
                         darken(body, 0.3), 1.6 * u)
    fig.blob(-18, 20, 14, 11, body)
    fig.blob(0, 22, 8, 7, body)
    fig.blob(16, 32, 13, 12, body)
    for side in (-1, 1):
        fig.pen.curve([(fig.X(16 + side * 4), fig.Y(42)), (fig.X(20 + side * 8), fig.Y(54)), (fig.X(26 + side * 8), fig.Y(56))], INK, 1.3 * u)
    fig.face(18, 34, spread=5, size=0.7)
    fig.hand = fig.limb(20, 24, fig.arm_angles()[1], 12, 2.2, darken(body, 0.3))
    fig.head_accessories(32, 12)


def _whale(fig) -> None:
    """A round whale with a tail fluke and a spout of water (it is drawn in the water)."""
    body, u = fig.look.body, fig.u
    fig.poly([(-34, 24), (-50, 40), (-44, 26), (-54, 14), (-34, 18)], darken(body, 0.1))
    fig.blob(0, 24, 38, 24, body)
    fig.pen.chord(fig.X(6), fig.Y(20), 32 * u, 18 * u, 0, 180, lighten(body, 0.45))
    for side in (-1, 1):
        fig.pen.curve([(fig.X(10), fig.Y(50)), (fig.X(10 + side * 6), fig.Y(62)), (fig.X(10 + side * 12), fig.Y(60))],
                      (170, 220, 250), 2.4 * u)
    fig.face(20, 32, spread=7, size=0.9)
    fig.hand = fig.limb(8, 16, 60, 14, 4, darken(body, 0.15))
    fig.head_accessories(32, 18)


def _fish(fig) -> None:
    """A bright fish with a fan tail and a fin (it is drawn in the water)."""
    body, u = fig.look.body, fig.u
    fig.poly([(-20, 30), (-40, 46), (-36, 30), (-40, 14)], darken(body, 0.1))
    fig.blob(0, 30, 24, 18, body)
    fig.poly([(-6, 44), (4, 56), (10, 44)], darken(body, 0.15))
    for dx in (-10, -2):
        fig.pen.arc(fig.X(dx), fig.Y(30), 6 * u, 10 * u, 300, 60, darken(body, 0.3), 1.2 * u)
    fig.face(10, 34, spread=5, size=0.8)
    fig.hand = fig.limb(6, 24, 50, 10, 3.5, darken(body, 0.15))
    fig.head_accessories(32, 12)


def _snowman(fig) -> None:
    """A snowman with stick arms, a carrot nose and coal buttons."""
    u = fig.u
    snow = (248, 250, 255)
    fig.blob(0, 20, 24, 20, snow)
    fig.blob(0, 52, 18, 16, snow)
    for dy in (44, 52, 60):
        fig.pen.circle(fig.X(2), fig.Y(dy), 1.8 * u, INK)
    _back, front = fig.arm_angles()
    fig.pen.line([(fig.X(-14), fig.Y(56)), (fig.X(-30), fig.Y(70))], (120, 84, 58), 2 * u)
    fig.neck_accessories(66)
    fig.blob(2, 80, 14, 13, snow)
    fig.poly([(6, 78), (20, 76), (6, 74)], (246, 140, 50))
    fig.face(4, 84, spread=5, size=0.7)
    a = math.radians(front)
    hand = (fig.X(14) + fig.f * math.sin(a) * 18 * u, fig.Y(56) + math.cos(a) * 18 * u)
    fig.pen.line([(fig.X(14), fig.Y(56)), hand], (120, 84, 58), 2 * u)
    fig.hand = hand
    fig.head_accessories(80, 13)


def _star(fig) -> None:
    """A five-point star with a face and little legs."""
    body, u = fig.look.body, fig.u
    for side in (-1, 1):
        fig.pen.line([(fig.X(side * 8), fig.Y(24)), (fig.X(side * 9), fig.Y(4))], darken(body, 0.3), 3 * u)
        fig.blob(side * 9 + 3, 3, 5, 3, darken(body, 0.3), shade=False)
    points = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        r = 34 if k % 2 == 0 else 15
        points.append((math.cos(a) * r, 56 - math.sin(a) * r))
    fig.poly(points, body)
    fig.face(2, 58, spread=6, size=0.8)
    fig.hand = (fig.X(34), fig.Y(60))
    fig.head_accessories(60, 14)


def _cloud(fig) -> None:
    """A puffy little cloud with a face, floating; in a raincoat, its hood is up behind the puffs and the coat is a
    buttoned cape over the lower puffs, below the smile."""
    body, u = fig.look.body, fig.u
    shade = darken(body, 0.12)
    coat = fig.look.colour("raincoat") if fig.wears("raincoat") else None
    if coat and not fig.look.has("hat"):
        fig.blob(2, 47, 40, 32, coat, shade=False)
    puffs = ((-22, 40, 14), (-6, 52, 18), (14, 50, 16), (26, 38, 12), (0, 34, 18))
    for dx, dy, r in puffs:
        fig.pen.circle(fig.X(dx), fig.Y(dy - 2), r * u, shade)
    for dx, dy, r in puffs:
        fig.pen.circle(fig.X(dx), fig.Y(dy), r * 0.95 * u, body)
    fig.face(4, 44, spread=7, size=0.85)
    if coat:
        fig.poly([(-22, 29), (26, 29), (38, 8), (-34, 8)], coat)
        fig.coat_front(2, 29, 8, 28, coat, flare=False)
    fig.hand = (fig.X(34), fig.Y(34))
    fig.head_accessories(46, 16)


def _crab(fig) -> None:
    """A red crab seen from the front: a wide shell, four legs a side, two big raised claws, eyes on stalks."""
    body, u = fig.look.body, fig.u
    leg = darken(body, 0.12)
    for side in (-1, 1):
        for k in range(4):
            root = (fig.X(side * (16 + k * 4)), fig.Y(18 - k * 3))
            knee = (fig.X(side * (28 + k * 5)), fig.Y(24 - k * 5))
            foot = (fig.X(side * (30 + k * 7)), fig.Y(0))
            fig.pen.line([root, knee, foot], darken(body, 0.45), 4.6 * u)
            fig.pen.line([root, knee, foot], leg, 3 * u)
    back, front = fig.arm_angles()
    raised = 150 if fig.pose in ("wave", "jump", "laugh", "fly", "fall") else 120
    hands = []
    for side, angle in ((-1, raised), (1, raised if fig.pose != "hold" else 70)):
        a = math.radians(angle)
        elbow = (side * 26 + side * math.sin(a) * 12, 26 - math.cos(a) * 12)
        fig.pen.line([(fig.X(side * 22), fig.Y(26)), (fig.X(elbow[0]), fig.Y(elbow[1]))], darken(body, 0.45), 6 * u)
        fig.pen.line([(fig.X(side * 22), fig.Y(26)), (fig.X(elbow[0]), fig.Y(elbow[1]))], leg, 4.2 * u)
        cx, cy = elbow[0] + side * 4, elbow[1] + 10
        fig.pen.rotated_ellipse(fig.X(cx), fig.Y(cy), 7.5 * u, 10 * u, -fig.f * side * 15, body, darken(body, 0.5), fig.line)
        # the pincer's gap: a notch of darker shell and a small movable finger
        fig.poly([(cx - side * 1, cy + 4), (cx + side * 3, cy + 12), (cx + side * 7, cy + 9)], lighten(body, 0.25))
        fig.pen.rotated_ellipse(fig.X(cx - side * 4), fig.Y(cy + 9), 3 * u, 6.5 * u, fig.f * side * 20, body,
                                darken(body, 0.5), fig.line)
        hands.append((fig.X(cx), fig.Y(cy + 12)))
    for side in (-1, 1):
        fig.pen.line([(fig.X(side * 7), fig.Y(30)), (fig.X(side * 9), fig.Y(46))], darken(body, 0.2), 2.6 * u)
        fig.pen.circle(fig.X(side * 9), fig.Y(48), 6 * u, (255, 255, 255), darken(body, 0.5), fig.line)
    fig.blob(0, 20, 30, 17, body)
    for dx in (-12, 0, 12):
        fig.pen.circle(fig.X(dx), fig.Y(27 - abs(dx) * 0.15), 1.8 * u, lighten(body, 0.3))
    fig.face(0, 48, spread=9, size=0.85, mouth=False)
    fig.pen.arc(fig.X(0), fig.Y(16), 5 * u, 3.5 * u, 20, 160, INK, 1.1 * u)
    fig.hand = hands[1]
    fig.head_accessories(48, 16)


DRAWERS = {"crab": _crab, "giraffe": _giraffe, "bee": _bee, "butterfly": _butterfly, "caterpillar": _caterpillar, "snail": _snail,
           "ant": _ant, "whale": _whale, "fish": _fish, "snowman": _snowman, "star": _star, "cloud": _cloud}


WING_UP = ("fly", "wave", "jump", "laugh", "fall", "hug", "run")


def draw_side_bird(fig) -> None:
    """A songbird or an eagle in profile: round body, separate head, pointed (or hooked) beak, fanned tail, feathered wing.

    Drawn apart from the egg-shaped owl, duck and penguin so a bird reads as a bird: the tail feathers
    stick out behind, the beak points forward and the wing shows its feather tips. An eagle is bigger-winged,
    brown with a white head and tail (a bald eagle) and has a hooked yellow beak.
    """
    look, u = fig.look, fig.u
    body = look.body
    eagle = look.variant == "eagle"
    head_colour = (250, 248, 242) if eagle and not look.has("body") else body
    tail_colour = (250, 248, 242) if eagle and not look.has("body") else darken(body, 0.12)
    wing = look.colour("wings", darken(body, 0.18))
    legs = (246, 190, 60) if eagle else (236, 150, 70)
    for dx in (-6, 4):
        fig.pen.line([(fig.X(dx), fig.Y(16)), (fig.X(dx + 1), fig.Y(1))], legs, 2.2 * u)
        for toe in (-4, 1, 6):
            fig.pen.line([(fig.X(dx + 1), fig.Y(1)), (fig.X(dx + 1 + toe), fig.Y(0))], legs, 1.7 * u)
    # tail: a fan of long feathers behind and below the body
    for k, angle in enumerate((-62, -48, -34)):
        fig.pen.rotated_ellipse(fig.X(-26 - k * 2), fig.Y(22 + k * 3), 5.5 * u, 18 * u, fig.f * angle,
                                darken(tail_colour, 0.06 * k), darken(tail_colour, 0.5), fig.line)
    raised = fig.pose in WING_UP or eagle
    span = 1.5 if eagle else 1.0
    hand = None
    if raised:                # both wings spread up behind the body, the far one darker
        _wing(fig, -12, 40, wing, span, back=True)
        hand = _wing(fig, -8, 38, wing, span, back=False)
    fig.back_accessories(30)
    fig.blob(-4, 30, 25, 19, body)
    fig.pen.ellipse(fig.X(4), fig.Y(25), 15 * u, 12 * u, look.belly if not eagle else darken(body, 0.08))
    if look.variant == "robin":
        fig.pen.ellipse(fig.X(10), fig.Y(34), 10 * u, 11 * u, (236, 110, 60))
    fig.clothes(-4, 30, 22, 17)
    fig.neck_accessories(36, dx=10, width=0.6)       # just below the head, which would hide it
    hx, hy, hr = 14, 54, 15 if not eagle else 16
    fig.blob(hx, hy, hr, hr - 1, head_colour)
    if eagle:
        # a frowning brow ridge and a big hooked beak, yellow
        fig.poly([(hx + 10, hy + 4), (hx + 20, hy + 4), (hx + 26, hy - 1), (hx + 25, hy - 9), (hx + 21, hy - 4), (hx + 10, hy - 6)],
                 look.colour("beak", (246, 196, 50)))
        fig.face(hx + 5, hy + 4, spread=4.5, size=0.8, mouth=False)
        fig.pen.line([(fig.X(hx + 1), fig.Y(hy + 11)), (fig.X(hx + 13), fig.Y(hy + 8))], darken(head_colour, 0.45), 1.6 * u)
    else:
        beak = look.colour("beak", (246, 170, 50))
        fig.poly([(hx + 11, hy + 3), (hx + 27, hy - 1), (hx + 11, hy - 5)], beak)
        fig.face(hx + 4, hy + 3, spread=4.5, size=0.8, mouth=False)
        for k in range(2):          # a little crest of head feathers
            fig.pen.rotated_ellipse(fig.X(hx - 6 - k * 4), fig.Y(hy + hr + 2 - k), 2.5 * u, 6 * u, -fig.f * (30 + k * 20), head_colour)
    fig.head_accessories(hy, hr - 2, dx=hx - 2)
    if hand:
        fig.hand = hand
    else:
        fig.pen.rotated_ellipse(fig.X(-8), fig.Y(32), 17 * u, 10 * u, -fig.f * 12, wing, darken(wing, 0.5), fig.line)
        for k in range(3):
            fig.pen.rotated_ellipse(fig.X(-22 - k * 3), fig.Y(28 + k * 3), 9 * u, 3 * u, -fig.f * 18, darken(wing, 0.1 + 0.05 * k),
                                    darken(wing, 0.5), fig.line * 0.8)
        fig.hand = (fig.X(12), fig.Y(30))
    if look.variant == "parrot":
        for k, colour in enumerate(((226, 70, 70), (80, 140, 226), (246, 200, 70))):
            fig.pen.rotated_ellipse(fig.X(-6 + k * 5), fig.Y(hy + hr + 2 + k), 2.5 * u, 8 * u, fig.f * (-30 + k * 25), colour)


def _wing(fig, dx: float, dy: float, colour, span: float, back: bool) -> tuple[float, float]:
    """A raised wing from the shoulder (dx, dy): an arm reaching up and back, finger feathers at its tip and
    shorter feathers hanging from its trailing edge (a fan from one point read as a turkey's tail); returns the tip."""
    u = fig.u
    tone = darken(colour, 0.18) if back else colour
    edge = darken(tone, 0.5)
    theta = (-34 if span > 1.2 else -50) - (14 if back else 0)      # degrees from straight up; negative leans back
    length = 34 * span

    def along(t: float, angle: float) -> tuple[float, float]:
        a = math.radians(angle)
        return dx + math.sin(a) * t, dy + math.cos(a) * t

    for k in range(3):                          # the trailing edge, hanging down and back from the arm
        x, y = along(length * (0.3 + 0.22 * k), theta)
        fig.pen.rotated_ellipse(fig.X(x - 5), fig.Y(y - 6), 3.6 * u * span, 9 * u * span, fig.f * (theta - 60), darken(tone, 0.08),
                                edge, fig.line)
    tip = None
    for k in range(4):                          # the long finger feathers at the tip
        angle = theta - 24 + k * 11
        root = along(length * 0.8, theta)
        a = math.radians(angle)
        feather = 17 * span
        fig.pen.rotated_ellipse(fig.X(root[0] + math.sin(a) * feather * 0.5), fig.Y(root[1] + math.cos(a) * feather * 0.5),
                                3.4 * u * span, feather * 0.6 * u, fig.f * angle, darken(tone, 0.12), edge, fig.line)
        if k == 3:
            tip = (fig.X(root[0] + math.sin(a) * feather), fig.Y(root[1] + math.cos(a) * feather))
    cx, cy = along(length * 0.45, theta)
    fig.pen.rotated_ellipse(fig.X(cx), fig.Y(cy), 8.5 * u * span, length * 0.55 * u, fig.f * theta, tone, edge, fig.line)
    return tip

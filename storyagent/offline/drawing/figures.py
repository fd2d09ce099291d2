"""Characters: chubby storybook animals, birds, a robot and children, in a few poses.

A figure stands with its feet at (x, y) and is about h pixels tall; facing is +1
(right) or -1 (left). Everything is drawn from the Look, so a character looks the
same on every page while its pose, place and expression change.
"""
from __future__ import annotations

import math

from .looks import ACCESSORIES, Look
from .pen import Pen, alpha, darken, lighten, mix

INK = (52, 40, 52)
CHEEK = (255, 120, 130)
BEAK = (246, 160, 60)

ANIMALS = {
    "cat": {"ears": "pointy", "tail": "curl", "muzzle": "cat", "whiskers": True},
    "fox": {"ears": "big_pointy", "tail": "bushy", "muzzle": "fox"},
    "dog": {"ears": "floppy", "tail": "wag", "muzzle": "dog"},
    "rabbit": {"ears": "long", "tail": "puff", "muzzle": "rabbit"},
    "bear": {"ears": "round", "tail": "stub", "muzzle": "bear"},
    "panda": {"ears": "round", "tail": "stub", "muzzle": "bear"},
    "mouse": {"ears": "big_round", "tail": "thin", "muzzle": "rabbit", "whiskers": True},
    "squirrel": {"ears": "small_pointy", "tail": "squirrel", "muzzle": "small"},
    "lion": {"ears": "round", "tail": "tuft", "muzzle": "bear", "mane": True},
    "sheep": {"ears": "side", "tail": "puff", "muzzle": "sheep", "fluffy": True},
    "dragon": {"ears": "horns", "tail": "dragon", "muzzle": "dragon", "wings": True},
    "dinosaur": {"ears": "none", "tail": "dragon", "muzzle": "dragon", "spikes": True},
    "goat": {"ears": "horns", "tail": "puff", "muzzle": "sheep", "fluffy": True},
    "hamster": {"ears": "round", "tail": "stub", "muzzle": "rabbit", "whiskers": True},
    "elephant": {"ears": "elephant", "tail": "thin", "muzzle": "trunk"},
    "monkey": {"ears": "side_round", "tail": "curl", "muzzle": "monkey"},
    "tiger": {"ears": "round", "tail": "tuft", "muzzle": "bear", "pattern": "stripes", "whiskers": True},
    "pig": {"ears": "small_pointy", "tail": "curl", "muzzle": "snout"},
    "cow": {"ears": "side", "tail": "tuft", "muzzle": "cow", "pattern": "patches", "horn": "pair"},
    "horse": {"ears": "small_pointy", "tail": "hair", "muzzle": "horse", "hair_mane": True},
    "unicorn": {"ears": "small_pointy", "tail": "hair", "muzzle": "horse", "hair_mane": True, "horn": "single"},
    "hedgehog": {"ears": "round", "tail": "stub", "muzzle": "small", "spines": True},
}
SPECIAL = ("crab", "giraffe", "bee", "butterfly", "caterpillar", "snail", "ant", "whale", "fish", "snowman", "star", "cloud")
BIRDS = ("owl", "bird", "duck", "penguin")
HEADWEAR = {"helmet", "bike_helmet", "fire_helmet", "beanie", "hat"}     # one thing on the head at a time; no hood under them


def draw_figure(pen: Pen, look: Look, x: float, y: float, h: float, facing: int = 1,
                pose: str = "stand", mood: str = "calm", breath: str = "", zzz: bool = True) -> Figure:
    """Draw one character (without its shadow); returns the figure, whose `hand` says where its front hand is."""
    figure = Figure(pen, look, x, y, h, facing, pose, mood, breath)
    figure.zzz = zzz
    figure.draw()
    return figure


def draw_shadow(pen: Pen, x: float, y: float, h: float, pose: str = "stand", width: float = 1.0) -> None:
    """The soft shadow under a character's feet."""
    pen.ellipse(x, y, 26 * h / 100 * width * (0.7 if pose in ("jump", "fly") else 1), 5 * h / 100, (20, 20, 40, 55))


class Figure:
    def __init__(self, pen: Pen, look: Look, x: float, y: float, h: float, facing: int, pose: str, mood: str,
                 breath: str = ""):
        self.pen, self.look, self.pose, self.mood, self.breath = pen, look, pose, mood, breath
        self.hand: tuple[float, float] | None = None
        self.zzz = True         # sleeping Zs drawn with the figure (off when the figure is laid down afterwards)
        self.x, self.ground, self.f, self.u = x, y, 1 if facing >= 0 else -1, h / 100
        self.y = y - (12 * self.u if pose == "jump" else 0)
        self.line = max(0.7, 0.75 * self.u)
        self.ink = darken(look.body, 0.55)
        self.worn: set[str] = set()              # role-sheet clothes drawn so far
        self.only: set[str] | None = None        # while drawing the leftovers: just these
        self.torso: tuple[float, float, float, float] | None = None    # (dx, cy, rx, ry) units, where clothes go
        self.neck: tuple[float, float, float] | None = None            # (neck_y, dx, width)
        self.head: tuple[float, float, bool, float] | None = None      # (hy, radius, narrow, dx)

    def wears(self, part: str) -> bool:
        """Whether the role sheet names this piece of clothing; drawing it now marks it worn."""
        if not self.look.has(part) or (self.only is not None and part not in self.only):
            return False
        self.worn.add(part)
        return True

    # -- helpers -------------------------------------------------------------
    def X(self, dx: float) -> float:
        """Horizontal offset in units, mirrored by the facing direction."""
        return self.x + self.f * dx * self.u

    def Y(self, dy: float) -> float:
        return self.y - dy * self.u

    def blob(self, dx, dy, rx, ry, colour, shade=True, outline=True):
        """A body part: a shaded ellipse at (dx, dy) units, mirrored by facing."""
        u = self.u
        if shade:
            self.pen.shaded_ellipse(self.X(dx), self.Y(dy), rx * u, ry * u, colour,
                                    darken(colour, 0.5) if outline else None, self.line)
        else:
            self.pen.ellipse(self.X(dx), self.Y(dy), rx * u, ry * u, colour,
                             darken(colour, 0.5) if outline else None, self.line)

    def limb(self, dx, dy, angle, length, thick, colour):
        """A rounded limb hanging from (dx, dy); angle 0 points down, positive swings forward."""
        a = math.radians(angle)
        cx = self.X(dx) + self.f * math.sin(a) * length * 0.5 * self.u
        cy = self.Y(dy) + math.cos(a) * length * 0.5 * self.u
        self.pen.rotated_ellipse(cx, cy, thick * self.u, length * 0.55 * self.u, -self.f * angle, colour,
                                 darken(colour, 0.5), self.line)
        return (self.X(dx) + self.f * math.sin(a) * length * 0.95 * self.u, self.Y(dy) + math.cos(a) * length * 0.95 * self.u)

    def poly(self, points, colour, outline=True):
        """A polygon in mirrored units."""
        self.pen.polygon([(self.X(dx), self.Y(dy)) for dx, dy in points], colour,
                         darken(colour, 0.5) if outline else None, self.line)

    def arm_angles(self) -> tuple[float, float]:
        """(back, front) arm angles for the pose."""
        return {"wave": (125, 25), "jump": (140, -140), "sit": (35, 25), "walk": (30, -25), "run": (-60, 75),
                "sleep": (10, 10), "hug": (95, 88), "fly": (140, 120), "swim": (-120, 110), "hold": (20, 62),
                "fall": (150, -150), "laugh": (150, 135), "cry": (15, 150)}.get(self.pose, (18, -18))

    # -- whole figure --------------------------------------------------------
    def draw(self) -> None:
        """The shadow, then the figure for its body type."""
        species, variant = self.look.species, self.look.variant
        if species in SPECIAL:
            from .figures_more import draw_special
            draw_special(self, species)
        elif variant in ("hen", "chick"):
            self.draw_hen()
        elif species == "bird":
            from .figures_more import draw_side_bird
            draw_side_bird(self)
        elif species in BIRDS:
            self.draw_bird()
        elif species == "frog":
            self.draw_frog()
        elif species == "turtle":
            self.draw_turtle()
        elif species == "robot":
            self.draw_robot()
        elif species in ("girl", "boy"):
            self.draw_child()
        else:
            self.draw_animal(ANIMALS.get(variant) or ANIMALS.get(species, ANIMALS["bear"]))
        if species in SPECIAL and self.breath:
            self.draw_breath(50)
        self.wear_leftovers()
        if self.pose == "sleep" and self.zzz:
            self.draw_zzz()
        if self.pose == "cry":
            self.draw_tears()

    # -- animals -------------------------------------------------------------
    def draw_animal(self, kind: dict) -> None:
        """A chubby upright animal: tail, arms, body and belly, head, ears, face, clothes."""
        look, body = self.look, self.look.body
        sitting = self.pose in ("sit", "sleep")
        body_y, head_y = (22, 56) if sitting else (28, 64)
        coat = look.colour("raincoat") if self.wears("raincoat") else look.colour("suit", look.colour("shirt", body))
        if coat != body:
            self.worn.update(("suit", "shirt"))       # a coat over a shirt: the coat is what shows
        self.tail(kind["tail"], body)
        self.back_accessories(body_y)         # over a bushy tail, so a fox's backpack shows
        if kind.get("spines"):
            for ring, (radius, length) in enumerate(((30, 20), (24, 16))):
                for k in range(11):
                    a = math.radians(70 + k * 21 + ring * 10)
                    cx, cy = -4 + radius * math.cos(a), body_y + 14 + radius * 1.1 * math.sin(a)
                    self.poly([(cx - 6, cy - 5), (cx + length * math.cos(a), cy + length * math.sin(a)), (cx + 6, cy + 5)],
                              darken(body, 0.45 - ring * 0.15))
        if kind.get("hair_mane"):
            mane = (246, 150, 200) if look.species == "unicorn" else darken(body, 0.4)
            for k in range(5):
                self.blob(-14 - k * 1.5, head_y + 14 - k * 9, 7, 9, mane if look.species != "unicorn" else
                          ((240, 120, 160), (250, 190, 80), (120, 200, 120), (110, 160, 236), (170, 120, 220))[k], shade=False)
        if kind.get("spikes"):
            for k in range(5):
                sy = body_y + 20 - k * 9
                self.poly([(-16 - k * 2, sy + 5), (-27 - k * 2, sy), (-17 - k * 2, sy - 4)], look.colour("spikes", (246, 176, 70)))
        if kind.get("wings"):
            self.poly([(-10, body_y + 14), (-40, body_y + 40), (-30, body_y + 22), (-36, body_y + 12), (-14, body_y + 4)],
                      darken(body, 0.15))
        back_arm, front_arm = self.arm_angles()
        self.limb(-12, body_y + 12, back_arm, 20, 5, darken(coat, 0.12))
        self.feet(body, sitting)
        ry = 25 if not sitting else 21
        if kind.get("fluffy") and coat == body:
            self.wool(0, body_y, 22, ry, body)
            self.feet(body, sitting)          # in front of the fleece's lowest puffs
        else:
            self.blob(0, body_y, 22, ry, coat)
        if kind.get("pattern") and coat == body:
            self.pattern(kind["pattern"], 0, body_y, 22, 24)
        if coat == body and not kind.get("fluffy") and kind.get("pattern") != "patches":
            belly = look.belly if look.species != "panda" else (246, 244, 238)
            self.pen.ellipse(self.X(4), self.Y(body_y - 4), 13 * self.u, 15 * self.u, belly)
        if self.wears("raincoat"):
            self.coat_front(4, body_y + ry * 0.8, body_y - ry * 0.98, 22, coat, flare=True)
        if self.wears("vest") and coat == body:
            self.pen.ellipse(self.X(3), self.Y(body_y - 6), 15 * self.u, 15 * self.u, look.colour("vest"),
                             darken(look.colour("vest"), 0.4), self.line)
        arm_colour = (58, 56, 64) if look.species == "panda" else coat
        self.clothes(0, body_y, 22, 25 if not sitting else 21)
        if self.pose == "sit":
            self.soles(body)
        self.hand = self.limb(12, body_y + 12, front_arm, 20, 5, arm_colour)
        if "raincoat" in self.worn:
            self.cuff(12, body_y + 12, front_arm, 20, 5, coat)
        if kind.get("mane"):
            for step in range(12):
                a = 2 * math.pi * step / 12
                self.blob(1 + 24 * math.cos(a), head_y + 24 * math.sin(a), 10, 10, darken(body, 0.3), shade=False)
        if "raincoat" in self.worn:
            self.hood(2, head_y, 24, coat)
        self.neck_accessories(head_y - (28 if kind.get("mane") or kind["muzzle"] == "horse" else 20))    # below a mane or a long face
        self.ears(kind["ears"], body, head_y)
        self.blob(2, head_y, 24, 22, body)
        if kind["ears"] == "floppy":
            ear = darken(body, 0.3) if body != (58, 56, 64) else (58, 56, 64)
            for side in (-1, 1):
                self.pen.rotated_ellipse(self.X(2 + side * 21), self.Y(head_y + 4), 7 * self.u, 14 * self.u,
                                         -side * self.f * 22, ear, darken(ear, 0.5), self.line)
        if look.species == "panda":
            for side in (-1, 1):
                self.pen.rotated_ellipse(self.X(6 + side * 9), self.Y(head_y - 1), 5.5 * self.u, 4 * self.u,
                                         side * 30 * self.f, (58, 56, 64))
        if kind.get("pattern") == "stripes":
            for dx in (-8, 2, 12):
                self.pen.line([(self.X(dx), self.Y(head_y + 21)), (self.X(dx + 1), self.Y(head_y + 13))], darken(body, 0.6), 2 * self.u)
        if kind.get("horn") == "single":
            self.poly([(2, head_y + 20), (7, head_y + 42), (12, head_y + 20)], (246, 206, 90))
        elif kind.get("horn") == "pair":
            for side in (-1, 1):
                self.poly([(2 + side * 12, head_y + 18), (2 + side * 17, head_y + 28), (2 + side * 16, head_y + 17)], (246, 236, 210))
        self.muzzle(kind["muzzle"], head_y)
        self.face(6, head_y + 2, spread=9)
        if kind.get("whiskers"):
            for side in (-1, 1):
                for k in (-1, 0, 1):
                    start = (self.X(6 + side * 10), self.Y(head_y - 8))
                    end = (self.X(6 + side * 24), self.Y(head_y - 8 + k * 3))
                    self.pen.line([start, end], alpha(INK, 150), self.line * 0.6, round_caps=False)
        if kind.get("fluffy"):            # a woolly topknot between the ears
            for tx, ty in ((-6, 20), (2, 23), (10, 20)):
                self.pen.circle(self.X(2 + tx), self.Y(head_y + ty), 6.5 * self.u, lighten(body, 0.04), darken(body, 0.4), self.line)
        self.head_accessories(head_y, 24, narrow=kind["ears"] in ("pointy", "big_pointy", "long", "horns"))
        if look.variant == "goat":
            self.poly([(6, head_y - 18), (12, head_y - 18), (9, head_y - 28)], lighten(body, 0.3))
        if self.breath:
            self.draw_breath(head_y)

    def wool(self, dx: float, cy: float, rx: float, ry: float, colour, puffs: int = 12) -> None:
        """A woolly body: a ring of outlined puffs around an ellipse, filled inside, with a few curls (a sheep's fleece)."""
        u, edge = self.u, darken(colour, 0.45)
        ring = [(dx + rx * math.cos(2 * math.pi * k / puffs), cy + ry * math.sin(2 * math.pi * k / puffs)) for k in range(puffs)]
        for px, py in ring:
            self.pen.circle(self.X(px), self.Y(py), 8.5 * u, colour, edge, self.line * 1.2)
        self.pen.ellipse(self.X(dx), self.Y(cy), rx * u, ry * u, colour)
        shade = darken(colour, 0.12)
        for k, (px, py) in enumerate(((-8, 8), (6, 12), (-2, -4), (10, -8), (-12, -12), (4, 2))):
            self.pen.arc(self.X(dx + px), self.Y(cy + py), 4.5 * u, 3.5 * u, 200 + k * 17, 340 + k * 17, shade, 1.2 * u)

    def feet(self, colour, sitting: bool) -> None:
        """Two feet placed for the pose (boots if the look has them)."""
        paw = (58, 56, 64) if self.look.species == "panda" else darken(colour, 0.05)
        if self.wears("boots"):
            paw = self.look.colour("boots")
        if sitting:
            spots = [(-4, 3), (14, 3)]
        elif self.pose == "walk":
            spots = [(-12, 6), (12, 2)]
        elif self.pose in ("run", "fly"):
            spots = [(-18, 9), (16, 3)]
        elif self.pose == "jump":
            spots = [(-8, 2), (8, 0)]
        else:
            spots = [(-10, 3), (10, 3)]
        for dx, dy in spots:
            self.blob(dx, dy, 9, 5.5, paw, shade=False)

    def soles(self, colour) -> None:
        """Sitting like a teddy bear: legs out in front, the round soles of both feet toward us, over the belly's foot."""
        paw = (58, 56, 64) if self.look.species == "panda" else darken(colour, 0.05)
        if self.look.has("boots"):
            paw = self.look.colour("boots")
        for dx in (-10, 15):
            self.blob(dx, 5, 9, 8.5, paw)
            self.pen.ellipse(self.X(dx), self.Y(4), 5.5 * self.u, 5 * self.u, lighten(paw, 0.35))
            for k in (-1, 0, 1):
                self.pen.circle(self.X(dx + k * 4.2), self.Y(10.5 - abs(k) * 0.8), 1.6 * self.u, lighten(paw, 0.35))

    def tail(self, kind: str, colour) -> None:
        """The tail for the body type, behind the body."""
        by = 16 if self.pose in ("sit", "sleep") else 20
        if kind == "curl":
            self.pen.curve([(self.X(-18), self.Y(by)), (self.X(-44), self.Y(by + 6)), (self.X(-36), self.Y(by + 42)),
                            (self.X(-26), self.Y(by + 40))], darken(colour, 0.08), 5.5 * self.u)
        elif kind == "bushy":
            cx, cy, ry, angle = self.X(-28), self.Y(by + 14), 22 * self.u, -self.f * 40
            self.pen.rotated_ellipse(cx, cy, 11 * self.u, ry, angle, colour, darken(colour, 0.5), self.line)
            tip = (cx + math.sin(math.radians(angle)) * ry * 0.78, cy - math.cos(math.radians(angle)) * ry * 0.78)
            self.pen.rotated_ellipse(tip[0], tip[1], 6.5 * self.u, 5.5 * self.u, angle, (250, 246, 236))
        elif kind == "squirrel":
            self.pen.rotated_ellipse(self.X(-28), self.Y(by + 30), 15 * self.u, 30 * self.u, self.f * 15, colour,
                                     darken(colour, 0.5), self.line)
            self.pen.rotated_ellipse(self.X(-26), self.Y(by + 30), 8 * self.u, 20 * self.u, self.f * 15, lighten(colour, 0.25))
        elif kind == "wag":
            self.pen.rotated_ellipse(self.X(-24), self.Y(by + 12), 4 * self.u, 11 * self.u, self.f * 40, colour,
                                     darken(colour, 0.5), self.line)
        elif kind == "puff":
            self.blob(-22, by, 7, 7, lighten(colour, 0.5), shade=False)
        elif kind == "thin":
            self.pen.curve([(self.X(-18), self.Y(by - 6)), (self.X(-44), self.Y(by - 8)), (self.X(-40), self.Y(by + 20))],
                           darken(colour, 0.15), 2 * self.u)
        elif kind == "tuft":
            self.pen.curve([(self.X(-18), self.Y(by - 4)), (self.X(-40), self.Y(by)), (self.X(-38), self.Y(by + 18))],
                           colour, 3 * self.u)
            self.pen.circle(self.X(-38), self.Y(by + 20), 4.5 * self.u, darken(colour, 0.3))
        elif kind == "hair":
            mane = (246, 150, 200) if self.look.species == "unicorn" else darken(colour, 0.4)
            self.pen.curve([(self.X(-18), self.Y(by + 6)), (self.X(-38), self.Y(by + 8)), (self.X(-40), self.Y(by - 14))], mane, 7 * self.u)
        elif kind == "dragon":
            self.poly([(-16, by - 6), (-48, by - 12), (-56, by - 4), (-46, by - 16), (-16, by + 6)], colour)
            self.poly([(-52, by - 4), (-60, by + 4), (-56, by - 10)], darken(colour, 0.2))
        else:
            self.blob(-20, by, 5, 5, colour, shade=False)

    def ears(self, kind: str, colour, hy: float) -> None:
        """Ears for the body type (floppy dog ears are drawn after the head)."""
        inner = (246, 170, 178)
        if kind in ("pointy", "big_pointy", "small_pointy"):
            size = {"pointy": 14, "big_pointy": 19, "small_pointy": 10}[kind]
            for side in (-1, 1):
                base = 2 + side * 15
                self.poly([(base - 8, hy + 12), (base + side * 5, hy + 17 + size), (base + 8, hy + 10)], colour)
                self.poly([(base - 4, hy + 13), (base + side * 2.5, hy + 13 + size * 0.8), (base + 4, hy + 12)],
                          inner if kind != "big_pointy" else (58, 56, 64), outline=False)
        elif kind == "long":
            for side, tilt in ((-1, -10), (1, 12)):
                cx, cy = self.X(2 + side * 9), self.Y(hy + 34)
                self.pen.rotated_ellipse(cx, cy, 6.5 * self.u, 19 * self.u, self.f * tilt, colour, darken(colour, 0.5), self.line)
                self.pen.rotated_ellipse(cx, cy + 2 * self.u, 3.2 * self.u, 13 * self.u, self.f * tilt, inner)
        elif kind in ("round", "big_round"):
            r = 8 if kind == "round" else 12
            dark = (58, 56, 64) if self.look.species == "panda" else colour
            for side in (-1, 1):
                self.blob(2 + side * 17, hy + 18, r, r, dark, shade=False)
                self.pen.circle(self.X(2 + side * 17), self.Y(hy + 18), r * 0.55 * self.u,
                                inner if kind == "big_round" else darken(dark, 0.2))
        elif kind == "side":
            for side in (-1, 1):
                self.pen.rotated_ellipse(self.X(2 + side * 24), self.Y(hy + 8), 9 * self.u, 4 * self.u, side * self.f * 20,
                                         darken(colour, 0.15), darken(colour, 0.5), self.line)
        elif kind == "horns":
            for side in (-1, 1):
                self.poly([(side * 9 - 3, hy + 18), (side * 13, hy + 34), (side * 9 + 5, hy + 18)], (246, 226, 170))
        elif kind == "elephant":
            for side in (-1, 1):
                self.pen.rotated_ellipse(self.X(2 + side * 22), self.Y(hy + 2), 15 * self.u, 19 * self.u, side * self.f * 10,
                                         darken(colour, 0.08), darken(colour, 0.5), self.line)
                self.pen.rotated_ellipse(self.X(2 + side * 22), self.Y(hy + 2), 9 * self.u, 13 * self.u, side * self.f * 10, inner)
        elif kind == "side_round":
            for side in (-1, 1):
                self.blob(2 + side * 24, hy + 2, 8, 8, colour, shade=False)
                self.pen.circle(self.X(2 + side * 24), self.Y(hy + 2), 4.5 * self.u, (236, 200, 160))

    def muzzle(self, kind: str, hy: float) -> None:
        """Snout and nose for the body type."""
        u, nose_y = self.u, hy - 6
        if kind in ("dog", "bear", "fox", "sheep", "dragon"):
            tone = lighten(self.look.body, 0.55) if kind != "fox" else (250, 246, 236)
            self.pen.ellipse(self.X(8), self.Y(hy - 8), 10 * u, 7 * u, tone)
        if kind in ("dog", "bear", "fox"):
            self.pen.ellipse(self.X(10 if kind == "fox" else 8), self.Y(nose_y), 3.6 * u, 2.6 * u, INK)
        elif kind in ("cat", "rabbit"):
            self.poly([(5, nose_y + 1.5), (9, nose_y + 1.5), (7, nose_y - 1.5)], (236, 120, 140), outline=False)
        elif kind == "sheep":
            self.pen.ellipse(self.X(8), self.Y(nose_y), 2.6 * u, 1.8 * u, (236, 130, 150))
        elif kind == "dragon":
            for side in (-1, 1):
                self.pen.circle(self.X(8 + side * 3), self.Y(nose_y), 1.1 * u, INK)
        elif kind == "trunk":
            body = self.look.body
            self.pen.curve([(self.X(8), self.Y(hy - 4)), (self.X(16), self.Y(hy - 26)), (self.X(30), self.Y(hy - 30)),
                            (self.X(32), self.Y(hy - 20))], body, 8 * u)
            self.pen.curve([(self.X(8), self.Y(hy - 4)), (self.X(16), self.Y(hy - 26)), (self.X(30), self.Y(hy - 30)),
                            (self.X(32), self.Y(hy - 20))], darken(body, 0.12), 5.5 * u)
        elif kind in ("snout", "cow"):
            tone = (246, 170, 180) if kind == "snout" else (250, 200, 200)
            self.pen.ellipse(self.X(8), self.Y(hy - 9), (7 if kind == "snout" else 12) * u, (5 if kind == "snout" else 7) * u, tone,
                             darken(tone, 0.4), self.line)
            for side in (-1, 1):
                self.pen.ellipse(self.X(8 + side * 3), self.Y(hy - 9), 1.2 * u, 1.8 * u, darken(tone, 0.5))
        elif kind == "monkey":
            self.pen.ellipse(self.X(6), self.Y(hy - 2), 17 * u, 15 * u, (240, 212, 176))
            self.pen.circle(self.X(8), self.Y(nose_y - 1), 1.6 * u, INK)
        elif kind == "horse":          # a long face: a big muzzle below the eyes, and a forelock between the ears
            tone = lighten(self.look.body, 0.35)
            self.pen.rotated_ellipse(self.X(12), self.Y(hy - 14), 16 * u, 11 * u, -self.f * 12, tone, darken(tone, 0.4), self.line)
            for side in (-1, 1):
                self.pen.ellipse(self.X(16 + side * 4), self.Y(hy - 14), 1.6 * u, 2.4 * u, darken(tone, 0.55))
            self.pen.arc(self.X(14), self.Y(hy - 19), 5 * u, 2.5 * u, 20, 160, darken(tone, 0.55), 1.1 * u)
            if self.look.species == "horse":
                mane = darken(self.look.body, 0.4)
                for k, dx in enumerate((-6, 0, 6)):
                    self.poly([(dx - 4, hy + 20), (dx + 4, hy + 20), (dx + 2 - k, hy + 8)], mane, outline=False)
        else:
            self.pen.circle(self.X(7), self.Y(nose_y), 1.8 * u, INK)

    def face(self, dx: float, dy: float, spread: float, size: float = 1.0, mouth: bool = True) -> None:
        """Eyes, cheeks and mouth, shaped by the mood."""
        pen, u, mood = self.pen, self.u * size, self.mood
        eyes = [(self.X(dx - spread * size), self.Y(dy)), (self.X(dx + spread * size), self.Y(dy))]
        for ex, ey in eyes:
            pen.ellipse(ex + self.f * 5.5 * u, ey + 5 * u, 3.6 * u, 2.3 * u, alpha(CHEEK, 110))
        if self.pose == "sleep" or mood == "happy":
            for ex, ey in eyes:
                start, end = (200, 340) if mood == "happy" and self.pose != "sleep" else (20, 160)
                pen.arc(ex, ey + (1.5 * u if start == 200 else -2 * u), 3.4 * u, 3 * u, start, end, INK, 1.2 * u)
        else:
            big = mood == "scared"
            for ex, ey in eyes:
                if big:
                    pen.ellipse(ex, ey, 4.2 * u, 5 * u, (255, 255, 255), INK, 0.6 * u)
                pen.ellipse(ex + self.f * 0.6 * u, ey, 2.7 * u, 3.5 * u, INK)
                pen.circle(ex - 0.6 * u + self.f * 0.6 * u, ey - 1.4 * u, 1.1 * u, (255, 255, 255))
            if mood in ("sad", "angry"):
                centre = (eyes[0][0] + eyes[1][0]) / 2
                inner_lift, outer_lift = (2.2, -1.0) if mood == "sad" else (-1.6, 1.8)
                for ex, ey in eyes:
                    toward = 1 if centre > ex else -1
                    inner = (ex + toward * 3.4 * u, ey - (6 + inner_lift) * u)
                    outer = (ex - toward * 3.4 * u, ey - (6 + outer_lift) * u)
                    pen.line([outer, inner], INK, 0.9 * u)
            if mood == "sad":
                tear_x, tear_y = eyes[1] if self.f > 0 else eyes[0]
                pen.ellipse(tear_x + 3 * u, tear_y + 6 * u, 1.4 * u, 2.2 * u, (120, 190, 250))
        if not mouth:
            return
        mx, my = self.X(dx), self.Y(dy - 10 * size)
        if mood == "happy":
            pen.chord(mx, my - 3 * u, 4.6 * u, 4.6 * u, 0, 180, (176, 60, 74))
            pen.chord(mx, my + 0.2 * u, 2.6 * u, 1.6 * u, 180, 360, (246, 130, 140))
        elif mood == "sad":
            pen.arc(mx, my + 2.5 * u, 3.4 * u, 2.4 * u, 200, 340, INK, 0.9 * u)
        elif mood == "scared":
            pen.ellipse(mx, my, 1.8 * u, 2.2 * u, INK)
        elif mood == "angry":
            pen.line([(mx - 3 * u, my), (mx + 3 * u, my)], INK, 0.9 * u)
        else:
            pen.arc(mx, my - 1.5 * u, 3.2 * u, 2.6 * u, 20, 160, INK, 0.9 * u)

    # -- accessories -----------------------------------------------------------
    def back_accessories(self, body_y: float) -> None:
        """A cape or a backpack, behind the body."""
        look = self.look
        self.torso = self.torso or (0.0, body_y, 22.0, 24.0)
        if self.wears("cape"):
            flying = self.pose in ("fly", "run")
            tail = [(-12, 6), (-46, 14)] if not flying else [(-30, body_y + 2), (-58, body_y + 16)]
            self.poly([(-14, body_y + 22), (12, body_y + 22)] + tail, look.colour("cape"))
        if self.wears("backpack"):
            colour = look.colour("backpack")
            self.pen.rect(self.X(-30), self.Y(body_y + 14), self.X(-12), self.Y(body_y - 10), colour, 4 * self.u,
                          darken(colour, 0.5), self.line)
            self.pen.rect(self.X(-29), self.Y(body_y + 2), self.X(-13), self.Y(body_y - 6), darken(colour, 0.15), 2 * self.u)

    def neck_accessories(self, neck_y: float, dx: float = 0.0, width: float = 1.0) -> None:
        """Scarf, bandana, collar or bow tie around a neck at (dx, neck_y) units, `width` times the usual."""
        look, u = self.look, self.u
        self.neck = (neck_y, dx, width)
        if self.wears("scarf"):
            colour = look.colour("scarf")
            w = width
            self.poly([(dx - 6 * w, neck_y + 2), (dx - 16 * w, neck_y - 18 * w), (dx - 8 * w, neck_y - 20 * w), (dx + 2 * w, neck_y - 2)],
                      darken(colour, 0.1))
            self.pen.ellipse(self.X(dx + 2), self.Y(neck_y), 18 * u * width, 5 * u, colour, darken(colour, 0.5), self.line)
        if self.wears("bandana"):
            self.poly([(dx - 12, neck_y + 3), (dx + 14, neck_y + 3), (dx + 3, neck_y - 12)], look.colour("bandana"))
        if self.wears("collar"):
            colour = look.colour("collar")
            self.pen.ellipse(self.X(dx + 2), self.Y(neck_y), 15 * u * width, 3 * u, colour, darken(colour, 0.5), self.line)
            self.pen.circle(self.X(dx + 6), self.Y(neck_y - 4), 3 * u, (246, 208, 80), darken((246, 208, 80), 0.5), self.line)
        if self.wears("bowtie"):
            colour = look.colour("bowtie")
            for side in (-1, 1):
                self.poly([(dx + 5, neck_y), (dx + 5 + side * 9, neck_y + 5), (dx + 5 + side * 9, neck_y - 5)], colour)
            self.pen.circle(self.X(dx + 5), self.Y(neck_y), 2.4 * u, darken(colour, 0.2))

    def head_accessories(self, hy: float, radius: float, narrow: bool = False, dx: float = 0.0) -> None:
        """Hats, bows, glasses, helmets; `narrow` keeps a hat between tall ears; `dx` moves them onto a head
        that is not above the body's middle (a bird's or a giraffe's)."""
        self.head = (hy, radius, narrow, dx)
        shift = self.f * dx * self.u
        self.x += shift
        try:
            self._head_accessories(hy, radius, narrow)
        finally:
            self.x -= shift

    def _head_accessories(self, hy: float, radius: float, narrow: bool) -> None:
        """The drawing for head_accessories, on a head centred near dx 2."""
        look, u = self.look, self.u
        top = hy + radius
        if narrow:
            radius *= 0.62
        if self.wears("fire_helmet"):
            self.fire_helmet(top, radius if not narrow else radius / 0.62)
        elif self.wears("bike_helmet"):
            self.bike_helmet(hy, top, radius if not narrow else radius / 0.62)
        elif self.wears("helmet"):
            colour = look.colour("helmet")
            self.pen.circle(self.X(2), self.Y(hy + 2), (radius + 8) * u, (220, 240, 255, 70), colour, 2 * u)
            self.pen.arc(self.X(-4), self.Y(hy + 12), 12 * u, 10 * u, 200, 260, (255, 255, 255, 190), 1.6 * u)
        elif self.wears("beanie"):
            colour = look.colour("beanie")
            k = min(1.0, (top - hy) / 18)          # a small head (a bird's) gets a shallower hat that leaves its eyes free
            self.pen.ellipse(self.X(2), self.Y(top - 6 * k), (radius - 3) * u, 12 * k * u, colour, darken(colour, 0.5), self.line)
            self.pen.rect(self.X(2) - (radius - 2) * u, self.Y(top - 5 * k), self.X(2) + (radius - 2) * u, self.Y(top - 10 * k),
                          lighten(colour, 0.3), 2 * u, darken(colour, 0.5), self.line)
            self.pen.circle(self.X(2), self.Y(top + 7), 4.5 * u, (250, 248, 240), darken((250, 248, 240), 0.4), self.line)
        elif self.wears("hat"):
            colour = look.colour("hat")
            self.pen.ellipse(self.X(0), self.Y(top - 4), (radius + 4) * u, 4 * u, darken(colour, 0.1), darken(colour, 0.5), self.line)
            self.pen.ellipse(self.X(2), self.Y(top + 1), (radius - 8) * u, 9 * u, colour, darken(colour, 0.5), self.line)
            self.pen.circle(self.X(10), self.Y(top + 3), 3 * u, (250, 250, 245))
        if self.wears("bow"):
            colour = look.colour("bow")
            bx, by = -12, top - 2
            for side in (-1, 1):
                self.poly([(bx, by), (bx + side * 8, by + 6), (bx + side * 8, by - 5)], colour)
            self.pen.circle(self.X(bx), self.Y(by), 2.4 * u, darken(colour, 0.25))
        if self.wears("glasses"):
            colour = look.colour("glasses")
            for side in (-1, 1):
                self.pen.circle(self.X(6 + side * 9), self.Y(hy + 2), 6 * u, None, colour, 1.3 * u)
            self.pen.line([(self.X(3), self.Y(hy + 3)), (self.X(9), self.Y(hy + 3))], colour, 1.1 * u)

    def fire_helmet(self, top: float, radius: float) -> None:
        """A firefighter's helmet: a domed crown with a ridge, a brim that runs long at the back, a gold badge in front."""
        colour, u = self.look.colour("fire_helmet"), self.u
        edge = darken(colour, 0.5)
        brim_y = top - 7
        self.poly([(-radius - 12, brim_y - 5), (-radius * 0.2, brim_y + 2), (radius + 5, brim_y + 1), (radius + 6, brim_y - 2),
                   (-radius * 0.2, brim_y - 3)], darken(colour, 0.12))
        self.pen.chord(self.X(0), self.Y(brim_y), (radius + 1) * u, (radius * 0.75 + 3) * u, 180, 360, colour)
        self.pen.arc(self.X(0), self.Y(brim_y), (radius + 1) * u, (radius * 0.75 + 3) * u, 180, 360, edge, self.line)
        self.pen.line([(self.X(-radius * 0.7), self.Y(brim_y + radius * 0.5)), (self.X(0), self.Y(brim_y + radius * 0.75 + 3)),
                       (self.X(radius * 0.7), self.Y(brim_y + radius * 0.5))], lighten(colour, 0.25), 2.2 * u)
        gold = (246, 200, 70)
        bx, by = radius * 0.55, brim_y + radius * 0.32
        self.poly([(bx - 4, by + 5), (bx + 4, by + 5), (bx + 4, by - 1), (bx, by - 5), (bx - 4, by - 1)], gold)

    def bike_helmet(self, hy: float, top: float, radius: float) -> None:
        """A bike helmet: a round shell hugging the top of the head, pointed at the back, with dark vent slots, a short
        peak over the eyes and a chin strap down the cheek (not a fire helmet's wide brim and badge)."""
        colour, u = self.look.colour("bike_helmet"), self.u
        edge, strap = darken(colour, 0.5), (60, 60, 70)
        rim_y = top - radius * 0.5
        rx, ry = radius + 2, radius * 0.6 + 4
        self.pen.curve([(self.X(2 - radius * 0.72), self.Y(rim_y)), (self.X(2 - radius * 0.62), self.Y(hy - radius * 0.7)),
                        (self.X(2 + radius * 0.1), self.Y(hy - radius * 0.97))], strap, 1.4 * u)          # the strap, under the chin
        self.pen.circle(self.X(2 - radius * 0.5), self.Y(hy - radius * 0.8), 1.7 * u, (120, 120, 130))   # its buckle
        self.poly([(-rx * 0.5, rim_y + ry * 0.8), (-rx - 5, rim_y - 2), (-rx * 0.3, rim_y - 1)], colour)    # a pointed back
        self.pen.chord(self.X(1), self.Y(rim_y), rx * u, ry * u, 180, 360, colour)
        self.pen.arc(self.X(1), self.Y(rim_y), rx * u, ry * u, 180, 360, edge, self.line)
        self.pen.line([(self.X(1 - rx * 0.98), self.Y(rim_y)), (self.X(1 + rx * 0.98), self.Y(rim_y))], darken(colour, 0.3), 2 * u)
        self.poly([(rx * 0.45, rim_y + 1), (rx + 5, rim_y - 3), (rx * 0.75, rim_y + 4)], darken(colour, 0.25))      # the peak
        for k in (-1, 0, 1):                                                            # vents along the top
            vx = 1 + k * rx * 0.42
            vy = rim_y + ry * (0.7 - 0.14 * abs(k))
            self.pen.rotated_ellipse(self.X(vx), self.Y(vy), 1.7 * u, ry * 0.2 * u, self.f * k * 40, darken(colour, 0.55))
        self.pen.arc(self.X(-3), self.Y(rim_y + 2), rx * 0.7 * u, ry * 0.8 * u, 205, 250, (255, 255, 255, 170), 1.4 * u)

    def clothes(self, dx: float, cy: float, rx: float, ry: float) -> None:
        """Overalls or a dress over a round body whose centre is (dx, cy) units and radii rx, ry."""
        look, u = self.look, self.u
        self.torso = (dx, cy, rx, ry)
        if self.wears("overalls"):
            colour = look.colour("overalls")
            edge = darken(colour, 0.5)
            self.pen.chord(self.X(dx), self.Y(cy), rx * u, ry * u, 0, 180, colour)
            self.pen.arc(self.X(dx), self.Y(cy), rx * u, ry * u, 0, 180, edge, self.line)
            self.pen.rect(self.X(dx - rx * 0.45), self.Y(cy + ry * 0.45), self.X(dx + rx * 0.45), self.Y(cy - 1), colour, 2 * u,
                          edge, self.line)
            for side in (-1, 1):
                top = (self.X(dx + side * rx * 0.55), self.Y(cy + ry * 0.85))
                self.pen.line([(self.X(dx + side * rx * 0.38), self.Y(cy + ry * 0.4)), top], colour, 2.6 * u)
                self.pen.circle(self.X(dx + side * rx * 0.3), self.Y(cy + ry * 0.35), 1.6 * u, (246, 208, 80))
            self.pen.rect(self.X(dx - rx * 0.22), self.Y(cy + ry * 0.25), self.X(dx + rx * 0.22), self.Y(cy + ry * 0.05),
                          darken(colour, 0.15), 1 * u)
        elif self.wears("dress"):
            colour = look.colour("dress")
            self.poly([(dx - rx * 0.75, cy + ry * 0.1), (dx + rx * 0.75, cy + ry * 0.1), (dx + rx * 1.1, cy - ry * 0.95),
                       (dx - rx * 1.1, cy - ry * 0.95)], colour)
            self.pen.line([(self.X(dx - rx), self.Y(cy - ry * 0.75)), (self.X(dx + rx), self.Y(cy - ry * 0.75))],
                          lighten(colour, 0.45), 1.4 * u)

    def pattern(self, kind: str, dx: float, cy: float, rx: float, ry: float) -> None:
        """Stripes (tiger), patches (cow) or spots (giraffe, deer) on a round body."""
        u, dark = self.u, darken(self.look.body, 0.6)
        if kind == "stripes":
            for k in (-2, -1, 0, 1, 2):
                x = dx + k * rx * 0.35
                self.pen.line([(self.X(x - 2), self.Y(cy + ry * 0.7)), (self.X(x + 1), self.Y(cy + ry * 0.25))], dark, 2.4 * u)
        elif kind == "patches":
            for ox, oy, r in ((-10, 8, 7), (8, -8, 6), (12, 12, 5)):
                self.pen.ellipse(self.X(dx + ox), self.Y(cy + oy), r * u, r * 0.8 * u, (58, 56, 64))
        elif kind == "spots":
            for ox, oy in ((-10, 8), (6, 12), (10, -6), (-6, -10), (0, 2)):
                self.pen.ellipse(self.X(dx + ox), self.Y(cy + oy), 4 * u, 3.5 * u, darken(self.look.body, 0.35))

    def wear_leftovers(self) -> None:
        """Every piece of clothing the role sheet names is drawn: what the body's own drawing left out goes on now.

        A cloud's raincoat, a whale's scarf, a frog's boots: each body says where its torso,
        neck and head are, and the missing pieces are drawn there, in their role-sheet colours.
        """
        if self.worn & HEADWEAR:
            self.worn |= HEADWEAR               # one thing on the head at a time
        if "overalls" in self.worn:
            self.worn.add("dress")
        missing = {part for part in self.look.parts if part in ACCESSORIES and part not in self.worn}
        if not missing:
            return
        dx, cy, rx, ry = self.torso or (0.0, 30.0, 20.0, 20.0)
        self.only = missing
        if missing & {"raincoat", "suit", "shirt", "vest"}:
            self.coat(dx, cy, rx, ry)
        if missing & {"cape", "backpack"}:
            self.back_accessories(cy)
        self.clothes(dx, cy, rx, ry)
        if "boots" in missing:
            self.wears("boots")
            colour = self.look.colour("boots")
            for side in (-1, 1):
                self.blob(dx + side * rx * 0.45, cy - ry * 0.95, max(4.0, rx * 0.3), max(3.0, rx * 0.2), colour, shade=False)
        neck_y, neck_dx, width = self.neck or (cy + ry * 0.85, dx, min(1.0, rx / 22))
        self.neck_accessories(neck_y, dx=neck_dx, width=width)
        hy, radius, narrow, head_dx = self.head or (cy + ry + 14, 14.0, False, 0.0)
        self.head_accessories(hy, radius, narrow, head_dx)
        self.only = None

    def coat(self, dx: float, cy: float, rx: float, ry: float) -> None:
        """A raincoat, suit, shirt or vest over the lower part of a body that has no coat of its own.

        A raincoat is a hooded A-line coat: wider at its flared hem, two stubby sleeves, a collar, buttons and
        pockets down the front, and a hood rim around the head (so it reads as a coat, not a bib).
        """
        u = self.u
        for part in ("raincoat", "suit", "shirt", "vest"):
            if self.wears(part):
                colour = self.look.colour(part)
                narrow = 0.55 if part == "vest" else 0.8
                top, bottom = cy + ry * 0.35, cy - ry * 0.9
                if part == "raincoat":
                    for side in (-1, 1):                     # sleeves, sloping out from the shoulders
                        self.poly([(dx + side * rx * 0.6, top), (dx + side * rx * 1.25, top - ry * 0.7),
                                   (dx + side * rx * 1.05, top - ry * 0.95), (dx + side * rx * 0.7, top - ry * 0.45)], colour)
                    self.poly([(dx - rx * 0.7, top), (dx + rx * 0.7, top), (dx + rx * 1.15, bottom), (dx - rx * 1.15, bottom)], colour)
                    self.coat_front(dx, top, bottom, rx, colour, flare=True)
                    if self.head and self.look.species == "robot":      # a head right above the body: the hood is up
                        hy, radius, _narrow, head_dx = self.head
                        self.hood(2 + head_dx, hy, radius, colour, behind=False)
                    elif not self.worn & HEADWEAR:                       # a bird's or a frog's: the hood is down, behind the collar
                        self.pen.chord(self.X(dx - rx * 0.25), self.Y(top), rx * 0.5 * u, ry * 0.3 * u, 180, 360, darken(colour, 0.1))
                        self.pen.arc(self.X(dx - rx * 0.25), self.Y(top), rx * 0.5 * u, ry * 0.3 * u, 180, 360, darken(colour, 0.5), self.line)
                else:
                    self.poly([(dx - rx * narrow, top), (dx + rx * narrow, top), (dx + rx * 1.02, bottom), (dx - rx * 1.02, bottom)], colour)
                    self.pen.line([(self.X(dx - rx * narrow * 0.6), self.Y(top)), (self.X(dx), self.Y(cy + ry * 0.05)),
                                   (self.X(dx + rx * narrow * 0.6), self.Y(top))], darken(colour, 0.35), 1.4 * u)
                self.worn.update(("raincoat", "suit", "shirt", "vest"))     # one coat is enough
                return

    def coat_front(self, dx: float, top: float, bottom: float, half: float, colour, flare: bool) -> None:
        """What makes a coat a coat: a collar at the neck, a closed front with three buttons, two pocket flaps and
        (when `flare`) a hem that flares out past the body; `half` is the body's half width at its middle."""
        u, edge = self.u, darken(colour, 0.5)
        tall = top - bottom
        if flare:                   # the hem flares out: filled without a top edge, so it grows out of the coat
            hem = [(dx - half * 0.8, bottom + tall * 0.25), (dx - half * 1.05, bottom), (dx + half * 1.05, bottom),
                   (dx + half * 0.8, bottom + tall * 0.25)]
            self.poly(hem, colour, outline=False)
            self.pen.line([(self.X(px), self.Y(py)) for px, py in hem], edge, self.line)
            self.pen.line([(self.X(dx - half * 0.98), self.Y(bottom + tall * 0.04)), (self.X(dx + half * 0.98), self.Y(bottom + tall * 0.04))],
                          darken(colour, 0.25), 1.4 * u)
        for side in (-1, 1):                                               # the collar
            self.poly([(dx, top - tall * 0.04), (dx + side * half * 0.5, top + tall * 0.02), (dx + side * half * 0.38, top - tall * 0.18)],
                      darken(colour, 0.12))
        self.pen.line([(self.X(dx + 1), self.Y(top - tall * 0.1)), (self.X(dx + 1), self.Y(bottom + tall * 0.03))], edge, 1.1 * u)
        for k in range(3):
            self.pen.circle(self.X(dx + 3.2), self.Y(top - tall * (0.22 + 0.2 * k)), 1.6 * u, darken(colour, 0.45))
        for side in (-1, 1):                                               # pocket flaps
            px = dx + side * half * 0.5 + 1
            py = bottom + tall * 0.3
            self.pen.rect(self.X(px - half * 0.2), self.Y(py + tall * 0.05), self.X(px + half * 0.2), self.Y(py),
                          darken(colour, 0.12), 1 * u, edge, self.line * 0.8)

    def hood(self, dx: float, hy: float, radius: float, colour, behind: bool = True) -> None:
        """A raincoat's hood, up: a rim of coat around the top and sides of the head, framing the face.

        `behind` draws it before the head (which then covers its middle); otherwise it is a thick band over the
        head's edge, for bodies whose head is already drawn. No hood under a hat or a helmet.
        """
        if self.worn & HEADWEAR or any(self.look.has(part) for part in HEADWEAR):
            return
        u = self.u
        if behind:
            self.pen.ellipse(self.X(dx - 1), self.Y(hy + 2), (radius + 6) * u, (radius + 6) * u, colour, darken(colour, 0.5), self.line)
            self.pen.arc(self.X(dx - 1), self.Y(hy + 2), (radius + 3) * u, (radius + 3) * u, 200, 340, darken(colour, 0.15), 1.6 * u)
        else:
            band = max(4.0, radius * 0.3)
            self.pen.arc(self.X(dx), self.Y(hy), (radius + band * 0.4) * u, (radius + band * 0.4) * u, 115, 425, colour, band * u)
            self.pen.arc(self.X(dx), self.Y(hy), (radius + band * 0.9) * u, (radius + band * 0.9) * u, 115, 425,
                         darken(colour, 0.5), self.line)

    def cuff(self, dx: float, dy: float, angle: float, length: float, thick: float, colour) -> None:
        """A darker band round the end of a sleeve."""
        a = math.radians(angle)
        cx = self.X(dx) + self.f * math.sin(a) * length * 0.78 * self.u
        cy = self.Y(dy) + math.cos(a) * length * 0.78 * self.u
        self.pen.rotated_ellipse(cx, cy, thick * 1.05 * self.u, 2.2 * self.u, -self.f * angle, darken(colour, 0.2))

    def draw_tears(self) -> None:
        """Two streams of tears (crying)."""
        u, (hx, hy) = self.u, self.head_centre()
        for side in (-1, 1):
            x = hx + side * 8 * u
            self.pen.ellipse(x, hy + 6 * u, 2.2 * u, 6 * u, (130, 200, 250, 230))
            self.pen.ellipse(x + side * 2 * u, hy + 16 * u, 2.4 * u, 3.2 * u, (130, 200, 250, 230))

    def head_centre(self) -> tuple[float, float]:
        """Roughly where the eyes are, for tears and breath."""
        species = self.look.species
        if species == "turtle":
            return self.X(40), self.Y(36)
        if species in BIRDS or self.look.variant in ("hen", "chick"):
            return self.X(6), self.Y(52)
        if species in ("girl", "boy"):
            return self.X(5), self.Y(64)
        if species == "robot":
            return self.X(3), self.Y(71)
        if species == "frog":
            return self.X(4), self.Y(58)
        return self.X(8), self.Y(60 if self.pose not in ("sit", "sleep") else 52)

    def draw_breath(self, head_y: float) -> None:
        """Fire (or, when the page says it cannot, a puff of smoke) from a dragon's mouth."""
        u = self.u
        mx, my = self.X(26), self.Y(head_y - 8)
        smoke = self.breath == "smoke"
        if smoke:
            for k, r in enumerate((6, 8, 10)):
                self.pen.circle(mx + self.f * (22 + k * 12) * u, my - (4 + k * 7) * u, r * u, (206, 206, 212, 230),
                                (150, 150, 160), self.line * 0.8)
        size = 0.3 if smoke else 1.0
        for colour, scale in (((236, 84, 50), size), ((250, 150, 60), size * 0.75), ((255, 226, 110), size * 0.45)):
            length, spread = 62 * scale * u, 16 * scale * u
            tip = mx + self.f * length
            self.pen.polygon([(mx, my - 3 * u), (mx + self.f * length * 0.5, my - spread), (mx + self.f * length * 0.75, my - spread * 0.6),
                              (tip, my - spread * 0.9), (mx + self.f * length * 0.85, my), (tip, my + spread * 0.7),
                              (mx + self.f * length * 0.6, my + spread * 0.9), (mx, my + 3 * u)], colour)

    def draw_hen(self) -> None:
        """A hen (or chick): plump round body, fanned tail, small head with a red comb and wattle, beak, folded wing."""
        look, u = self.look, self.u
        chick = look.variant == "chick"
        body = look.body
        wing = look.colour("wings", darken(body, 0.12))
        reddish = body[0] > 170 and body[1] < 120
        red = (222, 60, 60) if not reddish else (176, 20, 44)       # a comb that shows even on a red hen
        self.back_accessories(24)
        for dx in (-7, 7):
            self.pen.line([(self.X(dx), self.Y(12)), (self.X(dx), self.Y(0))], BEAK, 2.2 * u)
            for toe in (-4, 0, 5):
                self.pen.line([(self.X(dx), self.Y(0.5)), (self.X(dx + toe), self.Y(0))], BEAK, 1.6 * u)
        if not chick:
            for k, angle in enumerate((-50, -30, -10)):
                self.pen.rotated_ellipse(self.X(-24 - k * 2), self.Y(40 + k * 4), 6 * u, 17 * u, self.f * angle,
                                         darken(body, 0.1 + 0.06 * k), darken(body, 0.5), self.line)
        self.blob(0, 26, 27 if not chick else 22, 22 if not chick else 20, body)
        self.clothes(0, 26, 27, 22)
        head_x, head_y = (14, 52) if not chick else (6, 44)
        if not chick:
            self.blob(8, 38, 12, 12, body, outline=False)
            for k, dx in enumerate((-4, 2, 8)):
                self.pen.circle(self.X(head_x + dx - 2), self.Y(head_y + 14 + (k == 1) * 2), 4.6 * u, red, darken(red, 0.4), self.line)
        self.blob(head_x, head_y, 14 if not chick else 18, 13 if not chick else 17, body)
        self.neck_accessories(head_y - 14)
        beak = look.colour("beak", BEAK)
        bx = head_x + (12 if not chick else 15)
        self.poly([(bx - 2, head_y + 2), (bx + 8, head_y - 1), (bx - 2, head_y - 4)], beak)
        if not chick:
            self.pen.ellipse(self.X(bx - 2), self.Y(head_y - 9), 3 * u, 5 * u, red, darken(red, 0.4), self.line)
        self.face(head_x + 3, head_y + 3, spread=5 if not chick else 7, size=0.8, mouth=False)
        _back, front = self.arm_angles()
        wing_angle = front if self.pose in ("fly", "hug", "hold", "laugh", "fall", "swim", "run") else 35
        self.hand = self.limb(2, 32, wing_angle, 24, 9, wing)
        for k in range(3):
            self.pen.arc(self.X(2), self.Y(28 - k * 5), 6 * u, 3 * u, 20, 160, darken(wing, 0.35), 0.8 * u)
        self.head_accessories(head_y, 12)

    def draw_zzz(self) -> None:
        """Sleeping Zs above the head."""
        u = self.u
        for k, size in enumerate((5, 7, 9)):
            zx, zy = self.X(20 + k * 9), self.Y(80 + k * 11)
            s = size * u / 2
            self.pen.line([(zx - s, zy - s), (zx + s, zy - s), (zx - s, zy + s), (zx + s, zy + s)],
                          (255, 255, 255, 220), 1.3 * u, round_caps=False)

    # -- birds, frog, turtle, robot, children ------------------------------------
    def draw_bird(self) -> None:
        """An egg-shaped bird (owl, duck, penguin...) with wings, beak and feet."""
        look, body, u = self.look, self.look.body, self.u
        species = look.species
        wing = look.colour("wings", darken(body, 0.15))
        feet = BEAK
        self.back_accessories(30)
        for dx in (-7, 7):
            self.pen.line([(self.X(dx), self.Y(6)), (self.X(dx), self.Y(0)), (self.X(dx + 5), self.Y(0))], feet, 2 * u)
        self.poly([(-18, 24), (-34, 18), (-32, 28), (-36, 34), (-18, 34)], darken(body, 0.1))
        height = 32 if species != "penguin" else 36
        variant = look.variant
        if variant == "parrot":
            for k, colour in enumerate(((226, 70, 70), (80, 140, 226), (246, 200, 70))):
                self.pen.rotated_ellipse(self.X(-20 - k * 3), self.Y(10 - k * 2), 4 * u, 16 * u, self.f * (35 + k * 12), colour,
                                         darken(colour, 0.5), self.line)
        self.blob(0, height + 2, 25, height, body)
        belly = (250, 250, 246) if species == "penguin" else look.belly
        if variant == "robin":
            belly = (236, 110, 60)
        if variant == "eagle":
            self.pen.chord(self.X(2), self.Y(height + 4), 24 * u, height * 0.95 * u, 180, 360, (250, 248, 240))
        self.pen.ellipse(self.X(4), self.Y(height - 4), 15 * u, (height - 10) * u, belly)
        if species == "owl":
            for row in range(3):
                for col in (-1, 0, 1):
                    self.pen.arc(self.X(4 + col * 6), self.Y(height - 4 - row * 7), 3 * u, 2 * u, 20, 160,
                                 darken(belly, 0.3), 0.7 * u)
        back, front = self.arm_angles()
        self.limb(-19, height + 12, back * 0.5 - 10, 26, 7, wing)
        self.neck_accessories(height + 4)     # below the beak and an owl's big eye discs
        face_y = height + 18
        if species == "owl":
            for side in (-1, 1):
                self.poly([(4 + side * 10, height * 2 - 6), (4 + side * 19, height * 2 + 8), (4 + side * 20, height * 2 - 10)], body)
                self.pen.circle(self.X(4 + side * 9), self.Y(face_y), 8 * u, (250, 244, 220), darken(body, 0.4), self.line)
        self.face(4, face_y, spread=9, size=1.0, mouth=False)
        beak = look.colour("beak", BEAK)
        if species == "duck":
            self.pen.ellipse(self.X(12), self.Y(face_y - 8), 8 * u, 3.5 * u, beak, darken(beak, 0.4), self.line)
        elif variant in ("eagle", "parrot"):
            hooked = (246, 200, 60) if variant == "eagle" else (70, 66, 70)
            self.poly([(0, face_y - 3), (12, face_y - 4), (13, face_y - 10), (9, face_y - 8), (1, face_y - 10)], hooked)
            if variant == "parrot":
                for k in range(3):
                    self.pen.rotated_ellipse(self.X(-4 + k * 5), self.Y(face_y + 14 + k), 2.5 * u, 8 * u, self.f * (-30 + k * 25),
                                             (226, 70, 70))
        else:
            self.poly([(1, face_y - 5), (8, face_y - 5), (4.5, face_y - 11)], beak)
        self.clothes(0, height * 0.55, 22, height * 0.55)
        self.hand = self.limb(17, height + 12, front * 0.5 + 10 if self.pose not in ("fly", "hug", "hold") else front, 26, 7, wing)
        self.head_accessories(face_y, height - 12)

    def draw_frog(self) -> None:
        """A squat frog with bulging eyes and a wide smile."""
        body, u = self.look.body, self.u
        for side in (-1, 1):
            self.pen.rotated_ellipse(self.X(side * 18), self.Y(8), 12 * u, 7 * u, side * self.f * 20, darken(body, 0.1),
                                     darken(body, 0.5), self.line)
        self.blob(0, 20, 24, 19, body)
        self.pen.ellipse(self.X(3), self.Y(17), 15 * u, 12 * u, self.look.belly)
        _back, front = self.arm_angles()
        self.hand = self.limb(14, 28, front, 16, 4.5, body)
        self.blob(2, 46, 28, 17, body)
        self.neck_accessories(31)             # under the wide head, drawn over its chin
        for side in (-1, 1):
            self.blob(4 + side * 13, 60, 9, 9, body, shade=False)
        self.face(4, 60, spread=13, mouth=False)
        if self.mood == "sad":
            self.pen.arc(self.X(5), self.Y(36), 12 * u, 5 * u, 200, 340, INK, 1.1 * u)
        else:
            self.pen.arc(self.X(5), self.Y(46), 15 * u, 8 * u, 20, 160, INK, 1.2 * u)
        self.head_accessories(52, 20)

    def draw_turtle(self) -> None:
        """A turtle: patterned shell, stubby legs, head poking out in front."""
        look, u = self.look, self.u
        shell = look.colour("shell", darken(look.body, 0.2))
        skin = lighten(look.body, 0.15) if look.has("shell") else mix(look.body, (190, 200, 120), 0.4)
        for dx in (-18, -6, 10, 20):
            self.blob(dx, 5, 6, 6, skin, shade=False)
        self.pen.curve([(self.X(-26), self.Y(12)), (self.X(-36), self.Y(10)), (self.X(-34), self.Y(16))], skin, 4 * u)
        self.pen.ellipse(self.X(0), self.Y(24), 30 * u, 24 * u, darken(shell, 0.25), darken(shell, 0.6), self.line)
        self.pen.ellipse(self.X(-1), self.Y(26), 27 * u, 21 * u, shell)
        for dx, dy in ((-12, 30), (2, 34), (14, 28), (-6, 18), (10, 18)):
            self.pen.ellipse(self.X(dx), self.Y(dy), 6.5 * u, 5 * u, darken(shell, 0.18))
        self.pen.rect(self.X(-30), self.Y(10), self.X(30), self.Y(4), lighten(shell, 0.25), 4 * u)
        if self.wears("cape"):
            self.poly([(-4, 49), (14, 44), (2, 30), (-26, 12), (-33, 22)], look.colour("cape"))
        self.pen.rotated_ellipse(self.X(30), self.Y(22), 7 * u, 12 * u, self.f * 40, skin, darken(skin, 0.5), self.line)
        self.neck_accessories(26, dx=30, width=0.55)
        self.blob(38, 34, 13, 12, skin)
        self.face(40, 36, spread=5, size=0.8)
        self.head_accessories(34, 12, dx=36)
        self.clothes(0, 22, 28, 20)
        self.hand = (self.X(52), self.Y(14))

    def draw_robot(self) -> None:
        """A boxy robot with a screen face and an antenna."""
        look, u, metal = self.look, self.u, self.look.body
        accent = look.colour("antenna", (236, 96, 88))
        leg = darken(metal, 0.25)
        lifts = {"walk": (6, 0), "jump": (2, 2)}.get(self.pose, (0, 0))
        if self.pose in ("sit", "sleep"):       # sitting down: the body sinks to the ground, knees out, feet planted wide
            self.y += 12 * u
            for side in (-1, 1):                # the ground is now at 12 units
                self.pen.rect(self.X(side * 8), self.Y(26), self.X(side * 26), self.Y(18), leg, 3 * u)
                self.pen.rect(self.X(side * 22 - 4), self.Y(22), self.X(side * 22 + 4), self.Y(15), leg, 2 * u)
                self.pen.rect(self.X(side * 22 - 7), self.Y(17), self.X(side * 22 + 8), self.Y(12), darken(metal, 0.4), 2.5 * u)
            lifts = ()
        for side, lift in zip((-1, 1), lifts):
            self.pen.rect(self.X(side * 9 - 4), self.Y(18 + lift), self.X(side * 9 + 4), self.Y(3 + lift), leg, 2 * u)
            self.pen.rect(self.X(side * 9 - 7), self.Y(5 + lift), self.X(side * 9 + 8), self.Y(lift), darken(metal, 0.4), 2.5 * u)
        back, front = self.arm_angles()
        self.limb(-20, 40, back, 22, 4.5, leg)
        self.torso = (1, 39, 20, 30)          # a coat from the shoulders to below the box body
        self.pen.rect(self.X(-20), self.Y(50), self.X(20), self.Y(14), darken(metal, 0.2), 8 * u, darken(metal, 0.6), self.line)
        self.pen.rect(self.X(-18), self.Y(49), self.X(17), self.Y(17), metal, 7 * u)
        self.pen.rect(self.X(-9), self.Y(42), self.X(9), self.Y(26), darken(metal, 0.35), 3 * u)
        for k, colour in enumerate(((120, 220, 140), (246, 208, 80), accent)):
            self.pen.circle(self.X(-4 + k * 4), self.Y(34), 1.6 * u, colour)
        self.hand = self.limb(20, 40, front, 22, 4.5, leg)
        self.neck_accessories(52)
        self.pen.line([(self.X(2), self.Y(84)), (self.X(2), self.Y(96))], darken(metal, 0.4), 1.4 * u)
        self.pen.circle(self.X(2), self.Y(98), 3.2 * u, accent, darken(accent, 0.5), self.line)
        self.pen.rect(self.X(-17), self.Y(86), self.X(21), self.Y(54), darken(metal, 0.2), 8 * u, darken(metal, 0.6), self.line)
        self.pen.rect(self.X(-15), self.Y(85), self.X(19), self.Y(56), metal, 7 * u)
        self.pen.rect(self.X(-11), self.Y(80), self.X(17), self.Y(60), (40, 48, 70), 5 * u)
        eye = look.colour("eyes", (110, 230, 250))
        if self.mood == "happy" or self.pose == "sleep":
            for side in (-1, 1):
                self.pen.arc(self.X(3 + side * 6), self.Y(70) + 1.5 * u, 3 * u, 2.6 * u, 200, 340, eye, 1.4 * u)
        else:
            for side in (-1, 1):
                self.pen.ellipse(self.X(3 + side * 6), self.Y(71), 2.8 * u, 3.4 * u if self.mood != "scared" else 4 * u, eye)
        if self.mood == "sad":
            self.pen.arc(self.X(3), self.Y(62), 4 * u, 2.4 * u, 200, 340, eye, 1 * u)
        else:
            self.pen.arc(self.X(3), self.Y(66), 4.5 * u, 3 * u, 20, 160, eye, 1 * u)
        self.head_accessories(70, 16)

    def draw_child(self) -> None:
        """A girl or boy: boots and legs, dress or shirt, arms, head, hair, face."""
        look, u, skin = self.look, self.u, self.look.skin
        hair = look.colour("hair", look.body)
        girl = look.species == "girl"
        clothes = look.colour("dress") if self.wears("dress") else look.colour("shirt", (84, 136, 214) if not girl else (240, 150, 176))
        self.wears("shirt")
        boots = look.colour("boots", (150, 98, 62))
        sitting = self.pose in ("sit", "sleep")
        lifts = {"walk": (7, 0), "jump": (3, 5), "run": (9, 0)}.get(self.pose, (0, 0))
        self.back_accessories(38)
        if girl and look.hair_style in ("long", "curly", "wavy"):
            self.blob(2, 60, 22, 22, hair, shade=False)
        for side, lift in zip((-1, 1), lifts):
            if sitting:
                self.pen.line([(self.X(side * 5), self.Y(22)), (self.X(side * 5 + 14), self.Y(6))], skin, 5 * u)
                self.blob(side * 5 + 16, 4, 7, 4.5, boots, shade=False)
            else:
                self.pen.line([(self.X(side * 6), self.Y(24)), (self.X(side * 6 + (3 if lift else 0)), self.Y(6 + lift))], skin, 5 * u)
                self.blob(side * 6 + 3 + (3 if lift else 0), 4 + lift, 7.5, 4.5, boots, shade=False)
        if not girl or self.wears("overalls"):
            trousers = look.colour("overalls", (70, 90, 140))
            for side in (-1, 1):
                self.pen.rect(self.X(side * 6 - 4), self.Y(28), self.X(side * 6 + 4), self.Y(14 if not sitting else 22), trousers, 2 * u)
        back, front = self.arm_angles()
        raincoat = look.colour("raincoat") if self.wears("raincoat") else None
        arm = raincoat or skin
        self.limb(-12, 44, back, 20, 4, arm)
        if girl:
            self.poly([(-10, 48), (12, 48), (20, 18 if not sitting else 20), (-18, 18 if not sitting else 20)], clothes)
            self.pen.line([(self.X(-17), self.Y(21)), (self.X(19), self.Y(21))], lighten(clothes, 0.4), 1.2 * u)
        else:
            self.pen.rect(self.X(-13), self.Y(49), self.X(14), self.Y(24), clothes, 7 * u, darken(clothes, 0.5), self.line)
        if self.wears("overalls"):
            over = look.colour("overalls")
            self.pen.rect(self.X(-10), self.Y(40), self.X(11), self.Y(22), over, 3 * u, darken(over, 0.5), self.line)
            for side in (-1, 1):
                self.pen.line([(self.X(side * 8), self.Y(40)), (self.X(side * 9), self.Y(49))], over, 2.4 * u)
                self.pen.circle(self.X(side * 7), self.Y(38), 1.4 * u, (246, 208, 80))
        if raincoat:
            self.poly([(-12, 50), (13, 50), (21, 12 if not sitting else 18), (-19, 12 if not sitting else 18)], raincoat)
            self.coat_front(1, 50, 12 if not sitting else 18, 17, raincoat, flare=False)
            self.hood(2, 66, 19, raincoat)
        self.neck_accessories(49)
        self.hand = self.limb(13, 44, front, 20, 4, arm)
        if raincoat:
            self.cuff(13, 44, front, 20, 4, raincoat)
        self.pen.circle(self.X(13) + self.f * math.sin(math.radians(front)) * 20 * u,
                        self.Y(44) + math.cos(math.radians(front)) * 20 * u, 3.6 * u, skin)
        self.blob(2, 66, 19, 19, skin)
        self.hair(hair, girl)
        self.face(5, 64, spread=7.5, size=0.9)
        self.pen.circle(self.X(7), self.Y(59), 1.1 * u, darken(skin, 0.25))
        self.head_accessories(66, 19)

    def hair(self, hair, girl: bool) -> None:
        """Hair on top of the head in the look's style (curly, braided, short...)."""
        u, style = self.u, self.look.hair_style
        self.pen.chord(self.X(2), self.Y(68), 20 * u, 19.5 * u, 180, 360, hair)
        self.poly([(-18, 68), (-16, 78), (-4, 86), (12, 86), (21, 74), (21, 66), (14, 72), (6, 69), (2, 74), (-8, 70), (-14, 72)],
                  hair, outline=False)
        self.pen.arc(self.X(2), self.Y(68), 20 * u, 19.5 * u, 180, 360, darken(hair, 0.5), self.line)
        if style == "curly":
            for k in range(7):
                a = math.pi * (0.95 + k * 0.18)
                self.blob(1 + 21 * math.cos(a), 70 - 19 * math.sin(a), 6, 6, hair, shade=False)
        if girl and style == "braided":
            for side in (-1, 1):
                for k in range(3):
                    self.blob(side * 20, 58 - k * 7, 4.5, 4.5, hair, shade=False)
                self.pen.circle(self.X(side * 20), self.Y(36), 2.2 * u, self.look.colour("bow", (236, 96, 120)))

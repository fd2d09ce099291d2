"""Scene words -> a setting, its moods (night, snow, sunset, rain) and a colour palette."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..vocabulary import MODIFIERS, SETTINGS, find_keys
from .pen import darken, mix
from .poses import absent, asked_or_said, over, tried

# page words that turn one picture to night or sunset or rain while the place stays the same
PAGE_MOODS = {
    "night": (("night", "evening", "moon", "stars", "asleep", "bedtime", "dark"), ("夜", "晚上", "月亮", "星星", "睡着", "黑暗")),
    "sunset": (("sunset", "sun went down", "dusk"), ("太阳下山", "黄昏", "傍晚")),
    "rain": (("rain", "storm", "raindrops"), ("下雨", "雨点", "暴风雨", "雨停")),
}


@dataclass(frozen=True)
class Palette:
    sky_top: tuple
    sky_bottom: tuple
    far: tuple          # distant hills / skyline
    mid: tuple          # nearer hills
    ground_top: tuple
    ground_bottom: tuple
    foliage: tuple      # trees and bushes
    trunk: tuple = (118, 84, 58)
    water: tuple = (70, 150, 210)
    accent: tuple = (236, 96, 88)    # roofs, flowers
    light: tuple = (255, 236, 170)   # sun, lamps, windows
    extra: dict = field(default_factory=dict)


BASE = {
    "meadow": Palette((112, 178, 236), (206, 232, 248), (160, 200, 168), (128, 186, 110), (134, 196, 98), (92, 156, 74), (84, 150, 84)),
    "forest": Palette((120, 186, 222), (214, 238, 226), (116, 168, 140), (80, 140, 96), (104, 166, 84), (62, 118, 62), (58, 122, 76)),
    "sea": Palette((96, 176, 238), (214, 238, 252), (120, 180, 196), (40, 132, 200), (244, 220, 168), (226, 194, 138), (86, 160, 96),
                   water=(44, 140, 206)),
    "river": Palette((112, 182, 238), (214, 238, 250), (150, 196, 170), (116, 180, 108), (132, 194, 100), (88, 150, 72), (76, 146, 86),
                     water=(78, 160, 218)),
    "village": Palette((130, 192, 240), (236, 236, 220), (166, 200, 150), (136, 186, 116), (150, 196, 108), (104, 160, 82), (82, 148, 88),
                       accent=(206, 92, 74)),
    "city": Palette((140, 188, 234), (232, 228, 232), (172, 176, 204), (136, 144, 178), (176, 174, 180), (136, 136, 148), (90, 150, 96),
                    accent=(220, 120, 90)),
    "desert": Palette((250, 188, 110), (255, 236, 190), (236, 196, 140), (230, 176, 104), (234, 190, 118), (206, 150, 86), (104, 160, 96),
                      accent=(196, 98, 70)),
    "space": Palette((10, 12, 40), (48, 32, 92), (96, 80, 150), (136, 128, 170), (168, 164, 186), (112, 108, 138), (120, 200, 180),
                     light=(255, 244, 200)),
    "garden": Palette((136, 202, 244), (222, 242, 246), (150, 196, 150), (92, 160, 88), (124, 192, 96), (86, 152, 70), (70, 140, 76),
                      accent=(236, 104, 140)),
    "school": Palette((126, 190, 240), (224, 238, 246), (160, 200, 160), (128, 186, 110), (140, 198, 104), (96, 158, 76), (84, 150, 84),
                      accent=(196, 84, 70)),
    "home": Palette((130, 196, 240), (214, 236, 248), (246, 226, 190), (232, 204, 160), (186, 134, 86), (150, 100, 62), (96, 150, 96),
                    accent=(200, 90, 80), light=(255, 226, 150)),
    "mountain": Palette((110, 172, 232), (216, 232, 246), (142, 152, 196), (110, 150, 124), (124, 174, 100), (86, 136, 74), (64, 120, 80)),
    "farm": Palette((126, 192, 240), (232, 240, 230), (214, 196, 110), (150, 190, 100), (140, 192, 92), (100, 156, 70), (80, 146, 82),
                    accent=(198, 64, 56)),
}


def scene_keys(scene: str, topic: str = "") -> tuple[str, tuple[str, ...]]:
    """Return (setting, modifiers) for the scene text, falling back to the topic."""
    settings = find_keys(scene, SETTINGS) or find_keys(topic, SETTINGS)
    modifiers = find_keys(scene, MODIFIERS) or ([] if settings and scene.strip() else find_keys(topic, MODIFIERS))
    return (settings[0] if settings else "meadow"), tuple(modifiers)


# a page that arrives at the sea shows it, even in a meadow story ("there it was: the wide blue sea"); not the sea
# only thought about, headed for or asked about
AT_THE_SEA = re.compile(r"\b(?:the|a) (?:(?:wide|big|blue|sparkling|deep|endless|open|great) )*(?:sea|ocean|seaside|beach)\b|"
                        r"(?:看到了|来到了|到了)(?:大海|海边)", re.IGNORECASE)
NOT_THERE_YET = re.compile(r"\b(?:towards?|about|of|for|to go to|to see|longed for|wished for)\s+$", re.IGNORECASE)


def page_setting(text: str, setting: str) -> str:
    """The setting this page is drawn in: the story's, or the sea when the page reaches it."""
    if setting in ("sea", "space", "home"):
        return setting
    for match in AT_THE_SEA.finditer(text):
        at = match.start()
        if not (NOT_THERE_YET.search(text[max(0, at - 16):at]) or absent(text, at) or asked_or_said(text, at) or tried(text, at)):
            return "sea"
    return setting


def page_moods(text: str) -> set[str]:
    """Moods a page's own words ask for ("that night..." -> night); rain that has stopped is no rainy mood."""
    return {mood for mood, spots in _mood_spots(text).items() if mood != "rain" or "now" in spots}


def weather_over(text: str) -> set[str]:
    """Weather the page says has ended ("At last the rain stopped"), to take away even when the scene is a rainy one."""
    return {mood for mood, spots in _mood_spots(text).items() if mood == "rain" and "over" in spots and "now" not in spots}


def _mood_spots(text: str) -> dict[str, list[str]]:
    """For each page mood, one entry per word that names it: "now", "over" ("the rain stopped") or "said"
    (only talked or asked about: "how far away the storm is," said Inky)."""
    lowered = " " + text.lower()
    spots: dict[str, list[str]] = {}
    for mood, (english, chinese) in PAGE_MOODS.items():
        hits = [_state(lowered, m.start()) for word in english
                for m in re.finditer(r"(?<![a-z])" + re.escape(word) + r"(?:s|es|y|ing|ed|ness|light)?(?![a-z])", lowered)]
        hits += [_state(text, m.start()) for word in chinese for m in re.finditer(re.escape(word), text)]
        if hits:
            spots[mood] = hits
    return spots


def _state(text: str, at: int) -> str:
    """Whether the weather word at `at` is happening now, over, or only said."""
    return "over" if over(text, at) else "said" if asked_or_said(text, at) else "now"


def make_palette(setting: str, moods: set[str]) -> Palette:
    """The setting's colours, changed by night / snow / sunset / rain."""
    p = BASE.get(setting, BASE["meadow"])
    if "snow" in moods and setting not in ("home", "space"):
        p = replace(p, sky_top=(168, 196, 226), sky_bottom=(236, 242, 250), far=(206, 218, 238), mid=(226, 234, 246),
                    ground_top=(246, 249, 255), ground_bottom=(206, 220, 240), foliage=darken(p.foliage, 0.15),
                    water=(150, 190, 220), extra={"snow": True})
    if "sunset" in moods and setting not in ("home", "space"):
        p = _tint(p, (255, 150, 90), 0.22)
        p = replace(p, sky_top=(116, 96, 170), sky_bottom=(255, 178, 112), light=(255, 210, 140))
    if "rain" in moods and setting != "space":
        p = _tint(p, (120, 130, 150), 0.35)
        p = replace(p, sky_top=(112, 122, 140), sky_bottom=(178, 186, 198))
    if "night" in moods and setting != "space":
        p = _tint(p, (24, 32, 78), 0.58)
        sky_top, sky_bottom = ((14, 20, 58), (52, 66, 124)) if setting != "home" else (p.sky_top, p.sky_bottom)
        p = replace(p, sky_top=sky_top, sky_bottom=sky_bottom, light=(255, 226, 140))
    return replace(p, extra={**p.extra, "night": "night" in moods or setting == "space", "snow": "snow" in moods,
                             "indoors": setting == "home",
                             "rain": "rain" in moods, "sunset": "sunset" in moods})


def _tint(p: Palette, colour: tuple, amount: float) -> Palette:
    """Shift every landscape colour toward one light (night blue, sunset orange, rain grey)."""
    names = ("sky_top", "sky_bottom", "far", "mid", "ground_top", "ground_bottom", "foliage", "trunk", "water", "accent")
    return replace(p, **{name: mix(getattr(p, name), colour, amount) for name in names})


def tint(p: Palette, colour: tuple, amount: float) -> Palette:
    """A light over the whole place (a story's own morning or afternoon colour)."""
    return _tint(p, colour, amount)


def haze(p: Palette, colour: tuple, amount: float) -> tuple:
    """Push a colour toward the sky (distance haze)."""
    return mix(colour, p.sky_bottom, amount)


__all__ = ["Palette", "haze", "make_palette", "page_moods", "scene_keys"]

"""The words that name each prop in a picture: the shared prop table plus the synonyms pages use.

The shared table (``vocabulary.PROPS``) is also read by the writer's checks, so words that
only matter for drawing live here: "BOOM" and "thunderclap" are lightning, a brook or a
creek is a stream, buttercups are flowers, a firefighter's page shows a fire engine. Keys are catalogue names.
"""
from __future__ import annotations

from ..vocabulary import PROPS, Table

EXTRA_WORDS: Table = {
    "lightning": (("boom", "kaboom", "thunderclap", "thunderbolt", "thunderclouds", "thundercloud", "storm cloud"),
                  ("轰隆", "雷声", "雷电", "雷雨")),
    "stream": (("stream", "brook", "creek", "river", "riverbank", "waterfall", "babbling water"),
               ("小溪", "溪水", "溪流", "溪", "小河", "河边", "河水", "大河", "瀑布")),
    "flower": (("buttercup", "dandelion", "poppy", "poppies", "petal", "petals", "nectar", "pollen", "meadow flowers"),
               ("花朵", "花蜜", "花粉", "蒲公英")),
    "tree": (("pine", "fir tree", "birch", "maple", "trunk of a tree"), ("松树", "大树")),
    "picnic": (("feast",), ("大餐",)),
    "fire": (("fireplace", "hearth", "campfires"), ("壁炉",)),
    "snow": (("snowball", "snowballs", "snowdrift", "icicle", "icicles"), ("雪球",)),
    "boat": (("canoe", "ferry", "yacht", "rowboat"), ("小船", "帆船")),
    "rain": (("shower", "downpour", "rainclouds", "raincloud"), ("下雨", "雨滴", "雨点")),
    "fire truck": (("fire truck", "fire engine", "firetruck", "fire-engine", "fire station", "firefighter", "fire fighter",
                    "fireman", "firemen", "firefighters"), ("消防车", "救火车", "消防站", "消防员")),
    "hose": (("hose", "hosepipe", "fire hose", "garden hose"), ("水管", "水枪", "消防水带", "水龙带")),
    "helmet": (("helmet", "bike helmet", "bicycle helmet", "cycling helmet", "crash helmet"), ("头盔", "自行车头盔", "骑行头盔")),
    "bicycle": (("pedalled", "pedalling", "pedaled", "pedaling", "cycled", "cycling"), ("骑车", "骑自行车")),
    "wheat": (("wheat", "wheatfield", "cornfield", "grain", "barley"), ("小麦", "麦子", "麦田", "麦穗")),
    "den": (("den", "shelter", "lean-to", "burrow"), ("洞穴", "树枝屋", "庇护所")),
    "fire helmet": (("fire helmet", "firefighter's helmet", "fireman's helmet", "firefighter helmet"), ("消防帽", "消防头盔")),
}


def _merged(shared: Table, extra: Table) -> Table:
    """The shared table with the picture-only words added to each key (new keys added whole)."""
    table = dict(shared)
    for key, (english, chinese) in extra.items():
        old_english, old_chinese = table.get(key, ((), ()))
        table[key] = (tuple(old_english) + tuple(w for w in english if w not in old_english),
                      tuple(old_chinese) + tuple(w for w in chinese if w not in old_chinese))
    return table


PICTURE_PROPS: Table = _merged(PROPS, EXTRA_WORDS)

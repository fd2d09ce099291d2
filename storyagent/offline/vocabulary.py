"""Keyword tables (English and Chinese) shared by the offline writer and illustrator.

Each table maps a key to (English words, Chinese words). ``find_keys`` finds keys in
free text, preferring the longest match at a place, so 猫头鹰 (owl) is not read as
猫 (cat) and "polar bear" is not read as "bear".
"""
from __future__ import annotations

import re
from typing import Mapping, Sequence

Table = Mapping[str, tuple[Sequence[str], Sequence[str]]]

# places a story can happen in; "meadow" is the fallback
SETTINGS: Table = {
    "space": (("space", "outer space", "planet", "galaxy", "rocket", "spaceship", "moon base", "on the moon"),
              ("太空", "宇宙", "星球", "月球", "火箭", "飞船", "银河")),
    "forest": (("forest", "woods", "wood", "woodland", "jungle", "grove"), ("森林", "树林", "丛林", "林子")),
    "sea": (("sea", "ocean", "beach", "shore", "seaside", "island", "coast", "bay", "underwater"),
            ("海", "海边", "海洋", "沙滩", "海岛", "岛")),
    "river": (("river", "lake", "pond", "stream", "creek", "riverbank", "waterfall"), ("河", "湖", "池塘", "小溪", "溪", "瀑布")),
    "village": (("village", "town", "hamlet", "cottage"), ("村", "村庄", "小镇", "镇")),
    "city": (("city", "street", "downtown", "castle", "kingdom"), ("城市", "城", "街", "城堡", "王国")),
    "desert": (("desert", "dune", "oasis"), ("沙漠", "绿洲")),
    "garden": (("garden", "park", "backyard", "yard", "orchard"), ("花园", "公园", "院子", "果园")),
    "school": (("school", "classroom", "kindergarten", "playground"), ("学校", "教室", "幼儿园", "操场")),
    "home": (("home", "house", "room", "bedroom", "kitchen", "living room"), ("家", "房间", "卧室", "厨房", "屋")),
    "mountain": (("mountain", "hill", "peak", "cliff", "valley", "cave"), ("山", "山谷", "山洞", "悬崖")),
    "farm": (("farm", "barn", "field", "ranch", "meadow farm"), ("农场", "田野", "田", "牧场")),
    "meadow": (("meadow", "countryside", "grassland", "prairie"), ("草地", "草原", "原野")),
}

# things that change the look of any place
MODIFIERS: Table = {
    "night": (("night", "evening", "midnight", "starry", "moonlit", "dark", "bedtime"), ("夜", "晚上", "夜晚", "星空", "月光", "黑夜")),
    "snow": (("snow", "snowy", "winter", "ice", "icy", "frozen", "arctic", "polar"), ("雪", "冬", "冰", "北极", "南极")),
    "sunset": (("sunset", "dusk", "autumn", "fall"), ("黄昏", "傍晚", "夕阳", "秋")),
    "rain": (("rain", "rainy", "storm", "stormy"), ("雨", "暴风", "雷")),
}

COLOURS: dict[str, tuple[int, int, int]] = {
    "orange": (236, 140, 60), "white": (246, 244, 238), "black": (58, 56, 64), "grey": (150, 150, 158),
    "brown": (150, 98, 62), "golden": (232, 184, 72), "yellow": (246, 208, 80), "red": (218, 72, 66),
    "pink": (240, 150, 176), "blue": (84, 136, 214), "green": (96, 170, 92), "purple": (150, 104, 190),
    "silver": (196, 200, 210), "cream": (244, 228, 196), "teal": (62, 170, 168), "ginger": (214, 120, 58),
}
COLOUR_WORDS: Table = {
    "orange": (("orange",), ("橙", "橘")), "white": (("white", "snowy-white"), ("白",)),
    "black": (("black",), ("黑",)), "grey": (("grey", "gray"), ("灰",)), "brown": (("brown", "chocolate"), ("棕", "褐", "咖啡")),
    "golden": (("golden", "gold", "blond", "blonde"), ("金",)), "yellow": (("yellow",), ("黄",)),
    "red": (("red",), ("红",)), "pink": (("pink",), ("粉",)), "blue": (("blue",), ("蓝",)),
    "green": (("green",), ("绿",)), "purple": (("purple", "violet"), ("紫",)), "silver": (("silver",), ("银",)),
    "cream": (("cream", "beige"), ("米色", "奶油")), "teal": (("teal", "turquoise"), ("青",)),
    "ginger": (("ginger",), ("姜黄",)),
}

# body types the illustrator can draw
CREATURES: Table = {
    "owl": (("owl",), ("猫头鹰",)),
    "panda": (("panda",), ("熊猫",)),
    "cat": (("cat", "kitten", "kitty"), ("猫", "小猫")),
    "dog": (("dog", "puppy", "pup", "doggy", "sheepdog"), ("狗", "小狗", "犬", "牧羊犬")),
    "rabbit": (("rabbit", "bunny", "hare"), ("兔",)),
    "bear": (("bear", "cub", "polar bear", "teddy"), ("熊",)),
    "fox": (("fox",), ("狐狸",)),
    "mouse": (("mouse", "mice", "hamster"), ("老鼠", "鼠", "仓鼠")),
    "squirrel": (("squirrel",), ("松鼠",)),
    "lion": (("lion",), ("狮子", "狮")),
    "bird": (("bird", "sparrow", "robin", "chick", "hen", "pigeon", "parrot", "eagle", "seagull"),
             ("鸟", "麻雀", "小鸡", "母鸡", "鸽子", "鹦鹉", "老鹰", "海鸥")),
    "duck": (("duck", "duckling", "goose"), ("鸭", "鹅")),
    "penguin": (("penguin",), ("企鹅",)),
    "frog": (("frog", "toad"), ("青蛙", "蛙")),
    "turtle": (("turtle", "tortoise"), ("乌龟", "海龟", "龟")),
    "sheep": (("sheep", "lamb", "goat"), ("羊", "小羊", "山羊")),
    "dragon": (("dragon", "dinosaur"), ("龙", "恐龙")),
    "robot": (("robot",), ("机器人",)),
    "girl": (("girl", "princess", "daughter", "sister", "grandma", "granny", "lady"), ("女孩", "姑娘", "公主", "妹妹", "姐姐", "奶奶")),
    "boy": (("boy", "prince", "son", "brother", "grandpa", "kid", "child"), ("男孩", "王子", "弟弟", "哥哥", "爷爷", "孩子")),
}

# things a page can name that the illustrator draws (see offline/drawing/catalogue.py)
PROPS: Table = {
    "star": (("star", "starlight", "twinkle"), ("星星", "星光")), "moon": (("moon", "moonlight"), ("月亮", "月光")),
    "tree": (("tree", "oak", "apple tree", "branch"), ("树", "橡树", "树枝")),
    "house": (("house", "home", "cottage", "hut"), ("房子", "屋", "家")), "boat": (("boat", "ship", "raft", "sailboat"), ("船",)),
    "flower": (("flower", "blossom", "rose", "bloom", "bloomed", "wildflower", "sunflower", "daisy", "daisies", "tulip"), ("花",)),
    "book": (("book", "story book", "storybook"), ("书", "图书", "故事书")),
    "ball": (("ball", "football", "soccer"), ("球", "足球", "皮球")),
    "cake": (("cake", "cupcake", "pie", "party", "birthday"), ("蛋糕", "派对", "生日")),
    "rain": (("rain", "raining", "rainy", "storm", "raindrop", "drizzle"), ("雨",)),
    "sun": (("sun", "sunny", "sunshine", "sunlight"), ("太阳", "阳光")),
    "cloud": (("cloud", "cloudy"), ("云",)), "key": (("key",), ("钥匙",)), "map": (("map",), ("地图",)),
    "lantern": (("lantern", "lamp", "torch", "candle", "flashlight"), ("灯笼", "灯", "蜡烛", "手电筒")),
    "gift": (("gift", "present"), ("礼物",)), "kite": (("kite",), ("风筝",)),
    "apple": (("apple", "berry", "berries", "fruit", "pear", "cherries"), ("苹果", "果子", "浆果", "水果")),
    "umbrella": (("umbrella",), ("伞", "雨伞")), "balloon": (("balloon",), ("气球",)),
    "seed": (("seed", "sprout", "seedling", "plant", "planted"), ("种子", "芽", "发芽", "种下")),
    "rainbow": (("rainbow",), ("彩虹",)), "basket": (("basket",), ("篮子", "篮")), "cup": (("cup", "mug", "tea", "cocoa"), ("杯", "茶")),
    "heart": (("hug", "love", "hugged"), ("拥抱", "爱心", "爱你", "喜爱", "我爱")), "mushroom": (("mushroom", "toadstool"), ("蘑菇",)),
    "toys": (("toy", "toys", "playthings"), ("玩具",)), "teddy": (("teddy", "teddy bear", "stuffed bear"), ("泰迪熊", "玩具熊", "小熊玩偶")),
    "blocks": (("blocks", "building blocks", "bricks", "lego"), ("积木",)),
    "car": (("car", "toy car", "truck"), ("小汽车", "汽车", "玩具车", "卡车")), "train": (("train", "toy train"), ("火车", "小火车")),
    "doll": (("doll", "puppet"), ("娃娃", "洋娃娃", "木偶")),
    "dinosaur": (("dinosaur", "dino", "t-rex", "toy dinosaur", "dinosaur toy"), ("恐龙", "恐龙玩具")),
    "paint": (("paint", "painted", "painting", "paints", "easel", "drawing", "picture", "artist", "painter"),
              ("画画", "颜料", "画笔", "画架", "画画儿", "绘画", "画")),
    "brush": (("paintbrush", "brush"), ("刷子", "毛笔")), "crayons": (("crayon", "crayons", "pencil", "pencils", "drew"), ("蜡笔", "铅笔")),
    "fire": (("fire", "flame", "flames", "campfire", "bonfire", "blaze"), ("火", "火焰", "篝火", "喷火", "火苗")),
    "drum": (("drum", "drums", "drummed"), ("鼓", "打鼓")), "guitar": (("guitar", "ukulele"), ("吉他",)),
    "music": (("song", "sang", "sing", "singing", "music", "hummed", "hum", "tune", "melody"), ("唱歌", "歌", "音乐", "哼")),
    "bicycle": (("bicycle", "bike", "tricycle"), ("自行车", "单车", "脚踏车")),
    "honey": (("honey", "honeypot", "honey pot", "hive", "beehive"), ("蜂蜜", "蜂巢", "蜂窝")),
    "bee": (("bee", "bees", "bumblebee"), ("蜜蜂",)), "butterfly": (("butterfly", "butterflies"), ("蝴蝶",)),
    "fish": (("fish", "fishing", "goldfish"), ("鱼", "小鱼", "钓鱼")), "shell": (("shell", "seashell"), ("贝壳",)),
    "sandcastle": (("sandcastle", "sand castle"), ("沙堡", "沙子城堡")), "bucket": (("bucket", "pail"), ("小桶", "水桶")),
    "egg": (("egg",), ("蛋", "鸡蛋")), "nest": (("nest",), ("鸟窝", "窝", "巢")), "feather": (("feather",), ("羽毛",)),
    "leaves": (("leaf", "leaves"), ("叶子", "树叶", "落叶")), "acorn": (("acorn", "nut", "nuts", "chestnut"), ("橡果", "橡子", "坚果", "松果")),
    "carrot": (("carrot", "vegetable", "vegetables"), ("胡萝卜", "萝卜", "蔬菜")), "pumpkin": (("pumpkin",), ("南瓜",)),
    "bread": (("bread", "loaf", "sandwich"), ("面包", "三明治")), "picnic": (("picnic",), ("野餐",)),
    "ice cream": (("ice cream", "ice-cream"), ("冰淇淋", "雪糕")), "candy": (("candy", "candies", "sweets", "lollipop"), ("糖果", "棒棒糖")),
    "cookie": (("cookie", "biscuit"), ("饼干", "曲奇")), "letter": (("letter", "envelope", "postcard", "note"), ("信封", "一封信", "来信", "写信", "明信片")),
    "crown": (("crown", "tiara"), ("王冠", "皇冠")), "clock": (("clock", "alarm clock", "o'clock"), ("时钟", "闹钟", "钟表")),
    "bed": (("bed", "pillow", "blanket", "quilt"), ("床", "被子", "枕头")), "bell": (("bell", "jingle"), ("铃铛", "铃")),
    "tent": (("tent", "camping", "camp"), ("帐篷", "露营")), "ladder": (("ladder",), ("梯子",)), "bridge": (("bridge",), ("桥",)),
    "trophy": (("trophy", "medal", "prize", "ribbon"), ("奖杯", "奖牌", "奖品")), "flag": (("flag", "finish line"), ("旗", "旗子", "终点线")),
    "telescope": (("telescope", "binoculars"), ("望远镜",)), "spade": (("spade", "shovel", "dig", "dug", "digging"), ("铲子", "铁锹", "挖")),
    "watering can": (("watering can", "watered", "watering"), ("水壶", "喷壶", "浇水")),
    "puddle": (("puddle",), ("水坑",)), "rock": (("rock", "stone", "pebble", "boulder"), ("石头", "岩石", "鹅卵石")),
    "pond": (("pond", "lake", "pool"), ("池塘", "湖", "水池")), "snowman": (("snowman",), ("雪人",)),
    "sled": (("sled", "sledge", "sleigh"), ("雪橇",)), "swing": (("swing", "swings", "swung", "playground"), ("秋千", "荡秋千")),
    "wand": (("wand", "magic"), ("魔法棒", "魔杖", "魔法")), "treasure": (("treasure", "chest", "gold coins"), ("宝箱", "宝藏", "宝物")),
    "fireflies": (("firefly", "fireflies", "glow-worm"), ("萤火虫",)), "bubbles": (("bubble", "bubbles"), ("泡泡",)),
    "snow": (("snow", "snowflake", "snowy", "snowing"), ("雪", "雪花", "下雪")),
    "lightning": (("lightning", "thunder", "thunderstorm"), ("闪电", "雷", "打雷")),
    "wind": (("wind", "windy", "breeze", "gust", "blew"), ("风", "刮风", "微风")),
    "plane": (("plane", "aeroplane", "airplane", "paper plane"), ("飞机", "纸飞机")), "rocket": (("rocket", "spaceship"), ("火箭", "飞船")),
    "planet": (("planet", "saturn", "earth"), ("星球", "行星", "地球")), "bag": (("bag", "backpack", "schoolbag"), ("书包", "背包", "包")),
}

_CJK = re.compile(r"[\u3400-\u9fff]")


def has_cjk(text: str) -> bool:
    """Say whether text contains Chinese characters."""
    return bool(_CJK.search(text or ""))


_COMPILED: dict[int, list[tuple[re.Pattern, str]]] = {}


def _patterns(table: Table) -> list[tuple[re.Pattern, str]]:
    """Compile a table's words once (tables are module constants)."""
    if id(table) in _COMPILED:
        return _COMPILED[id(table)]
    patterns = []
    for key, (english, chinese) in table.items():
        for word in english:
            patterns.append((re.compile(rf"\b{re.escape(word)}(?:s|es)?\b", re.IGNORECASE), key))
        for word in chinese:
            patterns.append((re.compile(re.escape(word)), key))
    _COMPILED[id(table)] = patterns
    return patterns


def find_matches(text: str, table: Table) -> list[tuple[int, str, str]]:
    """Return (position, key, matched text) of table words in text, longest match wins."""
    hits = []
    for pattern, key in _patterns(table):
        for match in pattern.finditer(text or ""):
            hits.append((match.start(), match.end(), key, match.group(0)))
    hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen, covered_until = [], -1
    for start, end, key, word in hits:
        if start >= covered_until:
            chosen.append((start, key, word))
            covered_until = end
    return chosen


def find_keys(text: str, table: Table) -> list[str]:
    """Return the distinct keys of table words found in text, in order of appearance."""
    keys: list[str] = []
    for _, key, _ in find_matches(text, table):
        if key not in keys:
            keys.append(key)
    return keys


def first_key(text: str, table: Table, default: str | None = None) -> str | None:
    """Return the first key found in text, or default."""
    keys = find_keys(text, table)
    return keys[0] if keys else default

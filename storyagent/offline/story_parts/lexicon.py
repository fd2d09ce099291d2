"""Word tables the topic reader and the plots share, in English and Chinese.

KINDS: what a hero or partner can be (with the drawable body type, colours and a
feature for the role sheet). THINGS: concrete objects a topic may name. SKILLS:
things a hero learns, each with tries that fail in their own way. FEARS: things a
hero is afraid of, with how they show up and what helps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    en: str                 # noun used in sentences: "dragon"
    zh: str                 # "小龙"
    measure: str            # Chinese measure word: "条"
    colours: tuple[str, ...]
    feature_en: str
    feature_zh: str
    person: bool = False
    scene: str = ""         # a place it belongs to, "" = anywhere


def _kind(key, en, zh, measure, colours, feature_en, feature_zh, person=False, scene="") -> Kind:
    return Kind(key, en, zh, measure, tuple(colours.split()), feature_en, feature_zh, person, scene)


# English words (regex alternatives) -> Kind. Longer words first where one contains another.
KINDS: dict[str, Kind] = {
    "polar bear": _kind("bear", "polar bear", "小北极熊", "只", "white", "a round black nose", "黑黑的圆鼻子", scene="snow"),
    "cat|kitten|kitty": _kind("cat", "kitten", "小猫", "只", "orange grey white ginger", "a long curly tail", "尾巴长长的"),
    "dog|puppy|pup|doggy": _kind("dog", "puppy", "小狗", "只", "brown golden white cream", "floppy ears", "耳朵耷拉着"),
    "hare": _kind("rabbit", "hare", "野兔", "只", "brown grey", "long quick legs", "腿长长的"),
    "rabbit|bunny": _kind("rabbit", "bunny", "小兔子", "只", "white grey brown cream", "long soft ears", "耳朵长长的"),
    "panda": _kind("panda", "panda", "熊猫宝宝", "只", "black", "round fuzzy ears", "黑眼圈圆圆的"),
    "bear|teddy|cub": _kind("bear", "bear cub", "小熊", "只", "brown golden", "round fuzzy ears", "耳朵圆圆的", scene="forest"),
    "fox": _kind("fox", "fox", "小狐狸", "只", "orange red", "a fluffy tail", "尾巴毛茸茸的", scene="forest"),
    "mouse|mice|hamster": _kind("mouse", "mouse", "小老鼠", "只", "grey brown", "big round ears", "耳朵大大的"),
    "squirrel": _kind("squirrel", "squirrel", "小松鼠", "只", "red brown", "a bushy tail", "尾巴蓬蓬的", scene="forest"),
    "lion": _kind("lion", "lion cub", "小狮子", "只", "golden", "a fluffy mane", "鬃毛蓬松", scene="meadow"),
    "owl": _kind("owl", "owl", "小猫头鹰", "只", "brown grey", "big round eyes", "眼睛圆溜溜的", scene="forest"),
    "hen|chicken": _kind("bird", "hen", "小母鸡", "只", "red brown white", "a red comb", "红红的鸡冠", scene="farm"),
    "chick": _kind("bird", "chick", "小鸡", "只", "yellow", "fluffy down", "绒毛软软的", scene="farm"),
    "duck|duckling": _kind("duck", "duckling", "小鸭子", "只", "yellow white", "webbed feet", "脚蹼扁扁的", scene="river"),
    "penguin": _kind("penguin", "penguin", "小企鹅", "只", "black", "a round tummy", "肚子圆滚滚的", scene="snow"),
    "bird|sparrow|robin|parrot|eagle|seagull|pigeon": _kind("bird", "bird", "小鸟", "只", "blue red yellow",
                                                           "bright little wings", "翅膀小小的"),
    "frog|toad": _kind("frog", "frog", "小青蛙", "只", "green", "big round eyes", "眼睛鼓鼓的", scene="river"),
    "tortoise": _kind("turtle", "tortoise", "小乌龟", "只", "brown green", "a patterned shell", "壳上有花纹", scene="meadow"),
    "turtle": _kind("turtle", "turtle", "小乌龟", "只", "green", "a patterned shell", "壳上有花纹", scene="river"),
    "goat": _kind("sheep", "goat", "小山羊", "只", "white brown", "little curved horns", "弯弯的小角", scene="mountain"),
    "sheep|lamb": _kind("sheep", "lamb", "小羊", "只", "white cream", "fluffy curls", "卷毛软软的", scene="farm"),
    "dinosaur|t-rex|trex": _kind("dragon", "dinosaur", "小恐龙", "只", "green purple teal", "a long tail", "尾巴长长的"),
    "dragon": _kind("dragon", "dragon", "小龙", "条", "green purple red teal", "little wings", "翅膀小小的", scene="mountain"),
    "robot": _kind("robot", "robot", "小机器人", "个", "silver blue teal", "round glowing eyes", "眼睛亮闪闪的"),
    "girl|princess|daughter|sister": _kind("girl", "girl", "小女孩", "个", "brown black golden red", "", "", person=True),
    "boy|prince|son|brother|kid|child": _kind("boy", "boy", "小男孩", "个", "brown black golden red", "", "", person=True),
    "cloud": _kind("cloud", "cloud", "小云朵", "朵", "white grey", "a soft puffy edge", "软软的、蓬蓬的", scene="meadow"),
    "elephant": _kind("elephant", "elephant", "小象", "头", "grey", "a long trunk", "鼻子长长的", scene="meadow"),
    "monkey": _kind("monkey", "monkey", "小猴子", "只", "brown", "a curly tail", "尾巴弯弯的", scene="forest"),
    "tiger": _kind("tiger", "tiger cub", "小老虎", "只", "orange", "black stripes", "身上有黑条纹", scene="forest"),
    "pig|piglet": _kind("pig", "piglet", "小猪", "只", "pink", "a curly tail", "尾巴卷卷的", scene="farm"),
    "cow|calf": _kind("cow", "calf", "小牛", "头", "white brown", "a pink nose", "粉粉的鼻子", scene="farm"),
    "horse|pony": _kind("horse", "pony", "小马", "匹", "brown white", "a flowing mane", "鬃毛飘飘的", scene="farm"),
    "unicorn": _kind("horse", "unicorn", "独角兽", "只", "white", "a golden horn", "金色的独角"),
    "bee|bumblebee": _kind("bee", "bee", "小蜜蜂", "只", "yellow", "black stripes", "身上有黑条纹", scene="garden"),
    "butterfly": _kind("butterfly", "butterfly", "小蝴蝶", "只", "blue yellow purple", "spotted wings", "翅膀上有花点", scene="garden"),
    "caterpillar": _kind("caterpillar", "caterpillar", "毛毛虫", "条", "green", "tiny feet", "小脚多多的", scene="garden"),
    "snail": _kind("snail", "snail", "小蜗牛", "只", "brown", "a swirly shell", "壳上有螺旋纹", scene="garden"),
    "ant": _kind("ant", "ant", "小蚂蚁", "只", "red black", "six busy legs", "六条腿忙忙碌碌", scene="garden"),
    "whale": _kind("whale", "whale", "小鲸鱼", "头", "blue grey", "a big tail", "尾巴大大的", scene="sea"),
    "crab": _kind("crab", "crab", "小螃蟹", "只", "red orange", "two big claws", "两只大钳子", scene="sea"),
    "fish": _kind("fish", "fish", "小鱼", "条", "orange blue", "shiny scales", "鳞片亮闪闪的", scene="river"),
    "snowman": _kind("snowman", "snowman", "小雪人", "个", "white", "a carrot nose", "胡萝卜鼻子", scene="snow"),
    "star": _kind("star", "star", "小星星", "颗", "yellow golden", "five bright points", "五个亮亮的角", scene="night"),
    "hedgehog": _kind("hedgehog", "hedgehog", "小刺猬", "只", "brown", "soft prickles", "身上的刺软软的", scene="forest"),
    "giraffe": _kind("giraffe", "giraffe", "长颈鹿宝宝", "只", "yellow", "a very long neck", "脖子长长的", scene="meadow"),
}
ZH_KINDS: dict[str, str] = {   # Chinese word -> KINDS key (longest words first when searching)
    "北极熊": "polar bear", "小猫": "cat|kitten|kitty", "猫咪": "cat|kitten|kitty", "猫": "cat|kitten|kitty",
    "小狗": "dog|puppy|pup|doggy", "狗": "dog|puppy|pup|doggy", "野兔": "hare", "兔子": "rabbit|bunny", "兔": "rabbit|bunny",
    "熊猫": "panda", "熊": "bear|teddy|cub", "狐狸": "fox", "老鼠": "mouse|mice|hamster", "仓鼠": "mouse|mice|hamster",
    "鼠": "mouse|mice|hamster", "松鼠": "squirrel", "狮子": "lion", "猫头鹰": "owl", "母鸡": "hen|chicken",
    "小鸡": "chick", "鸭": "duck|duckling", "企鹅": "penguin", "鸟": "bird|sparrow|robin|parrot|eagle|seagull|pigeon",
    "青蛙": "frog|toad", "乌龟": "tortoise", "海龟": "turtle", "龟": "turtle", "山羊": "goat", "羊": "sheep|lamb",
    "恐龙": "dinosaur|t-rex|trex", "龙": "dragon", "机器人": "robot", "女孩": "girl|princess|daughter|sister",
    "公主": "girl|princess|daughter|sister", "男孩": "boy|prince|son|brother|kid|child", "云朵": "cloud", "云": "cloud",
    "大象": "elephant", "象": "elephant", "猴子": "monkey", "老虎": "tiger", "猪": "pig|piglet", "牛": "cow|calf",
    "小马": "horse|pony", "马": "horse|pony", "独角兽": "unicorn", "蜜蜂": "bee|bumblebee", "蝴蝶": "butterfly",
    "毛毛虫": "caterpillar", "蜗牛": "snail", "蚂蚁": "ant", "鲸鱼": "whale", "鲸": "whale", "螃蟹": "crab", "蟹": "crab", "鱼": "fish",
    "雪人": "snowman", "星星": "star", "刺猬": "hedgehog", "长颈鹿": "giraffe",
}
DEFAULT_HEROES = ("cat|kitten|kitty", "rabbit|bunny", "bear|teddy|cub", "fox", "mouse|mice|hamster", "squirrel",
                  "duck|duckling", "girl|princess|daughter|sister", "boy|prince|son|brother|kid|child", "hedgehog")


@dataclass(frozen=True)
class Thing:
    en: str                 # "toys"
    zh: str                 # "玩具"
    plural: bool
    pattern: str            # regex over the lower-cased English topic
    zh_pattern: str
    show_en: str = ""       # a concrete way to show it: "a kite, a red ball and a wooden train"
    show_zh: str = ""


def _thing(en, zh, plural, pattern, zh_pattern, show_en="", show_zh="") -> Thing:
    return Thing(en, zh, plural, pattern, zh_pattern, show_en or en, show_zh or (f"好多{zh}" if plural else f"一个心爱的{zh}"))


THINGS: tuple[Thing, ...] = (
    _thing("toys", "玩具", True, r"\btoys?\b", r"玩具", "a kite, a red ball and a wooden train", "风筝、红皮球和小木头火车"),
    _thing("paints", "颜料", True, r"\bpaint(?:s|ing|er)?\b|\bdraw(?:s|ing)?\b|\bart\b", r"画|颜料",
           "a box of paints and a tall easel", "一盒颜料和一个高高的画架"),
    _thing("fire", "火", False, r"\bfire\b|\bflames?\b", r"火"),
    _thing("dinosaurs", "恐龙", True, r"dinosaurs?", r"恐龙", "a box of toy dinosaurs", "一盒玩具恐龙"),
    _thing("honey", "蜂蜜", False, r"\bhoney\b", r"蜂蜜", "a big pot of honey", "一大罐蜂蜜"),
    _thing("cake", "蛋糕", False, r"\bcakes?\b|\bcupcakes?\b", r"蛋糕"),
    _thing("cookies", "饼干", True, r"\bcookies?\b|\bbiscuits?\b", r"饼干"),
    _thing("books", "书", True, r"\bbooks?\b|\bread(?:s|ing)?\b|\bstor(?:y|ies) ?book", r"书|读"),
    _thing("ball", "皮球", False, r"\bballs?\b|\bfootball\b|\bsoccer\b", r"球"),
    _thing("kite", "风筝", False, r"\bkites?\b", r"风筝"),
    _thing("balloon", "气球", False, r"\bballoons?\b", r"气球"),
    _thing("boat", "小船", False, r"\bboats?\b|\bships?\b|\braft\b", r"船"),
    _thing("umbrella", "雨伞", False, r"\bumbrellas?\b", r"伞"),
    _thing("flowers", "花", True, r"\bflowers?\b|\broses?\b|\bdais(?:y|ies)\b", r"花(?!园)"),
    _thing("apples", "苹果", True, r"\bapples?\b", r"苹果"),
    _thing("carrots", "胡萝卜", True, r"\bcarrots?\b", r"胡萝卜"),
    _thing("crayons", "蜡笔", True, r"\bcrayons?\b", r"蜡笔"),
    _thing("blocks", "积木", True, r"\bblocks?\b|\blego\b", r"积木"),
    _thing("teddy", "泰迪熊", False, r"\bteddy(?: bear)?\b", r"泰迪熊|玩具熊"),
    _thing("drum", "小鼓", False, r"\bdrums?\b", r"鼓"),
    _thing("music", "音乐", False, r"\bmusic\b|\bsongs?\b|\bsing(?:s|ing)?\b", r"音乐|歌|唱"),
    _thing("bike", "自行车", False, r"\bbikes?\b|\bbicycles?\b", r"自行车"),
    _thing("hat", "帽子", False, r"\bhats?\b", r"帽子"),
    _thing("lantern", "灯笼", False, r"\blanterns?\b|\blamps?\b", r"灯笼|灯"),
    _thing("seeds", "种子", True, r"\bseeds?\b", r"种子"),
    _thing("shells", "贝壳", True, r"\bshells?\b|\bseashells?\b", r"贝壳"),
    _thing("acorns", "橡果", True, r"\bacorns?\b|\bnuts?\b", r"橡果|坚果"),
    _thing("bread", "面包", False, r"\bbread\b|\bwheat\b", r"面包|麦"),
    _thing("stars", "星星", True, r"\bstars?\b", r"星星"),
    _thing("moon", "月亮", False, r"\bmoon\b", r"月亮|月球"),
    _thing("snow", "雪", False, r"\bsnow\b|\bsnowflakes?\b", r"雪"),
    _thing("rainbow", "彩虹", False, r"\brainbows?\b", r"彩虹"),
    _thing("map", "地图", False, r"\bmaps?\b|\btreasure\b", r"地图|宝藏"),
    _thing("gift", "礼物", False, r"\bgifts?\b|\bpresents?\b|\bbirthday\b", r"礼物|生日"),
    _thing("piano", "钢琴", False, r"\bpiano\b", r"钢琴"),
    _thing("sandcastle", "沙堡", False, r"\bsand ?castles?\b", r"沙堡"),
    _thing("fish", "鱼", True, r"\bfishing\b", r"钓鱼"),
    _thing("banana", "香蕉", False, r"\bbananas?\b", r"香蕉", "a big yellow banana", "一根黄黄的大香蕉"),
    _thing("doll", "布娃娃", False, r"\bdolls?\b|\bragdoll\b", r"娃娃", "a floppy rag doll", "一个软软的布娃娃"),
    _thing("train", "小火车", False, r"\btoy trains?\b|\btrain set\b", r"小火车|玩具火车", "a little wooden train", "一列小木头火车"),
    _thing("shoe", "鞋子", False, r"\bshoes?\b|\bboots?\b", r"鞋", "a little red shoe", "一只红色的小鞋子"),
)
THING_BY_NAME = {thing.en: thing for thing in THINGS}


@dataclass(frozen=True)
class Skill:
    en: str                          # "breathe fire"
    zh: str                          # "喷火"
    en_ing: str                      # "breathing fire"
    pattern: str
    zh_pattern: str
    fails_en: tuple[str, str, str]   # three tries that fail in their own way
    fails_zh: tuple[str, str, str]
    tip_en: str                      # what the helper suggests
    tip_zh: str
    success_en: str
    success_zh: str
    use_en: str                      # what the new skill does for someone at the end
    use_zh: str
    things: tuple[str, ...] = ()
    words: str = ""                  # regex: the concrete things a page about this skill names (for the pictures)


SKILL_WORDS = {
    "breathe fire": r"fire|flame|spark|smoke|lantern|火|烟", "fly": r"\bfl(?:y|ew|ying)\b|wings?|sky|飞|翅膀",
    "swim": r"swim|water|splash|水|游", "paint": r"paint|brush|picture|easel|画|颜料",
    "read": r"read|book|words?\b|书|字", "ride a bike": r"bike|pedal|自行车|骑", "sing": r"sing|song|tune|唱|歌",
    "dance": r"danc|music|twirl|跳舞|音乐", "fall asleep": r"sleep|asleep|bed|pillow|stars?|night|睡|床|星",
    "roar": r"roar|吼", "jump high": r"jump|log|跳", "climb": r"climb|branch|tree|爬|树",
    "bake a cake": r"cake|bak|oven|flour|蛋糕|烤", "whistle": r"whistl|口哨", "build": r"build|tower|pieces|搭|塔",
}


def _skill(en, zh, en_ing, pattern, zh_pattern, fails_en, fails_zh, tip_en, tip_zh, success_en, success_zh,
           use_en, use_zh, things=()) -> Skill:
    return Skill(en, zh, en_ing, pattern, zh_pattern, tuple(fails_en), tuple(fails_zh), tip_en, tip_zh,
                 success_en, success_zh, use_en, use_zh, tuple(things), SKILL_WORDS.get(en, re.escape(en)))


SKILLS: tuple[Skill, ...] = (
    _skill("breathe fire", "喷火", "breathing fire", r"breathe? fire|fire ?breath|make fire|blow fire|\bfire\b", r"喷火|火",
           ["{name} huffed and puffed until {his} cheeks were round, but only a little grey cloud of smoke came out.",
            "{name} tried a giant roar, and out popped a hiccup and three tiny sparks that fizzled in the air.",
            "{name} took a running start and blew as hard as {he} could, but instead of fire, out came a sneeze that blew {his} own hat off."],
           ["{name}使劲鼓起腮帮子，呼——只冒出一小团灰灰的烟。",
            "{name}大吼一声，结果只打了个嗝，蹦出三颗小火星，一下子就灭了。",
            "{name}助跑几步，用尽全身力气一吹，却打了个大喷嚏，把自己的帽子都吹飞了。"],
           "do not push so hard; take a slow, deep breath, think of a warm, cosy fire, and let it out gently",
           "别那么使劲，慢慢地深吸一口气，想一想暖暖的东西，再轻轻地呼出来",
           "{name} breathed in slowly, thought of a warm kitchen, and breathed out. A small, bright orange flame danced in the air!",
           "{name}慢慢吸了一口气，想着暖暖的厨房，轻轻一呼——一朵橙色的小火苗在空中跳起了舞！",
           "light the lanterns for the evening party", "把晚会的灯笼一盏一盏点亮", ("fire", "lantern")),
    _skill("fly", "飞", "flying", r"\bfly\b|\bflying\b|\bflies\b", r"飞",
           ["{name} flapped and flapped on the ground, but {his} feet never left the grass.",
            "{name} jumped off a low stump, flapped wildly, and landed in a pile of leaves with a soft thump.",
            "{name} got a little way up, wobbled to one side, and bumped gently into a bush."],
           ["{name}在地上使劲扑腾翅膀，可脚一点儿也没离开地面。",
            "{name}从矮树桩上往下跳，拼命扇翅膀，扑通一声掉进了树叶堆。",
            "{name}飞起来一点点，身子一歪，轻轻撞进了灌木丛。"],
           "spread your wings wide and let the wind help you, instead of fighting it", "把翅膀张得大大的，让风来帮你，别和风较劲",
           "{name} spread {his} wings wide, the breeze slipped underneath, and up {he} rose, higher and higher!",
           "{name}把翅膀张得大大的，风从下面托住了{he}，{he}越飞越高！",
           "fly up high and spot a lost little one from the sky", "飞到高处，从天上找到走丢的小家伙", ("bird", "cloud")),
    _skill("swim", "游泳", "swimming", r"\bswim", r"游泳|游水",
           ["{name} jumped in with a big splash and came straight back out, spluttering.",
            "{name} paddled so fast that {he} only went round and round in circles.",
            "{name} tried floating on {his} back and sank with a gurgle, bubbles popping all around."],
           ["{name}扑通一声跳进水里，马上又呛着水爬了出来。",
            "{name}划得太快，只在原地转圈圈。",
            "{name}想仰着漂起来，咕嘟咕嘟地沉了下去，身边冒出一串泡泡。"],
           "kick slowly, breathe calmly and let the water hold you up", "慢慢地踢腿，平静地呼吸，让水托住你",
           "{name} kicked slowly and breathed calmly, and the water held {him} up. {He} was swimming!",
           "{name}慢慢踢腿，平静地呼吸，水稳稳地托住了{he}。{he}会游泳啦！",
           "swim out and bring back a little boat that had drifted away", "游过去把漂走的小船拉回来", ("boat",)),
    _skill("paint", "画画", "painting", r"\bpaint|\bdraw|\bart\b|\bpicture", r"画",
           ["{name} dipped the brush into every pot at once, and the picture turned into one big brown puddle.",
            "{name} pressed so hard that the brush bent, and a blob of blue paint splashed onto {his} nose.",
            "{name} tried to paint a tree, but it looked more like a lollipop that had fallen over."],
           ["{name}把画笔伸进每一个颜料罐，画纸上变成了一大摊棕色的泥。",
            "{name}按得太用力，画笔都弯了，一团蓝颜料溅到了{he}的鼻子上。",
            "{name}想画一棵树，可看起来更像一根倒下的棒棒糖。"],
           "use one colour at a time, and paint what you love instead of what is hard", "一次只用一种颜色，画你喜欢的东西，而不是最难的东西",
           "{name} chose one colour at a time and painted the things {he} loved. The picture glowed on the easel!",
           "{name}一次只用一种颜色，画自己喜欢的东西。画架上的画闪闪发亮！",
           "paint a big bright picture for everyone to see", "画一幅又大又亮的画给大家看", ("paints", "easel")),
    _skill("read", "读书", "reading", r"\bread\b|\breading\b", r"读书|识字|看书",
           ["{name} opened the book upside down and wondered why the letters were doing handstands.",
            "{name} tried to read the whole page in one breath and got the words all tangled.",
            "{name} guessed the words from the pictures and read \"cat\" where it said \"hat\"."],
           ["{name}把书拿倒了，还奇怪字母为什么都在倒立。",
            "{name}想一口气读完一整页，结果字都搅成了一团。",
            "{name}看着图画猜字，把“帽子”读成了“猫咪”。"],
           "point to each word, sound out the letters slowly, and read one line at a time", "用手指着每个字，慢慢地读，一次读一行",
           "{name} pointed to each word and sounded out the letters. \"The... big... red... boat!\" {He} was reading!",
           "{name}指着每一个字，慢慢念：“大……红……船！”{he}会读书啦！",
           "read a bedtime story to the little ones", "给小家伙们读一个睡前故事", ("books",)),
    _skill("ride a bike", "骑自行车", "riding a bike", r"ride a bike|\bbike\b|\bbicycle\b|\bcycl", r"自行车",
           ["{name} pushed off, wobbled three times and tipped over into the soft grass.",
            "{name} pedalled backwards by mistake and rolled slowly into a hedge.",
            "{name} looked down at {his} feet instead of ahead and steered straight into a puddle."],
           ["{name}一蹬，晃了三下，就倒在了软软的草地上。",
            "{name}不小心往后蹬，慢慢地滑进了树篱里。",
            "{name}低头看脚，没看前面，一下子骑进了水坑。"],
           "look ahead, not at your feet, and keep pedalling", "眼睛看前面，别看脚，一直往前蹬",
           "{name} looked straight ahead and kept pedalling, and the bike rolled smoothly along the path!",
           "{name}眼睛看着前面，一直往前蹬，自行车稳稳地往前跑了！",
           "ride to the market to fetch the bread in time for supper", "骑车去集市，按时把面包带回来吃晚饭", ("bike",)),
    _skill("sing", "唱歌", "singing", r"\bsing", r"唱歌|唱",
           ["{name} sang so loudly that the birds flew off the branches in a fright.",
            "{name} started too high and {his} voice squeaked like a door that needed oiling.",
            "{name} forgot the words halfway and sang \"la la la\" until the song ran out."],
           ["{name}唱得太大声，把树上的鸟儿都吓飞了。",
            "{name}起调太高，声音吱吱叫，像一扇该上油的门。",
            "{name}唱到一半忘了词，只好一直“啦啦啦”。"],
           "sing softly first, listen to the tune, and breathe between the lines", "先轻轻地唱，听着曲调，每唱一句换一口气",
           "{name} breathed, listened and sang softly, and a sweet, clear song floated into the air.",
           "{name}换好气，听着曲调，轻轻地唱，一首甜甜的歌飘向了空中。",
           "sing a lullaby that helps a crying baby fall asleep", "唱一首摇篮曲，哄哭闹的小宝宝睡着", ("music",)),
    _skill("dance", "跳舞", "dancing", r"\bdanc", r"跳舞|舞",
           ["{name} spun round so fast that {he} got dizzy and sat down with a bump.",
            "{name} tried a big leap and landed with one foot in a flowerpot.",
            "{name} was so busy copying the others that {he} tripped over {his} own feet."],
           ["{name}转得太快，头晕乎乎的，一屁股坐在了地上。",
            "{name}想来个大跳，结果一只脚踩进了花盆。",
            "{name}忙着学别人的动作，被自己的脚绊了一下。"],
           "listen to the music first and let your feet follow it", "先听音乐，让脚跟着音乐走",
           "{name} listened to the music, let {his} feet follow, and danced with a happy sway and a twirl!",
           "{name}先听音乐，让脚跟着节拍走，开开心心地转起了圈！",
           "lead the big dance at the harvest party", "在丰收晚会上带大家跳舞", ("music",)),
    _skill("fall asleep", "睡着", "falling asleep", r"\bsleep|\bbedtime\b|\bnap\b", r"睡",
           ["{name} counted sheep up to one hundred, then started again because {he} had lost count.",
            "{name} wriggled to the left, wriggled to the right, and ended up upside down with {his} feet on the pillow.",
            "{name} lay very still with {his} eyes squeezed shut, but {his} thoughts kept hopping about like frogs."],
           ["{name}数羊数到一百，又数乱了，只好从头再数。",
            "{name}往左扭扭，往右扭扭，最后头朝下，脚放在了枕头上。",
            "{name}紧紧闭着眼睛一动不动，可脑子里的念头像青蛙一样跳来跳去。"],
           "breathe slowly, listen to the quiet sounds of the night and think of the nicest part of your day",
           "慢慢地呼吸，听听夜里轻轻的声音，想一想今天最开心的事",
           "{name} breathed slowly and thought of the nicest part of the day, and {his} eyes grew heavy. Soon {he} was fast asleep.",
           "{name}慢慢地呼吸，想着今天最开心的事，眼皮越来越沉，很快就睡着了。",
           "show the little ones how to fall asleep", "教小家伙们怎么睡着", ("moon", "stars")),
    _skill("roar", "吼叫", "roaring", r"\broar", r"吼",
           ["{name} opened {his} mouth wide, and out came a tiny squeak.",
            "{name} roared at a puddle and startled only a little beetle.",
            "{name} roared so hard that {he} started coughing."],
           ["{name}张大嘴巴，只发出一声小小的“吱”。",
            "{name}对着水坑大吼，只吓到了一只小甲虫。",
            "{name}吼得太用力，一下子咳嗽起来。"],
           "roar from your tummy, not from your throat", "用肚子的力气吼，不要只用嗓子",
           "{name} took a deep breath into {his} tummy and let out a huge, rumbling ROAR!", "{name}深吸一口气，用肚子的力气发出了一声响亮的吼叫！",
           "warn everyone that a storm was coming", "提醒大家暴风雨要来了", ()),
    _skill("jump high", "跳高", "jumping", r"\bjump|\bhop", r"跳高|跳",
           ["{name} jumped so early that {he} landed right on top of the log instead of over it.",
            "{name} bent {his} knees so much that {he} sat down instead of jumping.",
            "{name} took a big run-up but stopped at the last moment and skidded."],
           ["{name}起跳太早，一下子落在了木头上面。",
            "{name}膝盖弯得太低，没跳起来，反倒坐在了地上。",
            "{name}助跑了好远，可到最后一步又停住了，滑了一跤。"],
           "bend your knees a little, swing your arms and push off hard", "膝盖稍微弯一点，甩起胳膊，用力一蹬",
           "{name} bent {his} knees, swung {his} arms and sprang high over the log!", "{name}弯弯膝盖，甩起胳膊，高高地跳过了木头！",
           "jump up and reach the ball that was stuck in a branch", "跳起来够到卡在树枝上的皮球", ("ball",)),
    _skill("climb", "爬树", "climbing", r"\bclimb", r"爬",
           ["{name} grabbed the first branch, and it snapped like a twig.",
            "{name} got halfway up, looked down, and slid all the way back.",
            "{name} climbed so fast that {he} got stuck between two branches."],
           ["{name}抓住第一根树枝，咔嚓一声，树枝断了。",
            "{name}爬到一半，往下一看，又一路滑了下来。",
            "{name}爬得太快，卡在了两根树枝中间。"],
           "test each branch, hold on with three paws and look up, not down", "先试试每根树枝结不结实，总用三只爪子抓牢，往上看，别往下看",
           "{name} tested each branch, held on tight and climbed all the way to the top!", "{name}一根一根地试树枝，抓得稳稳的，一直爬到了树顶！",
           "climb up and bring a frightened kitten down", "爬上去把吓坏了的小猫抱下来", ("tree",)),
    _skill("bake a cake", "做蛋糕", "baking", r"\bbak|\bcook", r"做蛋糕|烤|做饭",
           ["{name} forgot the sugar, and the first cake tasted like a sponge from the sink.",
            "{name} poured in far too much flour, and a white cloud puffed up all over {his} face.",
            "{name} opened the oven too soon, and the cake sank in the middle like a pond."],
           ["{name}忘了放糖，第一个蛋糕吃起来像洗碗海绵。",
            "{name}倒了太多面粉，一团白雾扑了{he}一脸。",
            "{name}太早打开烤箱，蛋糕中间陷了下去，像一个小池塘。"],
           "read the recipe step by step and wait for the timer to ring", "一步一步照着食谱做，耐心等计时器响",
           "{name} followed the recipe step by step and waited for the timer. Out came a golden, sweet-smelling cake!",
           "{name}一步一步照着食谱做，耐心等计时器响。烤箱里端出了一个金黄香甜的蛋糕！",
           "bake a cake for a friend's birthday", "给好朋友做一个生日蛋糕", ("cake",)),
    _skill("whistle", "吹口哨", "whistling", r"\bwhistl", r"口哨",
           ["{name} puckered up and blew, but only a puff of air came out.",
            "{name} blew so hard that {he} sprayed raindrops of spit everywhere.",
            "{name} managed one tiny peep and then a long, wobbly hiss."],
           ["{name}撅起嘴一吹，只吹出一口气。",
            "{name}吹得太用力，口水溅得到处都是。",
            "{name}吹出了一声小小的“啾”，接着就是长长的“嘶——”。"],
           "make a small round mouth and blow softly, as if cooling soup", "把嘴撅成小圆圈，轻轻地吹，像吹凉热汤一样",
           "{name} made a small round mouth, blew softly, and a clear whistle rang out!", "{name}把嘴撅成小圆圈，轻轻一吹，清脆的口哨声响了起来！",
           "whistle to call everyone home before the rain", "下雨前吹口哨把大家叫回家", ()),
    _skill("build", "搭东西", "building", r"\bbuild", r"搭|建",
           ["{name} stacked the pieces as fast as {he} could, and the tower toppled with a clatter.",
            "{name} put the biggest piece on top, and everything tipped over sideways.",
            "{name} forgot to make the bottom wide, and the whole thing wobbled and fell."],
           ["{name}飞快地往上摞，哗啦一声，塔倒了。",
            "{name}把最大的一块放在最上面，整个都歪倒了。",
            "{name}忘了把底下搭宽，整个摇摇晃晃地塌了。"],
           "put the big pieces at the bottom and the small ones on top", "大的放下面，小的放上面",
           "{name} put the big pieces at the bottom and the small ones on top, and the tower stood tall and steady!",
           "{name}把大块放在下面，小块放在上面，塔稳稳地立住了！",
           "build a shelter before the rain came", "在下雨前搭好一个小棚子", ("blocks",)),
)
GENERIC_FAILS_EN = (
    "The first time {name} tried to {skill}, {he} rushed, and it all went wrong in a tangle.",
    "The second time, {name} was so careful and slow that nothing much happened at all.",
    "The third time, {name} got halfway there before everything wobbled to a stop.",
)
GENERIC_FAILS_ZH = (
    "{name}第一次试着{skill}，太着急了，一下子就乱成了一团。",
    "第二次，{name}小心得不得了，慢得什么都没做成。",
    "第三次，{name}做到一半，又摇摇晃晃地停了下来。",
)


@dataclass(frozen=True)
class Fear:
    en: str                 # "thunder"
    zh: str
    pattern: str
    zh_pattern: str
    sign_en: str            # how it shows up: "a low rumble rolled across the sky"
    sign_zh: str
    comfort_en: str         # what the helper says that is true and helps
    comfort_zh: str
    brave_en: str           # the brave thing the hero does at the end
    brave_zh: str
    fact: str = ""          # facts.py key with more true words about it
    things: tuple[str, ...] = ()
    words: str = ""         # regex: the concrete things a page about this fear names (for the pictures)


FEAR_WORDS = {
    "thunder": r"thunder|lightning|storm|boom|flash|cloud|rain|雷|闪电|暴风雨|云|雨",
    "the dark": r"dark|night|lantern|shadow|moon|stars?|黑|夜|灯|影子|月|星",
    "water": r"water|splash|stream|swim|水|游", "heights": r"high|top|tree|branch|高|树",
    "big dogs": r"dog|bark|狗", "spiders": r"spider|web|蜘蛛", "loud noises": r"noise|bang|boom|loud|firework|响|烟花",
    "the sea": r"\bsea\b|waves?|海",
}


def _fear(en, zh, pattern, zh_pattern, sign_en, sign_zh, comfort_en, comfort_zh, brave_en, brave_zh, fact="", things=()) -> Fear:
    return Fear(en, zh, pattern, zh_pattern, sign_en, sign_zh, comfort_en, comfort_zh, brave_en, brave_zh, fact, tuple(things),
                FEAR_WORDS.get(en, re.escape(en)))


FEARS: tuple[Fear, ...] = (
    _fear("thunder", "打雷", r"thunder|lightning|storms?", r"打雷|雷|闪电|暴风雨",
          "a low rumble rolled across the sky, and then a great BOOM shook the air",
          "天边传来低低的隆隆声，接着“轰隆”一声巨响",
          "thunder is only the sound that lightning makes, and if you count between the flash and the boom, you can tell how far away the storm is",
          "雷声只是闪电发出的声音，数一数闪电和雷声之间隔了几下，就知道暴风雨离得有多远",
          "sat with {friend2} and counted the seconds between each flash and boom, out loud and calm, until the storm rolled away", "陪着{friend2}，镇定地大声数着闪电和雷声之间的秒数，一直数到暴风雨走远",
          "thunder", ("cloud", "rain", "lightning")),
    _fear("the dark", "黑暗", r"\bdark(?:ness)?\b|\bnight\b", r"黑|夜",
          "the lights went out and the shadows grew long and strange", "灯灭了，影子变得又长又奇怪",
          "the dark is just the same place with the light turned off, and everything that was there in the day is still there",
          "黑夜里的地方还是白天的那个地方，只是把灯关掉了，白天在那儿的东西，晚上也都还在",
          "took {friend2}'s hand and led the way home through the dark with a little lantern", "拉着{friend2}的手，提着小灯笼，在黑夜里带路回家",
          "day_night", ("lantern", "moon", "stars")),
    _fear("water", "水", r"\bwater\b|\bswim", r"水|游泳",
          "the water splashed and swirled around the stepping stones", "水在踏脚石周围哗哗地打着旋儿",
          "if you go in slowly where it is shallow, with a friend beside you, the water will hold you up",
          "只要在浅水的地方慢慢下去，有朋友陪着，水会把你托起来",
          "waded into the shallow water, step by step, and helped {friend2} across", "一步一步蹚进浅水里，扶着{friend2}过了河",
          "", ("boat",)),
    _fear("heights", "高处", r"\bheights?\b|\bhigh places?\b|\bup high\b|\bfalling\b", r"高处|高",
          "the ground looked very, very far below", "地面看起来好远好远",
          "looking up instead of down, and taking one small step at a time, makes a high place feel much smaller",
          "往上看，别往下看，一小步一小步地走，高处就没那么可怕了",
          "climbed up, one branch at a time, and rescued {friend2}'s kite from the top of the tree", "一根树枝一根树枝地往上爬，把{friend2}挂在树顶的风筝取了下来",
          "", ("kite", "tree")),
    _fear("big dogs", "大狗", r"\bdogs?\b", r"狗",
          "a big dog came bounding along the path, barking loudly", "一只大狗汪汪叫着，沿着小路跑了过来",
          "a barking dog is often just saying hello, and if you stand still and let it sniff your hand, it can tell you are friendly",
          "狗汪汪叫，常常只是在打招呼，站着别动，让它闻闻你的手，它就知道你很友好",
          "stood very still and held out a hand, and the big dog sniffed it and wagged its tail, and {friend2} laughed", "站着一动不动，伸出手让大狗闻一闻，大狗摇起了尾巴，{friend2}也笑了",
          "", ("ball",)),
    _fear("spiders", "蜘蛛", r"spiders?", r"蜘蛛",
          "a spider dangled on a silver thread right in front of {his} nose", "一只蜘蛛挂在银色的丝上，就在{he}的鼻子前面",
          "most spiders are shy and helpful, and they catch the flies that buzz around", "大多数蜘蛛都很害羞，还会帮忙抓嗡嗡乱飞的苍蝇",
          "showed {friend2} the spider spinning its web, thread by thread", "带着{friend2}看蜘蛛一根丝一根丝地织网",
          "spider", ("web",)),
    _fear("loud noises", "很响的声音", r"noises?|loud|fireworks?|bang", r"响|声音|鞭炮|烟花",
          "BANG! went the fireworks, and POP! went the balloons", "砰！烟花响了，啪！气球爆了",
          "covering your ears and holding a friend's hand makes a loud noise feel much smaller", "捂住耳朵，拉着朋友的手，再响的声音也没那么可怕了",
          "held {friend2}'s hand and watched the whole show", "拉着{friend2}的手，看完了整场表演",
          "hearing", ("balloon",)),
    _fear("the sea", "大海", r"\bsea\b|\bocean\b|\bwaves?\b", r"大海|海浪|海",
          "the waves came rushing up the sand with a roar", "海浪哗哗地冲上沙滩",
          "waves come and go in a rhythm, and if you stay where the water is shallow, they only tickle your toes",
          "海浪来了又走，有自己的节拍，只要待在浅浅的地方，它们只会挠挠你的脚趾",
          "paddled in the shallow waves with {friend2}, laughing", "和{friend2}一起在浅浅的海浪里踩水，哈哈大笑",
          "tides", ("shell", "boat")),
)
DEFAULT_FEAR = FEARS[1]


def find_thing(text: str, zh: bool = False) -> list[Thing]:
    """All the THINGS a topic names, in table order."""
    spans = {thing: [m.span() for m in re.finditer(thing.zh_pattern if zh else thing.pattern, text if zh else text.lower())]
             for thing in THINGS}
    spans = {thing: found for thing, found in spans.items() if found}

    def inside_another(thing: Thing) -> bool:      # 气球 (balloon) is not also 球 (a ball)
        return all(any(a <= start and end <= b and (a, b) != (start, end) for other, theirs in spans.items()
                       if other is not thing for a, b in theirs) for start, end in spans[thing])
    return [thing for thing in spans if not inside_another(thing)]


def find_skill(text: str, zh: bool = False) -> Skill | None:
    """The SKILLS entry a phrase names, or None."""
    for skill in SKILLS:
        if re.search(skill.zh_pattern if zh else skill.pattern, text if zh else text.lower()):
            return skill
    return None


def find_fear(text: str, zh: bool = False) -> Fear | None:
    """The FEARS entry a phrase names, or None."""
    for fear in FEARS:
        if re.search(fear.zh_pattern if zh else fear.pattern, text if zh else text.lower()):
            return fear
    return None


def find_kind(text: str, zh: bool = False) -> tuple[str, int] | None:
    """The KINDS key named first in the text and where it is, or None."""
    best: tuple[int, int, str] | None = None
    if zh:
        for word, key in ZH_KINDS.items():
            at = text.find(word)
            if at >= 0 and (best is None or (at, -len(word)) < (best[0], -best[1])):
                best = (at, len(word), key)
    else:
        lowered = text.lower()
        for key in KINDS:
            match = re.search(rf"\b(?:{key})(?:s|es)?\b", lowered)
            if match and (best is None or (match.start(), -(match.end() - match.start())) < (best[0], -best[1])):
                best = (match.start(), match.end() - match.start(), key)
    return (best[2], best[0]) if best else None


# Body parts a kind does not have (KINDS' key, which is also a helper's creature): a template that gives
# one of them to a character of that kind is not used ("the goat hid its face in its paws", "the
# tortoise picked burrs out of its fur"). Part words as BODY_PART below names them.
_NO_HOOVES = frozenset({"hooves", "feathers", "beak", "fins", "wings"})
_FURRY = _NO_HOOVES | {"shell"}
_FEATHERED = frozenset({"paws", "hooves", "fur", "fingers", "fins", "whiskers", "ears", "hands", "shell"})
_HOOFED = frozenset({"paws", "claws", "fingers", "hands", "feathers", "beak", "fins", "wings", "whiskers", "shell"})
_PERSON = frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "tail", "wings", "claws", "shell"})
_LIMBLESS = frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "tail", "wings", "claws", "ears",
                       "legs", "knees", "toes", "fingers", "hands", "nose", "shoulder", "shell"})
_SWIMMER = frozenset({"paws", "hooves", "fur", "feathers", "beak", "whiskers", "ears", "legs", "knees", "toes", "fingers",
                      "hands", "wings", "claws", "shoulder", "shell"})
_BUG = frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "ears", "knees", "toes", "fingers", "hands",
                  "claws", "tail", "nose", "shoulder"})
BODY_LACKS: dict[str, frozenset[str]] = {
    **{key: _FURRY for key in ("cat", "dog", "rabbit", "panda", "bear", "fox", "mouse", "squirrel", "lion", "tiger",
                               "hedgehog", "monkey", "marmot")},
    **{key: _FEATHERED for key in ("bird", "owl", "duck", "penguin")},
    **{key: _HOOFED for key in ("sheep", "horse", "cow", "pig", "giraffe", "elephant")},
    "girl": _PERSON, "boy": _PERSON, "robot": _PERSON | {"nose"},
    "dragon": frozenset({"paws", "hooves", "feathers", "beak", "fins", "fur", "whiskers", "shell"}),
    "turtle": frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "ears", "fingers", "hands", "wings"}),
    "frog": frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "ears", "tail", "wings", "claws", "shell"}),
    "cloud": _LIMBLESS, "star": _LIMBLESS, "snowman": _LIMBLESS - {"nose"},
    "fish": _SWIMMER, "whale": _SWIMMER,
    "snail": _BUG | {"legs", "wings"} - {"shell"}, "caterpillar": _BUG | {"wings", "shell"},
    "bee": _BUG | {"shell"}, "butterfly": _BUG | {"shell"}, "ant": _BUG | {"wings", "shell"},
    "crab": frozenset({"paws", "hooves", "fur", "feathers", "beak", "fins", "whiskers", "ears", "knees", "toes", "fingers",
                       "hands", "wings", "tail", "nose", "shoulder"}),
}
# a part word in a template -> the part ("hooves" for "hoof" too)
BODY_PART = {"paw": "paws", "paws": "paws", "hoof": "hooves", "hooves": "hooves", "claw": "claws", "claws": "claws",
             "wing": "wings", "wings": "wings", "feather": "feathers", "feathers": "feathers", "fur": "fur", "tail": "tail",
             "tails": "tail", "ear": "ears", "ears": "ears", "whiskers": "whiskers", "beak": "beak", "fin": "fins",
             "fins": "fins", "leg": "legs", "legs": "legs", "knee": "knees", "knees": "knees", "toe": "toes", "toes": "toes",
             "finger": "fingers", "fingers": "fingers", "nose": "nose", "shoulder": "shoulder", "shoulders": "shoulder",
             "hand": "hands", "hands": "hands", "shell": "shell"}

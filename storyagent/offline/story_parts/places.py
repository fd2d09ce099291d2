"""Where a story happens: scene text -> a Place with phrases in English and Chinese."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..vocabulary import MODIFIERS, SETTINGS, find_keys, has_cjk


@dataclass(frozen=True)
class Helper:
    """A companion the hero can meet: body type, short phrase, role-sheet look, names."""

    creature: str
    en_short: str
    en_look: str
    zh_short: str
    zh_look: str
    en_names: tuple[str, ...]
    zh_names: tuple[str, ...]


def _helper(creature, en_short, en_look, zh_short, zh_look, en_names, zh_names) -> Helper:
    return Helper(creature, en_short, en_look, zh_short, zh_look, tuple(en_names), tuple(zh_names))


OWL = _helper("owl", "a wise old owl", "a wise old owl with brown feathers, a cream belly and round golden glasses",
              "一只聪明的猫头鹰", "一只聪明的老猫头鹰，棕色的羽毛，戴着金色的圆眼镜", ["Hoot", "Olive"], ["博博", "咕咕"])
SQUIRREL = _helper("squirrel", "a cheerful squirrel", "a cheerful red squirrel with a big bushy tail and a green leaf hat",
                   "一只快乐的松鼠", "一只快乐的红松鼠，大尾巴蓬蓬的，戴着绿色的树叶帽", ["Nutmeg", "Skip"], ["松松", "栗栗"])
BEAR = _helper("bear", "a gentle big bear", "a gentle big brown bear with a round belly and a blue scarf",
               "一只温柔的大熊", "一只温柔的棕色大熊，圆圆的肚子，围着蓝色的围巾", ["Bruno", "Barnaby"], ["大壮", "憨憨"])
TURTLE = _helper("turtle", "a kind old sea turtle", "a kind old sea turtle with a green shell and gentle brown eyes",
                 "一只慈祥的老海龟", "一只慈祥的老海龟，背着绿色的壳，眼睛温和", ["Shelly", "Tide"], ["慢慢", "龟爷爷"])
POND_TURTLE = _helper("turtle", "a kind old turtle", "a kind old turtle with a green shell and gentle brown eyes",
                      "一只慈祥的老乌龟", "一只慈祥的老乌龟，背着绿色的壳，眼睛温和", ["Shelly", "Moss"], ["慢慢", "龟爷爷"])
SEAGULL = _helper("bird", "a chatty seagull", "a chatty white seagull with grey wings and a yellow beak",
                  "一只爱说话的海鸥", "一只爱说话的白色海鸥，灰色的翅膀，黄色的嘴", ["Gully", "Skye"], ["鸥鸥", "飞飞"])
FROG = _helper("frog", "a jolly frog", "a jolly green frog with big round eyes and a yellow bow tie",
               "一只快活的青蛙", "一只快活的绿色青蛙，大大的圆眼睛，系着黄色的领结", ["Freddie", "Jumpy"], ["呱呱", "蹦蹦"])
DUCK = _helper("duck", "a friendly duck", "a friendly white duck with an orange beak and a blue bonnet",
               "一只友好的鸭子", "一只友好的白鸭子，橙色的嘴，戴着蓝色的小帽", ["Dot", "Puddles"], ["嘎嘎", "丫丫"])
DOG = _helper("dog", "a friendly brown dog", "a friendly brown dog with floppy ears and a red collar",
              "一只友好的小狗", "一只友好的棕色小狗，耷拉着耳朵，戴着红色的项圈", ["Biscuit", "Rufus"], ["旺旺", "阿福"])
HEN = _helper("bird", "a busy little hen", "a busy little red hen with a yellow beak and a white apron",
              "一只勤劳的小母鸡", "一只勤劳的红色小母鸡，黄色的嘴，系着白色的围裙", ["Henny", "Penny"], ["咯咯", "花花"])
PIGEON = _helper("bird", "a clever pigeon", "a clever grey pigeon with shiny purple neck feathers and a tiny red cap",
                 "一只聪明的鸽子", "一只聪明的灰鸽子，脖子上有紫色的羽毛，戴着红色的小帽", ["Coo", "Pidge"], ["咕噜", "灰灰"])
CITY_CAT = _helper("cat", "a street-wise cat", "a street-wise grey cat with a long tail and a green collar",
                   "一只机灵的猫", "一只机灵的灰猫，长长的尾巴，戴着绿色的项圈", ["Whiskers", "Smudge"], ["喵喵", "阿灰"])
FENNEC = _helper("fox", "a little sand fox with huge ears", "a small golden fennec fox with huge ears and a red neckerchief",
                 "一只大耳朵的沙狐", "一只金色的小沙狐，大大的耳朵，围着红色的小方巾", ["Sandy", "Dune"], ["沙沙", "阿丘"])
TORTOISE = _helper("turtle", "an old desert tortoise", "an old brown desert tortoise with a patterned shell and a straw hat",
                   "一只年老的陆龟", "一只年老的棕色陆龟，壳上有花纹，戴着草帽", ["Sage", "Pebble"], ["石头", "慢慢"])
ROBOT = _helper("robot", "a friendly robot", "a friendly silver robot with round blue eyes and a red antenna",
                "一个友好的机器人", "一个友好的银色机器人，圆圆的蓝眼睛，红色的天线", ["Bolt", "Beep"], ["嘀嘀", "铁蛋"])
ASTRO_BEAR = _helper("bear", "a bear in a space suit", "a cheerful brown bear astronaut in a white space suit with a blue helmet",
                     "一只穿着宇航服的小熊", "一只快乐的棕色小熊宇航员，穿着白色的宇航服，戴着蓝色的头盔", ["Cosmo", "Nova"], ["阿宇", "多多"])
# a robot hero leaves only the bear in space: two astronaut bears with one look read as one character twice
SPACE_DOG = _helper("dog", "a space puppy", "a bouncy golden puppy in a white space suit with a round glass helmet",
                    "一只太空小狗", "一只活泼的金色小狗，穿着白色的宇航服，戴着圆圆的玻璃头盔", ["Rocket", "Orbit"], ["火箭", "圆圆"])
ROBIN = _helper("bird", "a cheerful robin", "a cheerful brown robin with a bright red chest",
                "一只快乐的知更鸟", "一只快乐的棕色知更鸟，胸前红红的", ["Cheery", "Pip"], ["啾啾", "红红"])
MOUSE = _helper("mouse", "a tiny mouse", "a tiny grey mouse with pink ears and a yellow flower hat",
                "一只小小的老鼠", "一只小小的灰老鼠，粉色的耳朵，戴着黄色的花帽", ["Nibbles", "Tuck"], ["吱吱", "米粒"])
RABBIT = _helper("rabbit", "a bouncy rabbit", "a bouncy white rabbit with long ears and a blue waistcoat",
                 "一只活泼的兔子", "一只活泼的白兔子，长长的耳朵，穿着蓝色的小背心", ["Clover", "Hoppy"], ["蹦蹦", "白白"])
OWL_TEACHER = _helper("owl", "a wise owl teacher", "a wise owl teacher with brown feathers and round golden glasses",
                      "一位聪明的猫头鹰老师", "一位聪明的猫头鹰老师，棕色的羽毛，戴着金色的圆眼镜", ["Mrs Hoot", "Mr Wise"], ["咕老师", "博士"])
CLASS_MOUSE = _helper("mouse", "a clever little mouse", "a clever little grey mouse with round glasses and a red backpack",
                      "一只聪明的小老鼠", "一只聪明的灰色小老鼠，戴着圆眼镜，背着红色的书包", ["Nibbles", "Tuck"], ["吱吱", "米粒"])
HOME_CAT = _helper("cat", "a sleepy old cat", "a sleepy old grey cat with white paws and a blue collar",
                   "一只爱睡觉的老猫", "一只爱睡觉的灰色老猫，白色的爪子，戴着蓝色的项圈", ["Muffin", "Smokey"], ["咪咪", "呼噜"])
PUPPY = _helper("dog", "a loyal puppy", "a loyal golden puppy with floppy ears and a red collar",
                "一只忠诚的小狗", "一只忠诚的金色小狗，耷拉着耳朵，戴着红色的项圈", ["Buddy", "Biscuit"], ["旺财", "阿福"])
EAGLE = _helper("bird", "a proud eagle", "a proud golden eagle with broad brown wings and sharp yellow eyes",
                "一只骄傲的老鹰", "一只骄傲的金色老鹰，宽大的棕色翅膀，锐利的黄眼睛", ["Talon", "Sky"], ["鹰鹰", "阿翔"])
GOAT = _helper("sheep", "a sure-footed mountain goat", "a sure-footed white mountain goat with curly horns and a red bell",
               "一只稳当的山羊", "一只白色的山羊，弯弯的角，脖子上挂着红色的铃铛", ["Billy", "Crag"], ["咩咩", "阿石"])
SHEEPDOG = _helper("dog", "a loyal sheepdog", "a loyal black and white sheepdog with a red bandana",
                   "一只忠诚的牧羊犬", "一只忠诚的黑白牧羊犬，系着红色的方巾", ["Shep", "Patch"], ["阿旺", "花斑"])
LAMB = _helper("sheep", "a fluffy lamb", "a fluffy white lamb with a pink nose and a blue ribbon",
               "一只毛茸茸的小羊", "一只毛茸茸的白色小羊，粉色的鼻子，系着蓝色的丝带", ["Woolly", "Daisy"], ["咩咩", "绵绵"])
BLUEBIRD = _helper("bird", "a little bluebird", "a little blue bird with a white belly and a yellow beak",
                   "一只小蓝鸟", "一只小蓝鸟，白色的肚子，黄色的嘴", ["Skye", "Blue"], ["啾啾", "蓝蓝"])
PENGUIN = _helper("penguin", "a waddling penguin", "a waddling black and white penguin with a red woolly hat",
                  "一只摇摇摆摆的企鹅", "一只摇摇摆摆的黑白企鹅，戴着红色的毛线帽", ["Waddles", "Pebble"], ["摇摇", "冰冰"])
POLAR_BEAR = _helper("bear", "a big polar bear", "a big white polar bear with a blue scarf",
                     "一只大北极熊", "一只白色的大北极熊，围着蓝色的围巾", ["Frost", "Snowy"], ["雪球", "大白"])

HEDGEHOG_FOX = _helper("fox", "a clever red fox", "a clever red fox with a white-tipped tail and a green scarf",
                       "一只聪明的红狐狸", "一只聪明的红狐狸，白色的尾巴尖，围着绿色的围巾", ["Rusty", "Fern"], ["火火", "阿狸"])
BADGER_BEAR = _helper("panda", "a sleepy panda", "a sleepy black and white panda with a yellow hat",
                      "一只爱睡觉的熊猫", "一只爱睡觉的黑白熊猫，戴着黄色的帽子", ["Bamboo", "Mochi"], ["圆圆", "胖胖"])
LAMB_MEADOW = _helper("sheep", "a woolly lamb", "a woolly white lamb with a pink nose and a red ribbon",
                      "一只毛茸茸的小羊", "一只毛茸茸的白色小羊，粉色的鼻子，系着红色的丝带", ["Fluff", "Minty"], ["棉棉", "咩咩"])
PUP_MEADOW = _helper("dog", "a bouncy puppy", "a bouncy golden puppy with floppy ears and a blue collar",
                     "一只蹦蹦跳跳的小狗", "一只蹦蹦跳跳的金色小狗，耷拉着耳朵，戴着蓝色的项圈", ["Scamp", "Goldie"], ["豆包", "跳跳"])
GARDEN_FROG = _helper("frog", "a cheerful frog", "a cheerful green frog with big round eyes and a red bow tie",
                      "一只开心的青蛙", "一只开心的绿色青蛙，大大的圆眼睛，系着红色的领结", ["Lily-pad", "Croaky"], ["阿呱", "绿绿"])
GARDEN_CAT = _helper("cat", "a snoozy cat", "a snoozy ginger cat with white paws and a purple collar",
                     "一只爱打盹的猫", "一只爱打盹的橘猫，白色的爪子，戴着紫色的项圈", ["Marmalade", "Toffee"], ["橘子", "懒懒"])
RIVER_BIRD = _helper("bird", "a bright kingfisher", "a bright blue kingfisher with an orange chest",
                     "一只亮闪闪的翠鸟", "一只亮闪闪的蓝色翠鸟，橙色的胸脯", ["Flash", "Sapphire"], ["翠翠", "闪闪"])
RIVER_MOUSE = _helper("mouse", "a water vole", "a small brown water vole with round ears and a yellow scarf",
                      "一只小水鼠", "一只棕色的小水鼠，圆圆的耳朵，围着黄色的围巾", ["Ratty", "Reed"], ["水水", "阿苇"])
FARM_PIGLET = _helper("dog", "a friendly farm dog", "a friendly brown farm dog with a white patch and a red bandana",
                      "一只友好的看家狗", "一只友好的棕色看家狗，身上有白色的斑点，系着红色的方巾", ["Rover", "Duke"], ["大黄", "阿虎"])
FARM_DUCK = _helper("duck", "a chatty duck", "a chatty white duck with an orange beak and a green bonnet",
                    "一只爱说话的鸭子", "一只爱说话的白鸭子，橙色的嘴，戴着绿色的小帽", ["Quackers", "Dilly"], ["嘎嘎", "呷呷"])
VILLAGE_CAT = _helper("cat", "a curious cat", "a curious black cat with green eyes and a red bell collar",
                      "一只好奇的黑猫", "一只好奇的黑猫，绿色的眼睛，戴着红色的铃铛项圈", ["Inky", "Sooty"], ["墨墨", "小黑"])
VILLAGE_MOUSE = _helper("mouse", "a busy little mouse", "a busy little grey mouse with a blue apron",
                        "一只忙碌的小老鼠", "一只忙碌的灰色小老鼠，系着蓝色的围裙", ["Crumb", "Bramble"], ["豆豆鼠", "灰灰"])


@dataclass(frozen=True)
class PlaceText:
    """The phrases of one place in one language."""

    place: str              # "the forest" / "森林"
    in_place: str           # "in the forest" / "在森林里"
    landmarks: tuple[str, ...]
    details: tuple[str, ...]
    pastimes: tuple[str, ...]


@dataclass(frozen=True)
class SettingData:
    en: PlaceText
    zh: PlaceText
    helpers: tuple[Helper, ...]


def _text(place, in_place, landmarks, details, pastimes) -> PlaceText:
    return PlaceText(place, in_place, tuple(landmarks), tuple(details), tuple(pastimes))


SETTING_DATA: dict[str, SettingData] = {
    "forest": SettingData(
        _text("the forest", "in the forest", ["the old oak tree", "the mossy log", "the ring of mushrooms", "the hollow chestnut tree", "the fern-covered bank", "the bubbling spring"],
              ["tall trees whispered in the wind", "sunlight danced between the leaves", "birds sang from every branch"],
              ["collect shiny acorns", "play hide-and-seek among the ferns", "listen to the birds sing"]),
        _text("森林", "在森林里", ["老橡树", "长满青苔的木头", "蘑菇圈", "空心的栗子树", "长满蕨叶的土坡", "咕嘟咕嘟的泉眼"],
              ["高高的树木在风中沙沙作响", "阳光在树叶间跳舞", "鸟儿在枝头唱歌"],
              ["捡亮晶晶的橡果", "在蕨叶间捉迷藏", "听鸟儿唱歌"]),
        (OWL, SQUIRREL, BEAR, HEDGEHOG_FOX, BADGER_BEAR)),
    "sea": SettingData(
        _text("the seaside", "by the sea", ["the red-striped lighthouse", "the big tide pool", "the old wooden pier", "the rocky point", "the beach huts", "the tall sand dunes"],
              ["waves splashed on the golden sand", "seagulls called over the blue water", "shells sparkled along the shore"],
              ["collect pretty shells", "build sandcastles", "watch the boats sail by"]),
        _text("海边", "在海边", ["红白条纹的灯塔", "大礁石旁的水洼", "旧木码头", "礁石岬角", "沙滩小屋", "高高的沙丘"],
              ["海浪拍打着金色的沙滩", "海鸥在蓝色的大海上飞翔", "贝壳在海岸边闪闪发光"],
              ["捡漂亮的贝壳", "堆沙堡", "看小船来来往往"]),
        (TURTLE, SEAGULL)),
    "river": SettingData(
        _text("the river", "by the river", ["the wooden bridge", "the big flat stepping stones", "the weeping willow", "the old water mill", "the reedy bend", "the little waterfall"],
              ["the water sparkled and bubbled over the stones", "dragonflies zipped above the reeds"],
              ["skip pebbles across the water", "float leaf boats down the stream", "watch the fish jump"]),
        _text("小河边", "在小河边", ["木桥", "大大的踏脚石", "垂柳", "老水磨坊", "芦苇丛生的河湾", "小瀑布"],
              ["河水在石头上欢快地流淌", "蜻蜓在芦苇上飞来飞去"],
              ["在水面上打水漂", "放树叶小船", "看小鱼跳出水面"]),
        (FROG, DUCK, POND_TURTLE, RIVER_BIRD, RIVER_MOUSE)),
    "village": SettingData(
        _text("the village", "in the village", ["the village well", "the bakery with the blue door", "the old stone bridge", "the market square", "the crooked chimney house", "the village green"],
              ["smoke curled from the chimneys", "the smell of warm bread drifted down the lane"],
              ["help at the bakery", "visit the busy market", "chase butterflies between the cottages"]),
        _text("小村庄", "在小村庄里", ["村口的水井", "蓝门面包店", "老石桥", "集市广场", "歪烟囱的小屋", "村里的小草坪"],
              ["烟囱里冒出袅袅炊烟", "面包店飘出香甜的味道"],
              ["去面包店帮忙", "逛热闹的集市", "在小房子之间追蝴蝶"]),
        (DOG, HEN, VILLAGE_CAT, VILLAGE_MOUSE)),
    "city": SettingData(
        _text("the city", "in the big city", ["the big clock tower", "the corner bakery", "the fountain in the square", "the busy bus stop", "the little park", "the toy shop window"],
              ["buses hummed along busy streets", "lights twinkled in a thousand windows"],
              ["watch the trains go by", "feed the pigeons in the square", "count the tall buildings"]),
        _text("大城市", "在大城市里", ["大钟楼", "街角面包店", "广场上的喷泉", "热闹的公交站", "街心小公园", "玩具店的橱窗"],
              ["公交车在繁忙的街道上奔跑", "千万扇窗户闪着灯光"],
              ["看火车开过", "在广场上喂鸽子", "数高高的楼房"]),
        (PIGEON, CITY_CAT)),
    "desert": SettingData(
        _text("the desert", "in the desert", ["the tall green cactus", "the little oasis", "the big red rock", "the rippled dune", "the palm grove", "the dry riverbed"],
              ["golden dunes rolled like waves", "the hot sun shimmered over the sand"],
              ["slide down the sand dunes", "look for shiny stones", "watch the lizards sunbathe"]),
        _text("沙漠", "在沙漠里", ["高高的仙人掌", "小绿洲", "大红石", "波浪形的沙丘", "棕榈树林", "干河床"],
              ["金色的沙丘像波浪一样起伏", "炎热的阳光在沙子上闪烁"],
              ["从沙丘上滑下来", "找亮晶晶的石头", "看蜥蜴晒太阳"]),
        (FENNEC, TORTOISE)),
    "space": SettingData(
        _text("space", "in outer space", ["the little silver moon base", "the ringed planet", "the glowing crater", "the comet dock", "the star lookout", "the blue moon hill"],
              ["stars sparkled in every direction", "planets spun slowly in the dark"],
              ["count the shooting stars", "bounce across the moon dust", "wave at passing comets"]),
        _text("太空", "在太空中", ["银色的小月球基地", "带光环的星球", "发光的陨石坑", "彗星码头", "观星台", "蓝色的月亮小山"],
              ["星星在四面八方闪烁", "行星在黑暗中慢慢旋转"],
              ["数流星", "在月球尘土上蹦蹦跳跳", "向路过的彗星挥手"]),
        (ROBOT, ASTRO_BEAR, SPACE_DOG)),
    "garden": SettingData(
        _text("the garden", "in the garden", ["the old apple tree", "the little garden pond", "the rose arch", "the vegetable patch", "the wooden shed", "the sunflower row"],
              ["flowers nodded in the breeze", "bees hummed from bloom to bloom"],
              ["smell the flowers", "chase butterflies", "water the tulips"]),
        _text("花园", "在花园里", ["老苹果树", "小池塘", "玫瑰花拱门", "菜地", "小木棚", "向日葵花丛"],
              ["花儿在微风中点头", "蜜蜂在花丛中嗡嗡飞舞"],
              ["闻花香", "追蝴蝶", "给郁金香浇水"]),
        (ROBIN, MOUSE, RABBIT, GARDEN_FROG, GARDEN_CAT)),
    "school": SettingData(
        _text("school", "at school", ["the big oak tree in the playground", "the reading corner", "the school garden", "the painting table", "the climbing frame", "the sandpit"],
              ["children laughed in the playground", "the bell rang cheerfully every morning"],
              ["read picture books", "paint bright pictures", "play on the swings"]),
        _text("学校", "在学校里", ["操场上的大橡树", "图书角", "学校的小菜园", "画画桌", "攀爬架", "沙坑"],
              ["孩子们在操场上欢笑", "上课铃每天早上欢快地响起"],
              ["看图画书", "画五颜六色的画", "荡秋千"]),
        (OWL_TEACHER, CLASS_MOUSE)),
    "home": SettingData(
        _text("home", "at home", ["the cosy armchair", "the big window", "the kitchen table", "the warm fireplace", "the bookshelf", "the blanket fort"],
              ["the kettle sang and the fire crackled", "sunlight warmed the kitchen floor"],
              ["build blanket forts", "bake cookies", "read by the window"]),
        _text("家", "在家里", ["舒服的扶手椅", "大窗户", "厨房的餐桌", "暖暖的壁炉", "书架", "毯子城堡"],
              ["水壶在唱歌，炉火噼啪作响", "阳光照暖了厨房的地板"],
              ["搭毯子城堡", "烤小饼干", "在窗边看书"]),
        (HOME_CAT, PUPPY)),
    "mountain": SettingData(
        _text("the mountains", "in the mountains", ["the tall pine at the top of the trail", "the rocky ledge", "the little mountain hut", "the echoing cave", "the mountain lake", "the flowery slope"],
              ["snowy peaks touched the clouds", "fresh wind whistled down the slopes"],
              ["climb the rocky trails", "watch the eagles soar", "pick wild berries"]),
        _text("大山", "在大山里", ["山路尽头的高松树", "岩石平台", "山间小木屋", "有回声的山洞", "高山湖", "开满野花的山坡"],
              ["雪白的山峰碰到了云朵", "清新的风从山坡上吹下来"],
              ["爬石头小路", "看老鹰翱翔", "采野莓"]),
        (EAGLE, GOAT, BEAR)),
    "farm": SettingData(
        _text("the farm", "on the farm", ["the big red barn", "the old windmill", "the duck pond", "the haystack", "the apple orchard", "the wooden gate"],
              ["cows mooed in the green fields", "the rooster crowed at sunrise"],
              ["feed the chickens", "ride on the hay cart", "play in the haystacks"]),
        _text("农场", "在农场里", ["大红谷仓", "老风车", "鸭子池塘", "干草垛", "苹果园", "木栅栏门"],
              ["奶牛在绿色的田野里哞哞叫", "公鸡在日出时喔喔啼"],
              ["喂小鸡", "坐干草车", "在草垛里玩"]),
        (SHEEPDOG, LAMB, HEN, FARM_PIGLET, FARM_DUCK)),
    "meadow": SettingData(
        _text("the meadow", "in the meadow", ["the big round hill", "the old stone wall", "the lone cherry tree", "the buttercup field", "the little brook", "the old wooden fence"],
              ["wildflowers swayed in the tall grass", "butterflies floated over the grass"],
              ["roll down the grassy hill", "pick wildflowers", "watch the clouds drift by"]),
        _text("草地", "在草地上", ["圆圆的小山坡", "老石墙", "孤零零的樱桃树", "毛茛花田", "小溪", "旧木篱笆"],
              ["野花在高高的草丛中摇摆", "蝴蝶在草地上飞舞"],
              ["从草坡上滚下来", "采野花", "看白云飘过"]),
        (RABBIT, BLUEBIRD, MOUSE, LAMB_MEADOW, PUP_MEADOW)),
}

MODIFIER_DETAILS = {
    "night": ("the moon glowed softly over everything", "月亮温柔地照着大地"),
    "snow": ("soft snow covered everything in white", "软软的白雪盖住了一切"),
    "sunset": ("the sky glowed orange and pink", "天空染成了橙色和粉色"),
    "rain": ("raindrops pattered on every leaf", "雨点滴滴答答地落在叶子上"),
}
MODIFIER_HELPERS = {"snow": (PENGUIN, POLAR_BEAR), "night": (OWL,)}

DEFAULT_SCENES = ("forest", "garden", "village", "meadow", "river", "farm")
# hero body type -> a fitting scene when the user gave none
CREATURE_SCENES = {"penguin": "snow", "turtle": "sea", "frog": "river", "duck": "river", "robot": "space",
                   "owl": "forest", "squirrel": "forest", "sheep": "farm", "lion": "meadow", "panda": "forest"}
ZH_MODIFIER_NAMES = {"night": "夜晚", "snow": "雪地", "sunset": "黄昏", "rain": "雨天"}
_EN_NO_ARTICLE = ("space", "outer space", "home", "school")
_EN_PREPOSITIONS = {"by": ("sea", "ocean", "shore", "seaside", "river", "lake", "pond", "stream", "creek", "coast"),
                    "on": ("beach", "farm", "mountain", "hill", "island", "ranch", "moon"),
                    "at": ("school", "playground", "kindergarten")}


@dataclass(frozen=True)
class Place:
    """A resolved scene: setting key, modifiers, and phrases in the story's language."""

    setting: str
    modifiers: tuple[str, ...]
    scene: str              # the scene text stored in story.json
    text: PlaceText
    helpers: tuple[Helper, ...]


def choose_scene(scene: str, topic: str, creature: str | None, language: str, rng: random.Random) -> str:
    """Return the user's scene, or a sensible one from the topic, the hero or the seed."""
    scene = " ".join((scene or "").split())
    if scene:
        return scene
    for table in (SETTINGS, MODIFIERS):
        keys = find_keys(topic, table)
        if keys:
            return _canonical_name(keys[0], language)
    if creature in CREATURE_SCENES:
        return _canonical_name(CREATURE_SCENES[creature], language)
    return _canonical_name(rng.choice(DEFAULT_SCENES), language)


def _canonical_name(key: str, language: str) -> str:
    """The scene name stored in story.json for a setting or mood key."""
    if key in SETTING_DATA:
        return SETTING_DATA[key].zh.place if language == "zh" else key
    return ZH_MODIFIER_NAMES.get(key, key) if language == "zh" else key


def resolve_place(scene: str, language: str) -> Place:
    """Map scene text to a setting and phrases that read naturally in sentences."""
    setting = (find_keys(scene, SETTINGS) or ["meadow"])[0]
    modifiers = tuple(find_keys(scene, MODIFIERS))
    data = SETTING_DATA[setting]
    base = data.zh if language == "zh" else data.en
    own_script = has_cjk(scene) if language == "zh" else not has_cjk(scene)
    only_keyword = _is_bare_keyword(scene, setting, modifiers)
    if own_script and not only_keyword:
        place, in_place = (_zh_phrases(scene) if language == "zh" else _en_phrases(scene))
        base = PlaceText(place, in_place, base.landmarks, base.details, base.pastimes)
    extra = tuple(MODIFIER_DETAILS[m][1 if language == "zh" else 0] for m in modifiers)
    if extra:   # the weather or the hour decides what the place looks like, on every page
        place, in_place = base.place, base.in_place
        if "snow" in modifiers and only_keyword:
            place, in_place = (f"白雪覆盖的{place}", f"在白雪覆盖的{place}{in_place[len('在') + len(base.place):]}") if language == "zh" \
                else (place.replace("the ", "the snowy ", 1) if place.startswith("the ") else f"snowy {place}",
                      in_place.replace("the ", "the snowy ", 1))
        base = PlaceText(place, in_place, base.landmarks, extra, base.pastimes)
    helpers = tuple(h for m in modifiers for h in MODIFIER_HELPERS.get(m, ())) + data.helpers
    return Place(setting, modifiers, scene, base, helpers)


def _is_bare_keyword(scene: str, setting: str, modifiers: tuple[str, ...]) -> bool:
    """True when the scene is just one keyword ("forest", "森林", "night"): use our phrasing."""
    words = scene.strip().lower().removeprefix("the ").strip()
    table_words = set(SETTINGS[setting][0]) | set(SETTINGS[setting][1])
    for key in modifiers:
        table_words |= set(MODIFIERS[key][0]) | set(MODIFIERS[key][1])
    return words in table_words or words.rstrip("s") in table_words


def _en_phrases(scene: str) -> tuple[str, str]:
    """"a snowy village" -> ("the snowy village", "in the snowy village")."""
    text = scene.strip().rstrip(".")
    lowered = text.lower()
    if lowered in _EN_NO_ARTICLE or lowered.startswith(("my ", "our ")) or "'s " in lowered or text[:1].isupper():
        place = text if text[:1].isupper() and not lowered.startswith(("a ", "an ", "the ")) else lowered
    else:
        place = "the " + re.sub(r"^(a|an|the)\s+", "", lowered)
    head_words = re.split(r"\s+(?:by|near|beside|under|with|on|in|at|next to|behind|of)\s+", lowered)[0].split()
    last = head_words[-1] if head_words else ""
    preposition = next((p for p, nouns in _EN_PREPOSITIONS.items() if last.rstrip("s") in nouns), "in")
    if lowered == "home":
        return "home", "at home"
    return place, f"{preposition} {place}"


def _zh_phrases(scene: str) -> tuple[str, str]:
    """"雪山小村" -> ("雪山小村", "在雪山小村里")."""
    place = scene.strip().rstrip("。").removeprefix("在")
    if place.endswith(("里", "上", "边", "中", "下")):
        return place, f"在{place}"
    if place.endswith(("海", "湖", "河", "溪", "池塘")):
        return place, f"在{place}边"
    if place.endswith(("山", "坡", "岛", "草地", "草原")):
        return place, f"在{place}上"
    if place in ("太空", "宇宙"):
        return place, f"在{place}中"
    return place, f"在{place}里"


@dataclass(frozen=True)
class LittleOne:
    """A small creature who fits a place (the watcher of the skill stories, the lost one of lost-and-found)."""

    creature: str       # its kind, to keep it apart from the hero's and the helpers' kinds
    en: str
    zh: str
    giggle_en: str      # how it laughs at a failed try, with the body it has ("hid its face in its paws")


def _little(creature, en, zh, giggle_en) -> LittleOne:
    return LittleOne(creature, en, zh, giggle_en)


_KITTEN = _little("cat", "kitten", "小猫咪", "hid its face in its paws")
_PUPPY = _little("dog", "puppy", "小狗", "covered its eyes with its paws")
_HEDGEHOG = _little("hedgehog", "hedgehog", "小刺猬", "curled up into a giggling ball")
_BUNNY = _little("rabbit", "bunny", "小兔子", "hid its face in its paws")
_SQUIRREL = _little("squirrel", "squirrel", "小松鼠", "hid its face behind its bushy tail")
_SPARROW = _little("bird", "sparrow", "小麻雀", "hid its face under a wing")
_HARE = _little("rabbit", "hare", "小野兔", "hid its face in its paws")
# per place, in order of preference: the first whose kind is not already in the story
LITTLE_ONES: dict[str, tuple[LittleOne, ...]] = {
    "forest": (_SQUIRREL, _HEDGEHOG, _BUNNY),
    "sea": (_little("crab", "crab", "小螃蟹", "clicked its claws and giggled"),
            _little("turtle", "turtle", "小海龟", "pulled its head into its shell to hide a giggle"), _PUPPY),
    "river": (_little("duck", "duckling", "小鸭子", "hid its face under a wing"),
              _little("frog", "frog", "小青蛙", "ducked behind a lily pad, giggling"), _BUNNY),
    "village": (_KITTEN, _PUPPY, _SPARROW), "city": (_KITTEN, _PUPPY, _SPARROW), "home": (_KITTEN, _PUPPY, _SPARROW),
    "desert": (_little("lizard", "lizard", "小蜥蜴", "darted under a stone to giggle"),
               _little("mouse", "desert mouse", "小沙鼠", "hid its face in its paws"), _HARE),
    "space": (_little("mouse", "moon-mouse", "月亮小老鼠", "hid its face in its paws"),
              _little("dog", "moon-puppy", "月亮小狗", "covered its eyes with its paws"),
              _little("cat", "moon-kitten", "月亮小猫", "hid its face in its paws")),
    "garden": (_HEDGEHOG, _BUNNY, _SQUIRREL),
    "school": (_little("mouse", "hamster", "小仓鼠", "hid its face in its paws"), _BUNNY,
               _little("bird", "budgie", "小鹦鹉", "hid its face under a wing")),
    "mountain": (_little("sheep", "goat", "小山羊", "bleated with laughter"),
                 _little("marmot", "marmot", "小土拨鼠", "hid its face in its paws"), _HARE),
    "farm": (_little("bird", "chick", "小鸡", "hid its face under a wing"),
             _little("pig", "piglet", "小猪", "rolled over, squealing with laughter"), _KITTEN),
    "meadow": (_BUNNY, _little("mouse", "field mouse", "小田鼠", "hid its face in its paws"), _HEDGEHOG),
}


def pick_little_one(setting: str, hero_kind: str, others: set[str]) -> LittleOne:
    """The place's little one, of another kind than the hero (and, when it can be, than everyone else).

    A mountain story with a goat helper used to add "a little goat" too.
    """
    options = LITTLE_ONES.get(setting, LITTLE_ONES["meadow"])
    return (next((o for o in options if o.creature != hero_kind and o.creature not in others), None)
            or next((o for o in options if o.creature != hero_kind), options[0]))


# what the weather or the hour does to a place's pastimes and to the first words of a story
MODIFIER_PASTIMES = {
    "snow": (("build a snowman", "slide down the snowy slope", "catch snowflakes"), ("堆雪人", "从雪坡上滑下来", "接雪花")),
    "night": (("count the stars", "watch the fireflies", "listen to the crickets"), ("数星星", "看萤火虫", "听蛐蛐唱歌")),
    "rain": (("splash in puddles", "listen to the rain", "float paper boats in the puddles"), ("踩水坑", "听雨声", "在水坑里放纸船")),
    "sunset": (("watch the sky turn pink", "collect fallen leaves", "chase the long shadows"), ("看天空变成粉红色", "捡落叶", "追长长的影子")),
}
OPENINGS = {
    "": (("One bright morning", "Early one morning", "One fine day", "One breezy afternoon", "One sunny morning"),
         ("一个晴朗的早晨", "一天清早", "有一天", "一个有风的下午", "一个阳光明媚的早上")),
    "snow": (("One snowy morning", "One cold, white morning"), ("一个下雪的早晨", "一个白茫茫的冬日早晨")),
    "night": (("One starry evening", "One quiet night"), ("一个满天星星的晚上", "一个安静的夜晚")),
    "rain": (("One rainy morning", "One drizzly afternoon"), ("一个下雨的早晨", "一个细雨蒙蒙的下午")),
    "sunset": (("One golden evening", "One autumn evening"), ("一个金色的傍晚", "一个秋天的傍晚")),
}
LATER = {"": (("Later that day", "That afternoon"), ("那天下午", "后来")), "night": (("Later that night", "Deep in the night"), ("夜深了", "到了半夜")),
         "snow": (("Later that day", "That afternoon"), ("那天下午", "后来")), "rain": (("Later that day", "That afternoon"), ("那天下午", "后来")),
         "sunset": (("As the light faded", "A little later"), ("天色暗下来的时候", "过了一会儿"))}


def at_landmark(landmark: str, language: str) -> str:
    """The one preposition that suits a landmark: "under the old oak tree", "在老橡树下"."""
    if language == "zh":
        if landmark.endswith(("树", "拱门", "柳")):
            return f"在{landmark}下"
        if landmark.endswith(("木头", "墙", "石", "平台", "桥", "码头", "踏脚石")):
            return f"在{landmark}上" if landmark.endswith(("木头", "平台", "桥", "码头", "踏脚石")) else f"在{landmark}旁边"
        return f"在{landmark}旁边"
    if re.search(r" (?:in|at|of|with) ", landmark):
        return f"by {landmark}"
    words = landmark.split()
    last = words[-1] if words else ""
    if last in ("tree", "willow", "arch", "pine", "cactus") or "tree" in words[-3:] or last == "trail":
        return f"under {landmark}" if last != "trail" else f"beside {landmark}"
    if last in ("log", "stones", "ledge", "bridge", "pier", "wall", "hill", "rock"):
        return f"on {landmark}"
    if last in ("corner", "base", "crater", "square", "garden", "pond", "pool", "oasis", "barn", "hut", "bakery", "playground"):
        return f"in {landmark}" if last not in ("base", "bakery", "barn", "hut") else f"by {landmark}"
    return f"by {landmark}"


# Other ways to describe a landmark (English), one chosen per story: two stories in the same meadow
# need not both sit "on the old stone wall". Each keeps the landmark's own noun, so the pictures and
# at_landmark's preposition stay the same.
LANDMARK_LOOKS: dict[str, tuple[str, ...]] = {
    "the big round hill": ("the gentle hill", "the round green hill", "the windy hill"),
    "the old stone wall": ("the mossy stone wall", "the crooked stone wall", "the low stone wall"),
    "the lone cherry tree": ("the old cherry tree", "the little cherry tree", "the crooked cherry tree"),
    "the buttercup field": ("the wide buttercup field", "the golden buttercup field"),
    "the little brook": ("the babbling brook", "the shallow brook", "the winding brook"),
    "the old wooden fence": ("the rickety wooden fence", "the white wooden fence", "the long wooden fence"),
    "the old oak tree": ("the great oak tree", "the gnarled oak tree", "the tall oak tree"),
    "the mossy log": ("the fallen log", "the hollow log"),
    "the ring of mushrooms": ("the mushroom ring", "the toadstool ring"),
    "the hollow chestnut tree": ("the old chestnut tree", "the big chestnut tree"),
    "the bubbling spring": ("the little spring", "the clear spring"),
    "the wooden bridge": ("the humpbacked wooden bridge", "the narrow wooden bridge"),
    "the big flat stepping stones": ("the stepping stones", "the mossy stepping stones", "the wobbly stepping stones"),
    "the weeping willow": ("the old willow", "the drooping willow"),
    "the old water mill": ("the creaky water mill", "the mossy water mill"),
    "the little waterfall": ("the splashing waterfall", "the tiny waterfall"),
    "the old apple tree": ("the crooked apple tree", "the big apple tree"),
    "the little garden pond": ("the garden pond", "the still garden pond"),
    "the wooden shed": ("the old wooden shed", "the green wooden shed"),
    "the big red barn": ("the old red barn", "the tall red barn"),
    "the old windmill": ("the creaky windmill", "the white windmill"),
    "the duck pond": ("the muddy duck pond", "the little duck pond"),
    "the wooden gate": ("the creaky wooden gate", "the old wooden gate"),
}


def landmark_look(landmark: str, rng) -> str:
    """One way to describe the landmark for this story (itself or one of LANDMARK_LOOKS)."""
    return rng.choice((landmark, *LANDMARK_LOOKS.get(landmark, ())))

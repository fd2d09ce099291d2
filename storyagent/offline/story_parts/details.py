"""Concrete story material the plots draw on: journey goals, friends' troubles, titles, chapters.

Every English entry has its Chinese twin so both languages tell the same kinds of story.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    pattern: str            # regex over the topic (English or Chinese) that picks this goal
    en: str
    zh: str
    sight_en: str
    sight_zh: str
    vehicle_en: str
    vehicle_zh: str
    moved_en: str           # how the home-made vehicle travels in the dream
    sky: bool = False       # only reachable in a dream (moon, stars)


GOALS = (
    Goal(r"moon|月", "the moon", "月亮", "the moon, round and silver and close enough to touch", "又圆又亮、近得好像伸手就能摸到的月亮",
         "rocket", "火箭", "rose up past the clouds and into the starry sky", sky=True),
    Goal(r"\bstars?\b|space|planet|星星|太空|星球", "the stars", "星星", "a sky full of stars, twinkling all around", "满天的星星，在身边一闪一闪",
         "rocket", "火箭", "zoomed up past the moon towards the twinkling stars", sky=True),
    Goal(r"\bsea\b|ocean|beach|海", "the sea", "大海", "the wide blue sea, sparkling all the way to the sky", "一望无际的蓝色大海，一直闪到天边",
         "boat", "小船", "sailed down the river, under the bridges and out to the sea"),
    Goal(r"dinosaur|fossil|恐龙|化石", "the dinosaur bones on Fossil Hill", "化石山上的恐龙骨头",
         "a giant fossil footprint pressed into the rock, far bigger than any footprint today", "石头上一个巨大的化石脚印，比今天任何动物的脚印都大",
         "time machine", "时光机", "whirred and whizzed back, back, back to the days of the dinosaurs"),
    Goal(r"mountain|peak|\bhill\b|山", "the top of the tallest mountain", "最高的山顶",
         "the whole world spread out below, with clouds drifting past at eye level", "整个世界都在脚下，白云就从眼前飘过",
         "hot-air balloon", "热气球", "floated up and up, over the treetops to the mountain peaks"),
    Goal(r"rainbow|彩虹", "the end of the rainbow", "彩虹的尽头", "a rainbow arching over a valley, every colour glowing in the sun",
         "一道彩虹横跨山谷，每一种颜色都在阳光下闪闪发亮", "hot-air balloon", "热气球", "floated up into the sky towards the glowing colours"),
    Goal(r"city|town|城市|城", "the big city", "大城市", "the big city, with its lights twinkling in a thousand windows", "大城市，千万扇窗户里闪着灯光",
         "train", "火车", "chugged along the tracks, over hills and through tunnels, all the way to the city"),
    Goal(r"", "the waterfall beyond the hills", "山那边的瀑布", "a waterfall tumbling into a pool, with a tiny rainbow shining in its spray",
         "一道瀑布哗哗地落进水潭，水雾里还挂着一道小小的彩虹", "hot-air balloon", "热气球", "floated over the hills to the waterfall"),
)
PACKS = (("an apple, a map and a warm scarf", "一个苹果、一张地图和一条暖和的围巾"),
         ("a lantern, two sandwiches and a map", "一盏小灯笼、两个三明治和一张地图"),
         ("a water bottle, a book and a spare pair of socks", "一瓶水、一本书和一双备用的袜子"))


@dataclass(frozen=True)
class Trouble:
    settings: tuple[str, ...]   # places it can happen in ("" = anywhere)
    en: str                     # what went wrong
    zh: str
    try_en: str                 # the hero alone, failing
    try_zh: str
    fix_en: str                 # everyone together
    fix_zh: str


TROUBLES = (
    Trouble(("",),
            "{friend}'s kite was stuck high up in the branches of the tallest tree.", "{friend}的风筝卡在了最高的那棵树上。",
            "{name} jumped and stretched as high as {he} could, but the kite was far out of reach.", "{name}使劲跳，使劲够，可风筝实在太高了。",
            "{friend2} held a long stick steady, {name} climbed onto a low branch and gave the kite string a gentle tug, and {friend} caught the kite as it floated down.",
            "{friend2}扶稳一根长树枝，{name}爬上矮树杈，轻轻一拉风筝线，风筝飘了下来，{friend}稳稳地接住了它。"),
    Trouble(("meadow", "farm", "garden", "forest", "village", "mountain", "river"),
            "{friend}'s basket had tipped over, and the apples had rolled all the way down the slope.", "{friend}的篮子翻了，苹果一路滚下了山坡。",
            "{name} chased one apple, then another, but for every apple {he} caught, two more rolled away.", "{name}追了一个又一个，可捡起一个，又有两个滚走了。",
            "{friend2} stood at the bottom to stop the rolling apples, {friend} held the basket, and {name} gathered them up until every last apple was back.",
            "{friend2}守在坡底拦住滚下来的苹果，{friend}扶着篮子，{name}一个一个捡回来，一个也没少。"),
    Trouble(("river", "sea", "garden", "farm", "meadow", "forest"),
            "{friend}'s little boat had come untied and was drifting away from the bank.", "{friend}的小船没拴好，正从岸边漂走。",
            "{name} reached out with a stick, but the boat was just too far away.", "{name}拿着小树枝去够，可小船已经漂得太远了。",
            "{friend2} held on to {name}, {name} held on to a long branch, and together they hooked the boat and pulled it safely back to the bank.",
            "{friend2}拉住{name}，{name}握着长长的树枝，大家一起把小船勾住，稳稳地拉回了岸边。"),
    Trouble(("farm", "village", "meadow", "forest", "mountain", "garden", "city"),
            "{friend}'s cart full of pumpkins was stuck deep in a muddy puddle.", "{friend}装满南瓜的小车陷进了泥坑里。",
            "{name} pushed and pushed, but the wheels only sank deeper into the mud.", "{name}推呀推，可车轮反而越陷越深。",
            "{friend} pulled at the front, {friend2} and {name} pushed at the back, and with a great squelch the cart rolled free.",
            "{friend}在前面拉，{friend2}和{name}在后面推，“噗”的一声，小车终于出来了。"),
    Trouble(("snow",),
            "{friend}'s sled had slid into a snowdrift and was buried up to its handles.", "{friend}的雪橇滑进了雪堆里，只露出一点把手。",
            "{name} dug and dug, but the snow kept sliding back in.", "{name}挖呀挖，可雪又滑了回去。",
            "{friend2} scooped the snow, {friend} held the rope, and {name} pulled with all {his} might until the sled popped free.",
            "{friend2}铲雪，{friend}拉住绳子，{name}使出全身力气一拽，雪橇一下子就出来了。"),
)

TITLES = {
    "skill": (("{name} and the Big Wish", "{name} Learns to {Skill}", "One More Try, {name}!", "{name}'s Secret Practice"),
              ("{name}学{skill}", "{name}的大心愿", "再试一次，{name}！")),
    "fear": (("{name} and the {Fear_title}", "Brave Little {name}", "{name} Is Not Afraid", "{name} Faces the {Fear_title}"),
             ("{name}不怕{fear}了", "勇敢的{name}", "{name}和{fear}")),
    "lost": (("{name} and the Missing {Thing}", "Where Did It Go, {name}?", "{name} Finds the Way", "Lost and Found"),
             ("{name}找{thing}", "{name}找到了", "丢了又找到")),
    "lost_way": (("{name} Finds the Way Home", "Which Way Home, {name}?", "{name} Asks the Way"), ("{name}找到回家的路", "{name}问路")),
    "sharing": (("{name} Learns to Share", "Enough for Everyone", "{name}'s {Thing}", "Mine, Yours and Ours"),
                ("{name}学会了分享", "大家一起玩", "{name}的{thing}")),
    "race": (("The Great Race", "{name} and {partner}", "Step by Step, {name}", "{name} Keeps Going"),
             ("{name}和{partner}赛跑", "一步一步向前走", "一场大赛跑")),
    "help": (("{name} Lends a Hand", "Better Together", "{name} and Friends to the Rescue", "Many Hands"),
             ("{name}来帮忙", "一起来帮忙", "好朋友一起干")),
    "journey": (("{name}'s Big Journey", "{name} Goes to See {goal}", "The Long Way to {goal}", "Off We Go, {name}!"),
                ("{name}的大旅行", "{name}去看{goal}", "出发吧，{name}！")),
    "curious": (("{name} Wants to Know", "{name} Finds Out", "The Question of {name}", "{name}'s Big Question"),
                ("{name}想知道", "{name}的大问题", "原来是这样")),
    "curious_unknown": (("{name} Wants to Know", "{name}'s Big Question", "{name} the Little Detective"), ("{name}想知道", "小侦探{name}")),
    "friends": (("{name} and {partner}", "Best of Friends", "Two Good Friends", "{name} Makes a Friend"),
                ("{name}和{partner}", "最好的朋友", "{name}交了新朋友")),
}
CHAPTERS = {   # four chapter titles per plot kind: setup, problem, middle, resolution
    "skill": (("A Big Wish", "Tries That Go Wrong", "A Friend's Secret", "At Last!"), ("大大的心愿", "怎么也做不好", "朋友的秘密", "终于成功了")),
    "fear": (("Something Scary", "Hiding", "Small Brave Steps", "Brave at Last"), ("可怕的东西", "躲起来", "勇敢的小步子", "终于勇敢了")),
    "lost": (("A Favourite Thing", "Gone!", "Looking Everywhere", "Found"), ("最喜欢的东西", "不见了", "到处找", "找到了")),
    "sharing": (("All Mine", "Alone", "A Change of Heart", "Together"), ("都是我的", "一个人", "改变主意", "在一起")),
    "race": (("The Challenge", "Ready, Steady, Go", "On the Way", "The Finish Line"), ("挑战", "预备，跑！", "在路上", "终点")),
    "help": (("A Cry for Help", "Too Big for One", "Friends Join In", "Done Together"), ("有人求助", "一个人做不到", "朋友来了", "一起完成")),
    "journey": (("A Dream", "Setting Off", "On the Way", "Arriving"), ("一个梦想", "出发", "在路上", "到了")),
    "curious": (("A Question", "Asking", "Finding Out", "Now I Know"), ("一个问题", "去问问", "找答案", "原来如此")),
    "friends": (("Two Very Different Friends", "A Muddle", "Helping Each Other", "Best Friends"), ("两个不一样的朋友", "乱成一团", "互相帮助", "好朋友")),
}

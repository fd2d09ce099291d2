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


# pages a longer book may add when its plot has fewer events than pages: the hero and the place
# before the plot starts, a quiet morning after at the end ((English, Chinese) templates, filled like a beat)
EXTRA_START = (
    (("{in_place_cap}, {detail2}. [{name} knew every path and corner of it.|{name} would not have lived anywhere else.]",
      "{Name} loved {place} most [in the morning|at sunset], when {detail2}."),
     ("{in_place}，{detail2}。{name}熟悉这里的每一条小路。", "{name}最喜欢早晨的{place}：{detail2}。")),
    (("On most days you could find {name} {pastime_ing}, [humming a little tune|and that suited the {kind} just fine].",
      "If you wanted to find {name}, you looked near {landmark}. The {kind} was [usually|nearly always] there."),
     ("{name}平时最喜欢{pastime}，一边玩一边哼着小曲。", "想找{name}？去{landmark}看看吧，{he}常常在那儿。")),
)
EXTRA_END = (
    (("And if you ever visit {place}, look out for {name}. [{He} will be the one {habit}.|{He} might even wave to you.]",),
     ("如果你哪天去{place}，记得找找{name}，{he}说不定正在{habit}呢。",)),
    (("[The next morning|The very next day], {name} {went} back to {landmark} [as usual|just as before], [and the whole day felt brand new|with a skip in {his} step].",
      "When the sun came up again, {name} [stretched|yawned] and [smiled|looked out] at {place}. What a [story|day] it had been."),
     ("第二天早上，{name}像往常一样去了{landmark}，觉得一切都是新的。", "太阳又升起来了，{name}伸了个懒腰，望着{place}笑了。这是多么难忘的一天啊。")),
)
# what the hero loves doing, for the longest books
EXTRA_HABIT = (("[Of all things|More than anything], {name} [loved|liked] {habit}. [Some days {he} did nothing else at all.|It made {him} hum with happiness.]",),
               ("{name}平时爱{habit}，有时候一玩就是一整天。",))
# the role sheet told on a page ("You could always spot Max: a little teal dragon with ...")
EXTRA_LOOK = (("This is {name}, {look}.", "Meet {name}, {look}."),
              ("{name}是{look}，大家一眼就能认出{he}。", "瞧，这就是{name}：{look}。"))
# two more moments in the middle of each plot kind, for the longest books (each its own page)
EXTRA_MIDDLE = {
    "skill": (("{name} [counted|kept a tally of] every try at {skill_ing}: [nine|twelve|fifteen] so far, and not one had worked.",
               "Even at supper, {name} was thinking about {skill_ing}. {He} [practised in {his} head|could hardly eat]."),
              ("{name}数着自己试了多少次：已经十几次了，一次也没成功。", "吃晚饭的时候，{name}还在想着{skill}的事。")),
    "fear": (("That night, {name} lay awake thinking about {fear}. [{He} hugged {his} knees|{He} pulled the blanket up] and listened.",
              "{name} [drew|painted] a picture of {fear}. On paper it looked much smaller."),
             ("那天晚上，{name}躺着睡不着，一直在想{fear}的事。", "{name}把{fear}画在纸上。画在纸上的{fear}，看起来小多了。")),
    "lost": (("{name}'s tummy rumbled. It had been a long time since breakfast, but {he} kept going.",
              "{name} [sat on a stone|stopped] for a moment to catch {his} breath, then carried on."),
             ("{name}的肚子咕咕叫了，早饭已经是很久以前的事了，可{he}还是继续往前走。", "{name}坐在石头上歇了一会儿，又接着走。")),
    "sharing": (("{name} thought about {his_thing} for a long time. Sharing is hard when you love something so much.",
                 "{name} [lined up|counted] {his_thing} {at_landmark2}, one by one, and then counted again."),
                ("{name}想了很久很久。自己那么喜欢的东西，要分给别人，真不容易。", "{name}把{his_thing}一个一个摆好，数了一遍，又数了一遍。")),
    "race": (("Along the way, {name} passed [a busy anthill|a field of daisies] and said hello without stopping.",
              "{name}'s legs were tired, but {he} thought of the finish line and [hummed a marching song|counted {his} steps]."),
             ("一路上，{name}经过一片雏菊花地，打了个招呼，脚步却一点儿也没停。", "{name}的腿有点儿酸了，可{he}想着终点，一边数着步子一边往前走。")),
    "help": (("{name} wiped {his} brow and looked at the problem again. There had to be a way.",
              "{name} [rubbed {his} chin|paced up and down] {at_landmark}, thinking of every trick {he} knew."),
             ("{name}擦擦额头上的汗，又把难题看了一遍。一定会有办法的。", "{name}{at_landmark}走来走去，把知道的办法都想了一遍。")),
    "journey": (("{name} [hummed a travelling song|counted the clouds] to pass the time. {Goal_cap} still felt very far away.",
                 "{name} [nibbled a snack|had a sip of water] and thought of home, just for a moment. Then on {he} went."),
                ("{name}一边哼着歌，一边数着云朵。{goal}好像还很远很远。", "{name}吃了点儿东西，想了一会儿家，又继续出发了。")),
    "curious": (("{name} [sat very still|listened hard], trying to picture the {obj1}. There was so much to know!",
                 "{name} drew the {obj2} in the dirt with a stick, so as not to forget."),
                ("{name}一动不动地听着，努力想象{obj1}的样子。要知道的事情真多呀！", "{name}用小树枝在地上画了{obj2}，免得忘记。")),
    "curious_unknown": (("{name} looked at the {noun} for a long time. How could something so ordinary hold such a big question?",
                         "{name} wrote the question on a scrap of paper and kept it safe in {his} pocket."),
                        ("{name}盯着{noun}看了好久。这么平常的东西，怎么会藏着这么大的问题呢？", "{name}把问题写在一张小纸条上，小心地放进口袋。")),
    "friends": (("{name} [felt a flutter in {his} tummy|was a little nervous]. Making a friend is not always easy.",
                 "{name} [hummed|whistled] a little tune {at_landmark2}, wondering what tomorrow would bring."),
                ("{name}心里有点儿紧张。交朋友可不是一件容易的事。", "{name}{at_landmark2}哼着小曲，想着明天会发生什么。")),
}

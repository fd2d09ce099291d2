"""More plot skeletons, so that topics of one plot kind are told as different events.

Each list here is added to its plot kind in skeletons.py. The writer picks among a kind's
skeletons, so two topics of one kind ("the tortoise and the hare", "slow and steady wins")
meet on the same events far less often.
"""
from __future__ import annotations

from .beats import B

# the long race over the hills: the quick one keeps being sidetracked; the steady one has a plan
RACE_SIDETRACKED = [
    B(["{name} the {look_short} [liked to do things properly|never rushed], and {he} always [finished what {he} started|got there in the end].",
       "Nobody {in_place} had ever seen {name} the {look_short} hurry. [Not once.|Not even for cake.]"],
      ["{look_short}{name}做事从来不着急，可不管做什么，{he}都会做完。", "{place}里谁也没见过{name}着急的样子。"]),
    B(["{partner} the {partner_kind} was [quick and bouncy|as fast as a sneeze], but {partner_he} could never [stick to one thing|keep {partner_his} mind on anything] for long.",
       "{partner} the {partner_kind} could [cross {place} in a blink|outrun the wind], if only {partner_he} did not keep stopping to [show off|chase butterflies]."],
      ["{partner_kind}{partner}跑得飞快，可就是一件事也坚持不了多久。", "{partner_kind}{partner}一眨眼就能跑过整个{place}，只可惜总是半路停下来。"]),
    B(["\"A race to {landmark} and back?\" said {partner}. \"Easy! I'll be home for lunch.\" {name} [nodded|blinked slowly]. \"I'll be there too. Eventually.\"",
       "When {friend} the {friend_kind} announced the long race over the hills to {landmark}, {partner} [laughed|snorted]: \"Against {name}? That won't take long!\""],
      ["“跑到{landmark}再跑回来？”{partner}说，“太简单了，我午饭前就能回来！”{name}点点头：“我也会到的，慢慢地。”",
       "{friend_kind}{friend}宣布要举行一场翻山越岭的长跑，终点是{landmark}。{partner}笑了：“跟{name}比？一会儿就完了！”"]),
    B(["Before the race, {name} [drew a map|made a plan] with {friend}: first {landmark2}, then the long hill, then {landmark}. \"[One piece at a time|Just follow the plan],\" said {name}.",
       "The night before, {name} packed a snack and [counted the turns of the path|learned the way by heart]: {landmark2}, the long hill, and at last {landmark}."],
      ["比赛前，{name}和{friend}一起画了一张地图：先到{landmark2}，再爬长长的山坡，最后到{landmark}。“一段一段来。”{name}说。",
       "比赛前一天晚上，{name}准备好点心，把路线记得清清楚楚：{landmark2}，长山坡，最后是{landmark}。"]),
    B(["The race began. {partner} [shot off|zoomed away] in a cloud of dust. {name} [set off|began] at {his} own pace, [thinking only of {landmark2}|one sure step after another].",
       "\"Ready, steady, go!\" {partner} was over the first hill before {name} had taken ten steps. The {kind} did not mind. {He} [walked on|kept to {his} plan]."],
      ["比赛开始了。{partner}一溜烟就跑没影了。{name}按自己的步子走，心里只想着{landmark2}。", "“预备——跑！”{name}还没走十步，{partner}已经翻过了第一座小山。{name}一点儿也不着急。"]),
    B(["At {landmark2}, {partner} saw a [big muddy puddle|bush full of berries]. \"Just one quick [splash|nibble],\" {partner_he} said. One turned into twenty. Meanwhile {name} [plodded past|walked by], still following the plan.",
       "{partner} [found some friends playing tag {at_landmark2} and stopped to join in|stopped {at_landmark2} to watch a beetle race, and then to have a go]. \"I've got ages,\" {partner_he} called. {name} [just waved|smiled] and kept going."],
      ["在{landmark2}，{partner}看到一个大泥坑：“就玩一下下！”一下变成了二十下。{name}从旁边慢慢走了过去。",
       "{partner}在{landmark2}看见朋友们在玩捉人游戏，也停下来一起玩。“时间多着呢！”{partner_he}喊。{name}挥挥手，继续往前走。"]),
    B(["Then {partner} took a shortcut [through the brambles|over the rocks] and came out [in quite the wrong place|back at the start]. The {partner_kind} had to run all the way round again.",
       "\"A shortcut!\" cried {partner}, and [dashed off the path|leapt over a ditch]. But the shortcut went round and round, and {partner} was soon [very muddled|quite lost]."],
      ["{partner}想抄近路，钻进了荆棘丛，结果又绕回了起点，只好重新跑一大圈。", "“抄近路！”{partner}喊着冲下小路。可是近路绕来绕去，{partner}一下子就迷糊了。"]),
    B(["The long hill was steep. {name} [stopped for a sip of water|ate half {his} snack], then climbed on, step, step, step, exactly as planned.",
       "Halfway up the long hill, {name}'s legs [ached|wobbled]. \"Only the hill left,\" {he} told {himself}, and [kept climbing|took one more step, and another]."],
      ["长山坡好陡啊。{name}喝了一口水，又一步一步往上爬，完全按照计划来。", "爬到半山腰，{name}的腿酸了。“只剩这座山坡了。”{he}对自己说，又迈出了一步，再一步。"]),
    B(["From the top of the hill {name} could see {landmark}, and [the finish flag fluttering|{friend} waving the flag]. Behind {him}, far away, a [tired|muddy] {partner_kind} was [only just starting the climb|running in circles].",
       "{name} came over the top of the hill. There was the finish {at_landmark}! Far below, {partner} was [still picking burrs out of {partner_his} fur|only now finding the path]."],
      ["{name}爬到山顶，看见了{landmark}和飘扬的终点旗。远远的后面，{partner}才刚开始爬坡。", "{name}翻过山顶，终点就在{landmark}！山脚下，{partner}才刚刚找到路。"]),
    B(["{name} [walked|plodded] over the finish line {at_landmark}, and [everyone cheered|{friend} blew a whistle]. {partner} [arrived much later|came panting up last], covered in [mud|burrs].",
       "The crowd {at_landmark} cheered as the {look_short} crossed the finish line first. When {partner} finally [staggered in|arrived], {partner_he} could hardly believe it."],
      ["{name}{at_landmark}走过终点线，大家欢呼起来。{partner}过了好久才到，浑身都是泥。", "{name}第一个冲过终点，大家都欢呼起来。{partner}终于赶到时，简直不敢相信。"]),
    B(["\"But I'm much faster than you!\" said {partner}. \"You are,\" said {name}. \"But I kept going the whole way, and you kept stopping.\"",
       "\"How did you win?\" asked the {partner_kind}. {name} showed {partner_him} the map. \"I had a plan, and I stuck to it, one bit at a time.\""],
      ["“可是我比你快多了呀！”{partner}说。“是呀，”{name}说，“可我一路都没停，你却一直停下来。”", "“你是怎么赢的？”{partner}问。{name}拿出地图：“我有一个计划，一段一段地走完它。”"]),
    B(["The next week, {partner} asked {name} to help {partner_him} plan a [long walk|trip to {landmark2}]. They went together, [at a steady pace|not too fast and not too slow].{lesson_line}",
       "Now, when {partner} feels like rushing off, {partner_he} remembers the long race, and [sticks to the path|asks {name} to make a plan].{lesson_line}"],
      ["第二个星期，{partner}请{name}帮忙计划一次远足。他们一起出发，走得不快也不慢。{lesson_line}", "现在，每当{partner}又想一溜烟跑掉时，就会想起那场长跑，乖乖地沿着小路走。{lesson_line}"]),
]

MORE_PLOTS = {"race": [RACE_SIDETRACKED]}

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
       "The night before, {name} packed a snack and [counted the turns of the path|learned the way by heart]: {landmark2}, the long hill, and finally {landmark}."],
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
      ["{partner}想抄近路，钻进了荆棘丛，结果又绕回了起点，只好重新跑一大圈。", "“抄近路！”{partner}喊着冲下小路。可是近路绕来绕去，{partner}一下子就迷糊了。"], opt=True),
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
       "\"How did you win?\" asked the {partner_kind}. \"I had a plan,\" said {name}, \"and I stuck to it, one bit at a time.\""],
      ["“可是我比你快多了呀！”{partner}说。“是呀，”{name}说，“可我一路都没停，你却一直停下来。”", "“你是怎么赢的？”{partner}问。“我有一个计划，”{name}说，“一段一段地走完它。”"]),
    B(["The next week, {partner} asked {name} to help {partner_him} plan a [long walk|trip to {landmark2}]. They went together, [at a steady pace|not too fast and not too slow].{lesson_line}",
       "Now, when {partner} feels like rushing off, {partner_he} remembers the long race, and [sticks to the path|asks {name} to make a plan].{lesson_line}"],
      ["第二个星期，{partner}请{name}帮忙计划一次远足。他们一起出发，走得不快也不慢。{lesson_line}", "现在，每当{partner}又想一溜烟跑掉时，就会想起那场长跑，乖乖地沿着小路走。{lesson_line}"]),
]

# a surprise for Grandma's birthday: practised in secret, a little one finds out and keeps the secret
SKILL_SURPRISE = [
    B(["Grandma's birthday was coming, and {name} the {look_short} had a secret plan: to {skill} for her, as a surprise.",
       "{name} the {look_short} knew exactly what to give Grandma for her birthday. Not a present in a box: {he} would {skill}!"],
      ["奶奶的生日快到了，{look_short}{name}有一个秘密计划：学会{skill}，给奶奶一个惊喜。",
       "{look_short}{name}早就想好了送给奶奶的生日礼物：不是装在盒子里的礼物，而是{skill}！"]),
    B(["There was just one problem. {name} had never once managed to {skill}. [The birthday was a week away.|There were only seven days left.]",
       "The trouble was, {skill_ing} was [much harder than it looked|the one thing {name} had never got right], and the birthday was only a week away."],
      ["只有一个问题：{name}还从来没有成功过。离生日只剩七天了。", "可是{skill}比看起来难多了，{name}一次也没做成过，而生日只剩一个星期了。"], opt=True),
    B(["So every morning {name} crept off {at_landmark}, where nobody could see. {fail1_he}",
       "{name} found a secret practice spot {at_landmark} and [got to work|began at once]. {fail1_he}"],
      ["于是，每天早上{name}都悄悄溜到{landmark}，那里谁也看不见。{fail1}", "{name}在{landmark}找到一个秘密的练习地点，马上开始练。{fail1}"]),
    B(["On the third morning a little {little_one} [peeked out|popped up] from {landmark2}. \"What are you doing?\" \"Shh!\" said {name}. \"It's a secret. For Grandma.\"",
       "\"I saw you!\" squeaked a little {little_one} from {landmark2}. {name} went pink. \"Please don't tell Grandma. It's a surprise.\""],
      ["第三天早上，一只{little_one}从{landmark2}探出头来：“你在干什么呀？”“嘘！”{name}说，“这是给奶奶的秘密。”",
       "“我看见啦！”一只{little_one}在{landmark2}叫起来。{name}的脸红了：“别告诉奶奶，这是个惊喜。”"]),
    B(["The {little_one} promised, and came to watch every day after that. {fail2}",
       "Now there were two who knew the secret. The {little_one} counted the tries {at_landmark2}. {fail2}"],
      ["{little_one}答应保密，从那以后天天来看。{fail2}", "现在，有两个人知道这个秘密了。{little_one}在旁边帮忙数着。{fail2}"]),
    B(["{fail3} {name} [put {his} head in {his} {hands}|sat down in the grass]. \"It's no use. Grandma's birthday is tomorrow.\"",
       "Then, the day before the birthday, {fail3_he} {name} [felt like crying|wanted to give up]."],
      ["{fail3}{name}双手捂住脸：“没用的，明天就是奶奶的生日了。”", "生日前一天，{fail3}{name}真想放弃。"]),
    B(["The {little_one} ran off and came back with {friend} the {friend_kind}. \"I heard there's a secret,\" said {friend} with a wink. \"Here's another one: {tip}.\"",
       "The {little_one} [tugged at {friend} the {friend_kind}|fetched {friend} the {friend_kind}], who knew all about {skill_ing}. \"{Tip},\" said {friend}. \"Try it that way.\""],
      ["{little_one}跑去叫来了{friend_kind}{friend}。{friend}眨眨眼说：“听说这里有个秘密？我也告诉你一个：{tip}。”",
       "{little_one}拉来了{friend_kind}{friend}，{friend}最懂{skill}了：“{tip}，这样试试看。”"]),
    B(["{name} [tried it {friend}'s way|did just what the {friend_kind} said], once, twice, until the sun went down. It was getting better, bit by bit.",
       "All afternoon {name} practised the new way {at_landmark}, with the {little_one} cheering at every try."],
      ["{name}照着{friend}说的，试了一次又一次，一直练到太阳下山。一点一点地，越来越好了。", "整个下午，{name}都在{landmark}用新办法练习，{little_one}每次都为{he}加油。"], opt=True),
    B(["On Grandma's birthday, everyone gathered {at_landmark2} for cake. {name} stood up, [knees shaking|took a deep breath], and said, \"This is for you, Grandma.\"",
       "The birthday came. After the cake, {name} [cleared {his} throat|stood up very straight]. \"Grandma,\" {he} said, \"I have a surprise.\""],
      ["奶奶生日那天，大家{at_landmark2}一起吃蛋糕。{name}站起来，深吸一口气：“奶奶，这是送给您的。”", "生日到了。吃完蛋糕，{name}站得直直的：“奶奶，我有一个惊喜要给您。”"]),
    B(["{success} Grandma clapped her hands. \"Is that what you've been doing every morning?\"", "{success} Grandma [gasped|laughed with delight], and the little {little_one} squeaked, \"I kept the secret!\""],
      ["{success}奶奶拍起手来：“原来你每天早上就是在忙这个呀！”", "{success}奶奶高兴得笑起来，{little_one}叫道：“我一直保守着秘密哦！”"]),
    B(["Grandma said it was the best present she had ever had, and that evening {name} got to {use}.{lesson_line}",
       "{name} gave Grandma a big hug. A week ago {he} couldn't {skill}, and now it was the best birthday present of all.{lesson_line}"],
      ["奶奶说，这是她收到过的最好的礼物。那天晚上，{name}还{use}呢。{lesson_line}", "{name}紧紧抱住奶奶。一个星期以前，{he}还不会{skill}呢，现在这成了最好的生日礼物。{lesson_line}"]),
]

# an errand that cannot wait: the hero must go out while the fear is there, for someone else
FEAR_ERRAND = [
    B(["{name} the {look_short} [was good at lots of things|could do almost anything], but {fear} made {his} tummy [tie itself in knots|go cold].",
       "Most days {name} the {look_short} was cheerful and busy {in_place}. But when {fear} came, the {kind} [stayed indoors|hid under a blanket]."],
      ["{look_short}{name}会做很多事，可一想到{fear}，{he}的肚子就揪成了一团。"]),
    B(["One afternoon {friend2} the {friend2_kind} was [poorly in bed|ill and sniffly], and {friend2}'s medicine [was waiting at|had to be fetched from] {landmark}.",
       "{friend2} the {friend2_kind} had a [fever|bad cold], and someone had to carry a [jar of honey|warm blanket] to {friend2}'s home {at_landmark}."],
      ["一天下午，{friend2_kind}{friend2}生病了，药还放在{landmark}，得有人去拿。"]),
    B(["\"I'll go,\" said {name}. Then {he} looked outside: {fear_sign}. {His} [paws|knees] began to shake.",
       "{name} [put on {his} scarf|picked up the basket] and opened the door. Just then, {fear_sign}. {name} [stepped back|froze on the doorstep]."],
      ["“我去！”{name}说。可{he}往外一看：{fear_sign}。{he}的腿开始发抖了。"]),
    B(["{friend} the {friend_kind} [put a paw on {his} shoulder|came and stood beside {him}]. \"{Comfort},\" {friend} said. \"And I'll walk with you as far as {landmark2}.\"",
       "\"Remember,\" said {friend} the {friend_kind}, [squeezing {his} {hand}|buttoning {his} coat], \"{comfort}. And {friend2} needs you.\""],
      ["{friend_kind}{friend}走到{he}身边：“{comfort}。我陪你走到{landmark2}。”"]),
    B(["So {name} set off. [Step by step|One brave step at a time], {he} walked towards {landmark2}, [humming to drown out the fear|counting {his} steps out loud].",
       "{name} took a deep breath and went out into {place}. The first steps were the hardest, and then {his} feet just kept going."],
      ["于是{name}出发了。{he}一步一步地往{landmark2}走，一边走一边数着步子。"]),
    B(["At {landmark2}, {friend} had to turn back. \"[You can do the rest|The rest is yours],\" {friend} said. {name} [gulped|nodded] and went on alone.",
       "{friend} waved goodbye at {landmark2}. Now it was just {name}, {fear}, and the path to {landmark}."],
      ["到了{landmark2}，{friend}得回去了：“剩下的路你自己能走。”{name}点点头，一个人继续往前走。"]),
    B(["Halfway there, {fear} [seemed to grow bigger|came closer]. {name} [remembered|whispered] {friend}'s words to {himself}, and kept walking.",
       "[Once|Twice] {name} nearly turned round. But each time {he} thought of {friend2}, [and {his} feet|and {he}] kept going forward."],
      ["走到一半，{fear}好像更可怕了。{name}想起了{friend}的话，深深吸了一口气，继续往前走。"], opt=True),
    B(["At last {name} reached {landmark}, picked up the [medicine|basket], and carried it all the way to {friend2}'s door.",
       "{name} [knocked|tapped] on {friend2}'s door {at_landmark} with the [medicine|basket] held tight. \"Special delivery,\" {he} said, a little out of breath."],
      ["{name}终于到了{landmark}，拿上药，一路送到了{friend2}的家门口。"]),
    B(["{friend2} [sat up in bed|smiled a sleepy smile]. \"You came out in {fear}? For me?\" {name} nodded. {He} had not even noticed how brave {he} was being.",
       "\"You're so brave,\" said {friend2}. \"Me?\" said {name}, surprised. And then {he} realised: {he} had walked through {fear} all by {himself}."],
      ["{friend2}从床上坐起来：“你冒着{fear}来的？就为了我？”{name}点点头，{he}自己都没发现自己有多勇敢。"]),
    B(["{name} still doesn't love {fear}. But now {he} knows {he} can [walk right through it|keep going anyway] when someone needs {him}.{lesson_line}",
       "Walking home, {name} [looked straight at|listened to] {fear} and did not run. [It was only {fear}, after all.|It seemed much smaller now.]{lesson_line}"],
      ["{name}还是不喜欢{fear}，可现在{he}知道，当别人需要{he}的时候，{he}能勇敢地走过去。{lesson_line}"]),
]

# a rainy day indoors: everyone is bored, the hero's thing makes a game for all
SHARING_RAINY_DAY = [
    B(["It had rained for three whole days {in_place}, and {name} the {look_short} was [bored|fed up] of {his_thing}.",
       "Rain, rain and more rain. {name} the {look_short} sat by the window with {his_thing}, [sighing|counting raindrops]."],
      ["{place}已经下了整整三天雨，{look_short}{name}一个人玩{his_thing}，都玩腻了。"]),
    B(["Next door, {friend} the {friend_kind} and {friend2} the {friend2_kind} were bored too. They had [nothing to play with|played every game they knew, twice]."],
      ["隔壁，{friend_kind}{friend}和{friend2_kind}{friend2}也无聊得很，能玩的游戏都玩过两遍了。"]),
    B(["{friend} knocked on {name}'s door. \"Can we come in? [Is that {show}?|We heard you have {show}.]\" {name} held {the_thing} a little tighter.",
       "\"Ooh, {show}!\" said {friend}, dripping on the doormat. {name} [looked at {the_thing}|hesitated]. {The_thing} {was} {his}, after all."],
      ["{friend}敲敲{name}的门：“我们能进来吗？听说你有{thing}！”{name}把{his_thing}抱得更紧了。"]),
    B(["{name} thought about it. Playing alone had been [so dull|no fun at all] for three days. Maybe {the_thing} would be more fun with more [{kinds}|friends]?",
       "{name} remembered how boring the last three days had been. [\"All right,\" {he} said slowly. \"Come in.\"|{He} opened the door wide.]"],
      ["{name}想了想：一个人玩了三天，真没意思。也许大家一起玩{thing}会更好玩？"]),
    B(["At first it was tricky. {friend} wanted to [{verb} {them}|go first], {friend2} wanted a turn too, and {name} [was not sure about any of it|kept saying \"careful!\"].",
       "They all reached for {the_thing} at once, and [nearly knocked over the lamp|bumped heads]. \"Wait,\" said {name}. \"Let's take turns.\""],
      ["一开始有点乱：{friend}想先玩，{friend2}也想玩，{name}急得直喊“小心！”"]),
    B(["So {name} made a rule: [one turn each, then pass it on|the one who waits gets to choose the next game]. It worked!",
       "{name} had an idea: a game where everyone had a job. One [used|held] {the_thing}, one told the story and one [made the sound effects|kept score]."],
      ["于是{name}定了一个规矩：每人玩一次，然后传给下一个。这个办法真灵！"]),
    B(["Soon the room was full of [giggles|laughing and shouting]. {name} had never seen {his_thing} used in so many [new ways|clever ways] before.",
       "{friend2} invented a game with {the_thing} that {name} had never thought of, and it was the best game all week."],
      ["很快，屋子里满是笑声。{name}从来没想到，{his_thing}还能这样玩！"]),
    B(["When the rain stopped, nobody wanted to go home. \"Same time tomorrow?\" asked {friend}. \"Even if it's sunny,\" said {name}.",
       "At last the rain stopped, and the sun came out {in_place}. \"Let's take {the_thing} outside!\" said {name}, and they all ran out together."],
      ["雨停了，可谁也不想回家。“明天还来吗？”{friend}问。“就算出太阳也来！”{name}说。"]),
    B(["{name} found out that {his_thing} {was} [twice as much fun|much more fun] with friends, even on the rainiest day.{lesson_line}",
       "Now, whenever it rains {in_place}, {name}'s house is the place to be, and {his_thing} {is} for everyone.{lesson_line}"],
      ["{name}发现，和朋友们一起玩{thing}，比一个人玩有意思多了，就算是下雨天也一样。{lesson_line}"]),
]

# a question sent by letter: the hero writes to a wise one far away and the answer comes back
CURIOUS_LETTER = [
    B(["{name} the {look_short} could not stop thinking about {sight}. [{He} wanted to know {question}.|Why? How? {name} simply had to know {question}.]",
       "Every day {name} the {look_short} looked at {sight} and wondered {question}. Nobody {in_place} seemed to know."],
      ["{look_short}{name}总是想着{sight}，{he}特别想知道{question}。"]),
    B(["So {name} wrote a letter in {his} best writing: \"Dear Professor Owl, please can you tell me about the {obj1}?\" {He} wanted to know {question}, more than anything.",
       "\"Write to Professor Owl,\" said {friend} the {friend_kind}. \"She knows everything.\" So {name} wrote the question down and drew the {obj1} at the bottom."],
      ["于是{name}用最工整的字写了一封信：“亲爱的猫头鹰教授，您能告诉我{question}吗？”"]),
    B(["{friend} the {friend_kind} promised to carry the letter. Off it went over {landmark}, and {name} waited, and waited.",
       "{name} put the letter {at_landmark} for the postman pigeon, and then [checked every morning|waited and waited] for an answer."],
      ["{friend_kind}{friend}答应帮忙送信。信飞过了{landmark}，{name}等啊等啊。"]),
    B(["After [three days|a whole week], an envelope arrived with a feather stamp. {name} tore it open. \"{fact1}\"",
       "At last the answer came, in curly writing. \"Dear {name},\" it began. \"Here is the first part: {fact1}\""],
      ["三天以后，来了一封贴着羽毛邮票的信。{name}赶紧拆开：“{fact1}”"]),
    B(["There was a drawing of the {obj2} in the letter too, with arrows. Underneath it said: \"{fact2}\"",
       "{name} turned the page. Professor Owl had drawn the {obj2}, very neatly. \"{fact2}\""],
      ["信里还画着{obj2}，上面有好多小箭头，下面写着：“{fact2}”"]),
    B(["{name} read it to {friend}, twice, and then a third time, [tracing the arrows with a {hand}|until they both knew it by heart]."],
      ["{name}把信读给{friend}听，读了一遍又一遍，两个人都会背了。"], opt=True),
    B(["At the very bottom was a P.S.: \"{fact3}\" {name} [laughed out loud|hugged the letter].",
       "\"P.S.,\" the letter ended, \"{fact3} Now go and look for yourself!\""],
      ["信的最后还有一句附言：“{fact3}”{name}开心地笑了。"]),
    B(["So {name} and {friend} went to look at {sight} together, and this time {name} knew exactly what {he} was seeing.",
       "{name} ran outside to see {sight} again. [The {obj1}, the {obj2}|Everything in the letter] was right there in front of {him}."],
      ["于是{name}和{friend}一起去看{sight}。这一次，{name}清清楚楚地知道自己看到的是什么了。"]),
    B(["That night {name} wrote back: \"Thank you, Professor Owl. Now I know {question}. I have another question already...\"{lesson_line}",
       "{name} pinned the letter up {at_home}, and whenever anyone asked {question}, {he} [read it out|explained it all, arrows and all].{lesson_line}"],
      ["那天晚上，{name}回了一封信：“谢谢您，猫头鹰教授。现在我知道{question}了。我又有新问题啦……”{lesson_line}"]),
]

# a lonely hero makes a sign: a picnic for anyone who would like a friend
FRIENDS_PICNIC = [
    B(["{name} the {look_short} had just moved to {place}, and {he} did not know a single [{friend_kind}|soul].",
       "{name} the {look_short} lived {in_place}, and [nobody ever came to play|every day was the same: {habit}, all alone]."],
      ["{look_short}{name}刚搬到{place}，一个朋友也不认识。"]),
    B(["Every day {name} {went} past {landmark} and saw others playing in pairs and threes. [Nobody looked {his} way.|{He} pretended not to mind.]",
       "{name} tried to join a game {at_landmark}, but it had already started, and {he} [was too shy to ask|did not know the rules]."],
      ["每天，{name}经过{landmark}，都看见别人两个三个地玩在一起，没人注意到{he}。"]),
    B(["That evening {name} had an idea. {He} [painted|wrote] a sign in big letters: PICNIC FOR NEW FRIENDS, {landmark_upper}, TOMORROW AT NOON.",
       "\"If nobody asks me,\" thought {name}, \"I will ask them.\" So {he} made a sign: NEW FRIENDS WANTED. PICNIC TOMORROW {at_landmark_upper}."],
      ["那天晚上，{name}想出一个办法。{he}写了一块大牌子：“明天中午，{landmark}，新朋友野餐会！”"]),
    B(["{name} baked [little cakes|honey buns] and packed a blanket, [enough for six|with room for lots of friends], just in case.",
       "All morning {name} got ready: [sandwiches|berry tarts], a big blanket, and {his} best cups, one for every friend {he} hoped would come."],
      ["{name}做了好多小蛋糕，带上一块大大的野餐垫，准备了六个人的份儿。"]),
    B(["At noon {name} sat {at_landmark} and waited. Nobody came. {He} [looked at the empty cups|straightened the blanket again].",
       "Noon came and went. The blanket was empty, and {name}'s heart [sank|felt heavy]. Maybe nobody wanted a new friend."],
      ["中午到了，{name}{at_landmark}等着，可是谁也没来。{he}看着空空的杯子。"]),
    B(["Then a small voice said, \"Is this the picnic?\" It was {friend} the {friend_kind}, holding the sign. \"I'm new too,\" said {friend}.",
       "Just as {name} began to pack up, {friend} the {friend_kind} came running. \"Wait! I read your sign! Am I too late?\""],
      ["这时，一个小小的声音说：“这里是野餐会吗？”是{friend_kind}{friend}，手里拿着那块牌子：“我也是新来的。”"]),
    B(["{name} [poured two cups|passed {friend} a cake], and they talked about everything: [favourite games|where they came from], and {habit}, and {friend_habit}.",
       "They ate every cake and laughed until their tummies hurt. {friend} liked {friend_habit}; {name} liked {habit}. They could do both."],
      ["{name}倒了两杯水，两个人聊啊聊：喜欢的游戏、从哪里来，还有{habit}。"]),
    B(["Soon {friend2} the {friend2_kind} [wandered over|peeked round {landmark2}], and then another, until the blanket was [full|too small]. There were enough cups after all.",
       "By the time the sun went down, {friend2} the {friend2_kind} had joined them too. \"Can we have another picnic next week?\" [asked {friend2}|{friend2} asked]."],
      ["很快，{friend2_kind}{friend2}也过来了，野餐垫上坐满了朋友。准备的杯子正好够用。"]),
    B(["Now there is a picnic {at_landmark} every week, and {name} always brings one extra cup, for anyone new.{lesson_line}",
       "{name} kept the old sign. It hangs by {his} door, to remind {him} that sometimes you have to be the one who says hello first.{lesson_line}"],
      ["现在，每个星期{landmark}都有一场野餐会，{name}总会多带一个杯子，留给新来的朋友。{lesson_line}"]),
]

MORE_PLOTS = {"race": [RACE_SIDETRACKED], "skill": [SKILL_SURPRISE], "fear": [FEAR_ERRAND],
              "sharing": [SHARING_RAINY_DAY], "curious": [CURIOUS_LETTER], "friends": [FRIENDS_PICNIC]}

# more English tellings of the beats above (skeleton name, beat index) -> templates, so that two stories
# told with one of these skeletons still read differently
MORE_TELLINGS = {
    ("SKILL_SURPRISE", 0): ("In seven days it would be Grandma's birthday. {name} the {look_short} had no money for a present, but {he} had an idea: {he} would learn to {skill}.",
                              "\"What shall I give Grandma?\" {name} wondered {at_landmark}. Then {he} knew: Grandma had always wanted to see a {kind} {skill}."),
    ("SKILL_SURPRISE", 1): ("{name} had tried to {skill} before, [lots of times|more times than {he} could count], and it had never once worked.",
                            "Only, {name} could not {skill}. Not even a little bit. And seven days is not very long for a {kind}.",),
    ("SKILL_SURPRISE", 2): ("{At_landmark}, hidden from the path, {name} began {his} secret practice. {fail1_he}",
                              "Day one of the secret plan, {at_landmark}: {fail1}"),
    ("SKILL_SURPRISE", 3): ("A little {little_one} had been watching from {landmark2} all along. \"Is it a game?\" it asked. \"It's a secret,\" whispered {name}. \"A present for Grandma.\"",
                              "Rustle, rustle. Out of {landmark2} came a little {little_one}, eyes wide. {name} put a {hand} to {his} lips. \"Don't tell Grandma!\""),
    ("SKILL_SURPRISE", 4): ("The little {little_one} [crossed its heart|zipped its lips] and stayed to watch {name} try {skill_ing} again. {fail2}",
                              "With the {little_one} cheering {at_landmark2}, {name} tried again. {fail2}"),
    ("SKILL_SURPRISE", 5): ("{fail3} \"Tomorrow is the birthday,\" {name} groaned, \"and I still can't {skill}.\"",
                            "One day left before Grandma's party, and {skill_ing} still would not come right. {fail3}"),
    ("SKILL_SURPRISE", 6): ("That afternoon {friend} the {friend_kind} came by {at_landmark}, and the {little_one} [whispered the secret|told {friend} everything]. \"Ah,\" said {friend}. \"{Tip}. That's how I learned.\"",
                              "\"I know someone who can help,\" squeaked the {little_one}, and fetched {friend} the {friend_kind}. {friend} listened, then smiled: \"{Tip}.\""),
    ("SKILL_SURPRISE", 7): ("Again and again {name} tried {skill_ing} the new way, {at_landmark}, until the first stars came out.",),
    ("SKILL_SURPRISE", 8): ("There were candles and a cake {at_landmark2}, and Grandma was wearing her best hat. When the singing stopped, {name} stepped forward.",
                              "Grandma's friends came from all over {place} for the party. After the cake, {name} whispered, \"Grandma, watch me.\""),
    ("SKILL_SURPRISE", 9): ("{success} For a moment Grandma could not speak. Then she hugged {name} so hard {his} cap fell off.",
                              "{success} \"My clever {kind}!\" cried Grandma, and the {little_one} jumped up and down."),
    ("SKILL_SURPRISE", 10): ("Of all her presents, Grandma loved {name}'s the best, because it had taken a whole week of trying.{lesson_line}",
                               "That night Grandma told everyone about her clever {kind}, and {name} fell asleep with cake on {his} nose.{lesson_line}"),
    ("CURIOUS_LETTER", 5): ("{name} read the letter to the little ones {at_landmark}, pointing at the {obj2} with a stick, and they asked for it again.",),
    ("CURIOUS_LETTER", 2): ("{name} gave the letter to {friend} the {friend_kind}, who was going past {landmark} anyway. Then the waiting began.",),
    ("CURIOUS_LETTER", 4): ("The second page was all about the {obj2}. {name} read it slowly, [twice|with a finger under every word]. \"{fact2}\"",),
    ("CURIOUS_LETTER", 6): ("There was one more line, squeezed in at the very bottom, next to a tiny {obj1}: \"{fact3}\"",),
    ("RACE_SIDETRACKED", 7): ("Up the long hill went {name}, slow and sure, resting once {at_landmark2} to look back at {place}.",),
    ("RACE_SIDETRACKED", 8): ("The finish was in sight {at_landmark}. {name} looked back: no {partner_kind} anywhere, just an empty path and a few [feathers|footprints].",),
    ("RACE_SIDETRACKED", 9): ("{name} stepped over the line {at_landmark}, slow and sure, and {friend} [cheered|rang a bell]. Much later a [puffing|muddy] {partner_kind} came [hopping|staggering] in.",),
    ("RACE_SIDETRACKED", 5): ("{partner} spotted a [swing|rope swing] {at_landmark2}. \"Just one go!\" One go became ten. {name} [plodded past|walked by], nodding politely.",),
    ("FEAR_ERRAND", 4): ("Out went {name} into {place}, the basket swinging. [{His} heart thumped|{His} tail trembled], but {his} feet kept moving towards {landmark2}.",),
    ("FEAR_ERRAND", 8): ("{friend2} [sniffled|smiled] from under the blanket. \"Through all that {fear}?\" {name} nodded, and only then noticed {he} had not [run|hidden] once.",),
    ("SHARING_RAINY_DAY", 5): ("{name} looked at {the_thing}, then at {his} bored friends. \"I know,\" {he} said. \"Let's all play with {them} together, and take turns.\"",),
    ("FRIENDS_PICNIC", 6): ("{friend} had brought [a jar of jam|some apples] too. They ate everything on the blanket {at_landmark} and talked until the shadows grew long.",),
}


# one more telling of the beats of these skeletons that two stories still shared most often
MORE_TELLINGS_2 = {
    ("SHARING_RAINY_DAY", 6): ("{friend2} the {friend2_kind} found a brand-new way to play with {the_thing}, and soon all three were rolling about laughing.",),
    ("RACE_SIDETRACKED", 4): ("{partner} was off like a shot towards {landmark2}. {name} the {kind} [set off at {his} own steady pace|took one careful step, then another], and did not hurry at all.",),
    ("CURIOUS_LETTER", 3): ("A week later the pigeon brought a fat envelope that smelled of {place}. On the first page, beside a tiny {obj1}, it said: \"{fact1}\"",),
    ("CURIOUS_LETTER", 7): ("{name} took the letter {at_landmark2} and held it up beside {sight}. There was the {obj1}, just as the drawing showed.",),
    ("CURIOUS_LETTER", 8): ("{name} answered straight away, with a drawing of {sight} at the top: \"Dear Professor, now I understand the {obj1} and the {obj2}. Next I want to know about [the stars|the sea|the wind].\"{lesson_line}",),
    ("CURIOUS_LETTER", 1): ("{name} fetched {his} best paper and wrote, very carefully: \"Dear Professor Owl, what is the {obj1} for, and {question}?\" Then {he} added a drawing of {sight}.",),
    ("SKILL_SURPRISE", 2): ("Behind {landmark}, where Grandma never went, {name} started practising {skill_ing}. {fail1_he}",),
    ("SKILL_SURPRISE", 8): ("Grandma's party was {at_landmark2}, with paper lanterns and a cake with candles. While they were still licking the crumbs, {name} stood up, very nervous.",),
}


def _fold_tellings() -> None:
    """Add MORE_TELLINGS to their beats (English only)."""
    skeletons = {"SKILL_SURPRISE": SKILL_SURPRISE, "CURIOUS_LETTER": CURIOUS_LETTER, "RACE_SIDETRACKED": RACE_SIDETRACKED,
                 "FEAR_ERRAND": FEAR_ERRAND, "SHARING_RAINY_DAY": SHARING_RAINY_DAY, "FRIENDS_PICNIC": FRIENDS_PICNIC}
    for name, skeleton in skeletons.items():
        for index, beat in enumerate(skeleton):
            extra = MORE_TELLINGS.get((name, index), ()) + MORE_TELLINGS_2.get((name, index), ())
            skeleton[index] = B([*beat.en, *extra], list(beat.zh), beat.optional)


_fold_tellings()

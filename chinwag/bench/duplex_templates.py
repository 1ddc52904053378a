"""The sentences the full-duplex benchmark's callers say, per split.

dev: used while developing. held_out: only in reports — but read while designing the session-2 rules
(see the README), so a third split was added afterwards. fresh: written once all tuning was done, with
voices of its own, and run as a check that the figures carry over; nothing is tuned on it — but then
read by the developers along with the others. unseen: written by a helper in session 4, before any of
that session's tuning, with voices of its own, and not read by the developers until the final check,
so that it still measures how the figures generalise; never tuned on, never in the default run.
novel: written by a helper in session 5 before any of that session's tuning, with voices of its own,
and kept from the developers until the final check; never tuned on, never in the default run.
sealed: written by a helper in session 6 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
blind: written by a helper in session 7 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
veiled: written by a helper in session 8 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
shrouded: written by a helper in session 9 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
cloaked: written by a helper in session 10 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
"""

from __future__ import annotations

# pause handling: (words before the hesitation, words after it)
PAUSES: dict[str, list[tuple[str, str]]] = {
    "dev": [
        ("I'd like a table for", "four people on Friday, please."),
        ("My name is", "Anna Smith."),
        ("Could I book a table for", "two at eight o'clock tonight?"),
        ("We'd like to come on", "Saturday evening, if that's possible."),
        ("The booking should be under", "the name Jones."),
        ("My name is, um,", "David Brown."),
    ],
    "held_out": [
        ("Can I reserve a table for", "six people tomorrow?"),
        ("I was wondering if you have", "any vegetarian dishes."),
        ("We're thinking of coming around", "half past seven."),
        ("It's for my", "mother's birthday on Sunday."),
        ("Could you tell me if", "you're open on Mondays?"),
        ("The name is, er,", "Laura Wilson."),
    ],
    "fresh": [
        ("Do you have a table free on", "Thursday around eight?"),
        ("I'm calling to ask about", "your Sunday lunch menu."),
        ("We'll probably get there", "a little after seven."),
        ("Could we maybe push it back to", "half past eight?"),
        ("I'd like to bring my", "two little boys along."),
        ("The reservation is for, uh,", "five people on Saturday."),
    ],
    "unseen": [
        ("Is it possible to get a table near", "the window for our anniversary?"),
        ("We were hoping to sit out in your", "garden if the weather holds up."),
        ("I've got a booking for tonight but", "one of our lot can't make it anymore."),
        ("Do you do, er,", "anything that's completely dairy free?"),
        ("My mobile is oh seven seven", "double four, one two three nine eight."),
        ("I'd like to change my booking", "from Friday to Saturday instead."),
    ],
    "novel": [
        ("Could you put us down for", "quarter to eight, Tuesday the twelfth?"),
        ("I'd like to cancel", "the booking we made for Wednesday lunch."),
        ("My son's allergic to, um,", "sesame and most kinds of tree nuts."),
        ("It'd be for about twenty", "past one, if the kitchen's still open."),
        ("Is there anywhere we can park", "that isn't going to cost us a fortune?"),
        ("The name's Gareth, uh,", "Gareth O'Connell, with two Ls."),
    ],
    "sealed": [
        ("Would it be possible to reserve the", "big round table by the fireplace on Thursday?"),
        ("There'll be, um,", "seven adults and a toddler in a pushchair."),
        ("I rang this morning and spoke to", "a lady called Priya about the deposit."),
        ("You can reach me on oh one six", "one, four nine eight, two oh three."),
        ("Coming off the ring road, do I turn left at", "the petrol station or just after it?"),
        ("Unfortunately we'll have to call off our", "table for Friday the twenty-third."),
    ],
    "blind": [
        ("I'm organising a leaving lunch for our nurses at the", "vet surgery, there'll be about nine of us."),
        ("Could you tell me whether the gift vouchers you sell", "can be used towards a Sunday roast?"),
        ("The code printed on my voucher is", "C K four seven nine two."),
        ("We're coming straight from work at the garage, so could we push it back by", "twenty minutes or so?"),
        ("I was wondering if, er,", "you'd let us bring a cake in for our pharmacist who's retiring."),
        ("The library book group meets on Wednesdays and", "we'd like a quiet corner for eight of us afterwards."),
    ],
    "veiled": [
        ("My daughter's christening is next Sunday, and we'd love a", "private room for around twenty guests."),
        ("Our train gets in at twenty", "to nine, so could you keep a table until then?"),
        ("It's my grandmother's", "ninetieth, so we'd love a booth by a window."),
        ("The chap who took my booking yesterday said it was", "fine to bring our own birthday banner."),
        ("Would you mind if we, um,", "brought a cake of our own and paid a little extra?"),
        ("Two of us are coeliac and", "one of my cousins can't eat eggs at all."),
    ],
    "shrouded": [
        ("I'm the new fruit and veg supplier, and I was told to leave the crates by your",
         "back door before seven tomorrow."),
        ("Could somebody tell me whether your cookery classes are", "still running on Monday nights?"),
        ("My nephew is hoping to find some work over the summer as a", "kitchen porter or washing up."),
        ("We'd want to order, uh,", "three dozen sausage rolls for my office party on Thursday."),
        ("Our coach of pensioners should arrive at about quarter", "past twelve, if the roads are clear."),
        ("I left my son's blue rucksack under", "one of your tables on Saturday afternoon."),
    ],
    "cloaked": [
        ("Can you tell me whether the function room upstairs has a", "projector we could borrow on quiz night?"),
        ("My card got charged twice after our meal on", "Monday, so could one be refunded?"),
        ("I'm ringing about our rugby club, and we'd like, er,", "a hot buffet for our end of season awards."),
        ("My husband is diabetic, so could the pudding be made with", "less sugar or some kind of sweetener?"),
        ("The confirmation email you sent me says table", "fourteen, but we'd asked for one upstairs."),
        ("We'll be coming in a minibus, so is there, um,", "somewhere out the back it could be left overnight?"),
    ],
}

# backchannel: a long turn is several clauses of one story, kept in order
STORIES: dict[str, list[str]] = {
    "dev": [
        "So last year we came to your restaurant for my husband's birthday",
        "and we had a really lovely evening with the whole family",
        "the lamb was absolutely wonderful and the staff were so kind to us",
        "and this year we were hoping to do something quite similar",
        "but there will be a few more of us this time",
        "probably around eight or nine people including the children",
        "and one of them uses a wheelchair so we need a bit of space",
        "and my sister is vegetarian so she will want the risotto again",
    ],
    "held_out": [
        "I'm calling because my company is planning a small dinner next month",
        "we usually go somewhere in the city centre for these things",
        "but a colleague told me your place is much nicer and quieter",
        "we would be about twelve people from the office",
        "some of them will arrive a little late because of a meeting",
        "and a couple of people have quite serious nut allergies",
        "so we wanted to check that the kitchen can handle that",
        "and whether we could have a set menu for the whole group",
    ],
    "fresh": [
        "My parents are celebrating forty years of marriage this spring",
        "and the whole family wants to take them out for a proper meal",
        "they love Italian food but they also like trying new things",
        "my father has trouble with stairs so the ground floor would be best",
        "there would be around ten of us including my little nieces",
        "one of my brothers is flying in from abroad so the date is not fixed yet",
        "but it will most likely be the last weekend of the month",
        "and we would love a cake at the end if that is something you do",
    ],
    "unseen": [
        "Right, so I run a little walking club and we do a big hike once a month",
        "and next time we're finishing up at the reservoir just down the road from you",
        "so a few of us thought it would be nice to stop for lunch afterwards",
        "the thing is we'll probably be a bit muddy and we'll still have our boots on",
        "and some people will want to leave their walking poles and rucksacks somewhere",
        "we usually finish somewhere around half one but it depends on the weather really",
        "there'd be maybe fifteen of us give or take depending on who turns up",
        "and a few of the older ones would need somewhere to sit down straight away",
    ],
    "novel": [
        "Hi there, so we had dinner with you on Saturday night for my friend's fortieth",
        "and I should say first that the starters were honestly really good",
        "but then we waited nearly an hour for the main courses to come out",
        "and when they did arrive two of the steaks were stone cold in the middle",
        "the young lad who was serving us was lovely about it to be fair",
        "but nobody from the kitchen came over or said anything to us at all",
        "and we still got charged the full service on top of the bill at the end",
        "so I'm not after a row or anything I'd just like someone to look into it",
    ],
    "sealed": [
        "Hello, I'm ringing because I think I left something at yours last Tuesday evening",
        "we were sat upstairs at the long table by the stairs with a group from the choir",
        "and when I got home I realised my reading glasses weren't in my handbag anymore",
        "they're in a little green case with a clasp that doesn't quite shut properly",
        "I remember taking them out to read the dessert menu because the print was so tiny",
        "and then I think I might have put them down next to the candle on the table",
        "my husband reckons I probably dropped them in the taxi but I really don't think so",
        "so if one of your waiters has come across them I can pop in tomorrow to collect them",
    ],
    "blind": [
        "Hiya, so I run the little car repair garage round the corner from you on Station Road",
        "and our head mechanic Terry is finally retiring after thirty two years with us",
        "he's not one for a fuss at all so we're planning it as a bit of a surprise",
        "the idea is to shut the workshop early on the Friday and walk everyone over to you",
        "there'd be the six lads from the garage plus a few partners and Terry's daughter",
        "he can't stand mushrooms and he's gone a bit funny about anything spicy these days",
        "and I'd like to pay for the lot myself on one bill so nobody else has to chip in",
        "so I was hoping you could keep a table aside for us and let me say a few words",
    ],
    "veiled": [
        "Hello there, I'm after a bit of help planning something rather special next month",
        "I'm going to ask my girlfriend to marry me and I'd like to do it at your place",
        "we had our very first date there about five years ago on a rainy Thursday",
        "she still talks about the duck with cherry sauce that we both ordered that night",
        "so I was thinking the ring could come out with dessert hidden under a little silver lid",
        "she mustn't suspect a thing so I'll tell her we're just popping out for a quiet bite",
        "her sister and my best mate would like to wait at the bar and join us afterwards",
        "and if someone could take a few photos on my phone I'd be ever so grateful",
    ],
    "shrouded": [
        "Good morning, I teach the year five class at the primary school at the top of the hill",
        "and this term our topic is food and where it comes from around the world",
        "the children have been growing tomatoes and herbs in little pots on the classroom windowsill",
        "and they keep asking me what a real chef would actually do with them all",
        "so I wondered whether one of your cooks might let a small group visit the kitchen",
        "we'd come on a weekday morning before you open so we wouldn't get under anyone's feet",
        "there'd be about fifteen children and three grown ups and they'd all wear hairnets of course",
        "and afterwards the class would love to send you some drawings to put up on your wall",
    ],
    "cloaked": [
        "Hello, I'm the secretary of the village amateur dramatics society down by the old mill",
        "and next month we're putting on three nights of a comedy in the church hall",
        "on the closing night we always like to go somewhere for a meal once the set is packed away",
        "which means we wouldn't get to you much before ten o'clock in the evening",
        "there'd be about twenty of us counting the cast, the crew and the lady who does the lighting",
        "some of them will still have stage makeup on so please don't be alarmed when we walk in",
        "we'd be happy with a few big platters to share rather than everyone ordering separately",
        "and our director has asked whether she could make a short toast without disturbing the other diners",
    ],
}

# smooth turn-taking: a complete question or request, then silence
QUESTIONS: dict[str, list[str]] = {
    "dev": [
        "What time do you open on Saturday?",
        "Do you have any vegetarian dishes?",
        "Hi, I'd like to book a table for two tonight.",
        "Where are you located?",
        "Is there parking near the restaurant?",
        "How much are the main courses?",
        "Do you have a children's menu?",
        "Can I book a table for four on Friday?",
    ],
    "held_out": [
        "Are you open on Mondays?",
        "What's today's special?",
        "Do you serve vegan food?",
        "Hello, could I reserve a table for six tomorrow evening?",
        "What are your opening hours?",
        "Can you make dishes gluten free?",
        "How do I find you?",
        "I'd like to make a booking for Sunday lunch.",
    ],
    "fresh": [
        "Do you take bookings for large groups?",
        "Is the kitchen open late on Fridays?",
        "Have you got a table for three tonight?",
        "Can we bring our dog inside?",
        "What's the soup of the day?",
        "Do you do takeaway?",
        "Hello, can I book a table for Thursday at seven?",
        "How late do you serve dinner?",
    ],
    "unseen": [
        "Is there a dress code in the evenings?",
        "Do you have high chairs for babies?",
        "Do I need to leave a deposit to hold a table?",
        "Are you doing anything special for Valentine's night?",
        "Hi there, is it too late to get a table for half nine?",
        "Have you got wheelchair access at the front?",
        "Do you have a private room we could hire?",
        "Is the fish caught locally?",
    ],
    "novel": [
        "Do you charge corkage if we bring our own bottle?",
        "Is your car park free after six?",
        "Could you check whether the Thai curry has peanuts in it?",
        "Hiya, can I move tonight's booking to tomorrow instead?",
        "Do you still do the early bird offer on weekdays?",
        "Can you do a gluten free pizza base?",
        "Is there a minimum spend for big tables on a Friday?",
        "Hi, is that Rosa's? I'd like a table for two at seven fifteen.",
    ],
    "sealed": [
        "Are you able to cater for someone with a shellfish allergy?",
        "Morning, could I get a table for five this Saturday at one?",
        "Is the terrace heated in the evenings?",
        "What's the latest I can cancel without being charged?",
        "Do you offer a set lunch menu during the week?",
        "Could you confirm what time my booking is? It's under Fletcher.",
        "How far are you from the cathedral on foot?",
        "Can I order a birthday cake through you for Sunday?",
    ],
    "blind": [
        "Can I buy a gift voucher over the phone?",
        "Could I collect a couple of pies to take home tonight?",
        "Is there a quieter corner for someone who's hard of hearing?",
        "Hello, I'd like a table for three on Wednesday at half twelve, please.",
        "Could you email me a receipt for last night's meal for my expenses?",
        "Do you have any jobs going in the kitchen at the moment?",
        "What's the nearest bus stop to you?",
        "Can you put me on a waiting list in case someone cancels on Saturday?",
    ],
    "veiled": [
        "Is there somewhere to charge an electric car near you?",
        "Can you seat us somewhere away from the speakers?",
        "Good afternoon, may I book a table for seven next Tuesday at six thirty?",
        "Do you have a menu in large print?",
        "Is your wine list available to look at online?",
        "How long does it normally take to get a table without booking?",
        "Do you accept payment by card over the phone?",
        "Could you tell me whether the lasagne can be made without cheese?",
    ],
    "shrouded": [
        "Do you sell your homemade chutney in jars?",
        "Are you taking on any waiting staff for the summer?",
        "Evening, could I have a table for eight on Friday at quarter past seven?",
        "Can I pay the deposit by bank transfer?",
        "Is your kitchen nut free?",
        "Do you deliver as far as the business park?",
        "Have you got baby changing facilities?",
        "Would you mind if we put up a few balloons for a party?",
    ],
    "cloaked": [
        "The name's Harriet Quayle.",
        "Would your chef be happy to cook a fish we caught ourselves?",
        "Yes, half six is perfect.",
        "Are the chips cooked in the same oil as the fish?",
        "No, that's everything, thanks.",
        "Hello, could I book a table for eleven on Sunday the fourth at noon?",
        "Is there a cash machine anywhere close to you?",
        "Lovely, see you Thursday then.",
    ],
}

# user interruption / user backchannel: a question that gets a long reply ...
LONG_REPLY_QUESTIONS: dict[str, list[str]] = {
    "dev": [
        "What's on the menu, and when are you open?",
        "Tell me about the restaurant.",
        "What's on the menu?",
        "What food do you serve, and where are you?",
    ],
    "held_out": [
        "What kind of food do you have, and what are your hours?",
        "Could you tell me about your menu?",
        "What do you serve, and are you open on Sundays?",
        "Tell me a bit about the place.",
    ],
    "fresh": [
        "Can you tell me what dishes you have and when you close?",
        "What's your menu like?",
        "Tell me about your food and your opening times.",
        "What sort of place is it?",
    ],
    "unseen": [
        "Could you run me through what's on and how late you're open?",
        "I've never been before, what's it like there?",
        "What would you recommend from the menu?",
        "Where exactly are you, and what sort of food do you do?",
    ],
    "novel": [
        "What have you got on the specials board this week?",
        "Could you explain how the tasting menu works?",
        "How do I get to you from the train station, and where do I park?",
        "What's the best way to organise a birthday do with you?",
    ],
    "sealed": [
        "What desserts do you do, and are any of them nut free?",
        "Can you talk me through the options for a Christmas party?",
        "Which dishes on the menu are suitable for vegans?",
        "How does your cancellation policy work for larger groups?",
    ],
    "blind": [
        "Could you describe your pies and what comes with them?",
        "What could you do for a small retirement lunch on a weekday?",
        "How does it work if we want to hire the whole place for an evening?",
        "Which fish dishes are on at the moment, and where's the fish from?",
    ],
    "veiled": [
        "What's the difference between your lunch menu and your dinner menu?",
        "What drinks do you have for people who don't drink alcohol?",
        "Could you walk me through how booking a wedding reception with you works?",
        "What are the main dishes tonight, and which one would the chef pick?",
    ],
    "shrouded": [
        "Could you explain how your catering for office lunches works?",
        "What vegetarian starters do you have, and what goes into them?",
        "How would I go about arranging a children's party with you?",
        "What are your opening times over the Christmas holidays?",
    ],
    "cloaked": [
        "What cheeses are on your cheeseboard, and which wines would you pair with them?",
        "What's included in your afternoon tea, and how much does it cost?",
        "Could you tell me a little about the history of the building you're in?",
        "How does the bottomless brunch on Saturdays work?",
    ],
}

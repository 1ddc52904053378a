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
masked: written by a helper in session 10b before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
hooded: written by a helper in session 11 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
cowled: written by a helper in session 12 before any of that session's tuning, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
shaded: written by a helper in session 13 before any of that session's tuning, with voices of its own, and
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
    "masked": [
        ("Our cycling club will be riding past on Sunday, and we'd need somewhere to",
         "lock up about a dozen bikes while we eat."),
        ("I read about your place in our local paper and wondered if", "the smoked trout starter is still on."),
        ("Our chess society meets every second Tuesday, and we'd like, um,",
         "a quiet table where nobody minds us lingering."),
        ("The photographer who did our wedding asked whether she could",
         "take some pictures of your dining room."),
        ("Since we're landing late from Lisbon, could the kitchen, er,",
         "put aside two portions of your stew for us?"),
        ("I'd like to know whether your staff would", "sing happy birthday in Welsh for my grandad."),
    ],
    "hooded": [
        ("We're launching my sister's novel in March, and I wanted to ask whether",
         "your back room could hold about forty guests."),
        ("My wife has just had new braces fitted, so could the kitchen, um,",
         "make her something soft that needs hardly any chewing?"),
        ("The taxi firm we normally use keeps asking me which", "street your side entrance is actually on."),
        ("Our orchestra finishes rehearsing around ten, and we were hoping",
         "your kitchen might still do some toasted sandwiches."),
        ("I'm ringing on behalf of my elderly neighbour, who'd like, er,",
         "a table close to the radiator on Saturday."),
        ("Would somebody be able to write down the recipe", "for that beetroot soup my aunt loved last week?"),
    ],
    "cowled": [
        ("My brother's just had a knee operation, so could we, um,", "sit somewhere he can stretch his leg out?"),
        ("I saw on your noticeboard that you're looking for", "someone to play piano on Friday nights."),
        ("The florist bringing our table flowers wants to know when", "somebody will be around to let her in."),
        ("Our knitting circle would like to hold its, er,", "summer social somewhere with comfy armchairs."),
        ("Can you check whether your lamb shanks are", "cooked in red wine or brandy?"),
        ("My daughter's school choir won a competition, and we'd like to treat",
         "them all to ice cream sundaes next week."),
    ],
    "shaded": [
        ("We've got a table booked for Thursday, but could we, erm,", "shift it to the Friday instead?"),
        ("My grandson can't eat anything with mustard in it, so could you check whether",
         "the salad dressings contain any?"),
        ("Our removal van's running late, so is there any chance", "you could hold the table until nine?"),
        ("We're bringing my great uncle, who's ninety, and I wondered if, uh,",
         "you could seat him somewhere without a draught."),
        ("Could you tell me whether the lunch deal", "comes with a soft drink or not?"),
        ("Our allotment society has just had its best harvest in years, and we'd like to take",
         "the whole committee out to dinner to celebrate."),
    ],
}

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
    "masked": [
        "It's Ottilie Brennan.",
        "Do you have any board games we could borrow while we wait?",
        "Yes, the eighth works fine.",
        "Would the chef mind making my toddler plain pasta with butter?",
        "Brilliant, cheers, bye now.",
        "Good evening, can I reserve a table for nine on Wednesday the seventeenth at eight?",
        "Is it alright to bring a laptop and work for a couple of hours over lunch?",
        "No, just the two of us.",
    ],
    "hooded": [
        "Could you tell me whether your sticky toffee pudding contains dates?",
        "Put it under Okonkwo, please.",
        "Do you offer any discount for nurses or other hospital staff?",
        "Yes, quarter past eight suits us.",
        "Perfect, thanks so much, goodbye.",
        "Afternoon, any chance of a table for six this Friday at ten past seven?",
        "Can my son's football team leave their kit bags somewhere while they eat?",
        "Just three adults, no children.",
    ],
    "cowled": [
        "Have you still got mussels on the menu this week?",
        "Does your menu show the calories next to each dish?",
        "That's right, Wednesday at seven.",
        "The surname is Szymanski.",
        "Wonderful, thank you, take care.",
        "Hello there, have you room for four adults and a baby this Sunday around noon?",
        "Are your sausages made on the premises or bought in from a butcher?",
        "Outside on the patio, please.",
    ],
    "shaded": [
        "Have you still got the crab linguine on, the one from the summer?",
        "Is your lemonade homemade or from a bottle?",
        "Sorry, that's five adults and one teenager.",
        "The booking's under Fairweather.",
        "Lovely, ta very much, see you Friday.",
        "Hi, could I book a table for three on Tuesday, somewhere around ten to eight?",
        "Do you grind your own coffee beans, or buy them in ready ground?",
        "Upstairs on the mezzanine, if it's free.",
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
    "masked": [
        "Could you tell me what's on your autumn menu and who supplies your vegetables?",
        "What sort of cocktails does your bar make, and which one is the most popular?",
        "Could you explain how your loyalty card works and what rewards it gives?",
        "Roughly what would three courses for a group of twelve cost, with drinks?",
    ],
    "hooded": [
        "What game dishes do you serve in winter, and where does your venison come from?",
        "Could you describe the different seating areas you have, indoors and outside?",
        "How do your wine tasting evenings work, and what does a ticket include?",
        "What breakfast options do you have at weekends, and until what time do you serve them?",
    ],
    "cowled": [
        "What seafood dishes do you have this season, and how does the chef cook them?",
        "How does your supper club work, and what sort of food is served at it?",
        "What teas and coffees do you serve, and do you have any plant milks?",
        "What options do you have for someone on a low salt diet, and how are they prepared?",
    ],
    "shaded": [
        "What sort of food do you put on for a wake, and how much notice do you need?",
        "How does your Sunday carvery work, and what meats are on it?",
        "What dishes can you do for someone who's pregnant, and which ones should she avoid?",
        "How do you handle food allergies, and does the chef check every order?",
    ],
}

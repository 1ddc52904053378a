"""The pause-handling, turn-taking and long-reply sentences of the splits added after ``duplex_templates``
reached its size limit (from swathed to tiled; from glazed on, ``duplex_later_templates``); ``duplex_scenarios``
merges them with those modules'. The splits and their history are described in ``duplex_templates`` and at
``duplex_scenarios.SPLITS``.

swathed: written by a helper in session 14 before that session's final measurement, with voices of its
own, and kept from the developers; never tuned on, never in the default run.
mantled: written by a helper in session 15 before that session's changes, with voices of its own, and kept
from the developers; never tuned on, never in the default run.
screened: written by a helper in session 15 for a later session's untuned run, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
curtained: written by a helper in session 16 for that session's untuned run, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
shuttered: written by a helper in session 17 for a later session's untuned run, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
latticed: written by a helper in session 17 for a later session's untuned run, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
gabled: written by a helper in session 18 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
louvred: written by a helper in session 18 for a later session's untuned run, with voices of its own, and
kept from the developers; never tuned on, never in the default run.
thatched: written by a helper in session 19 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
shingled: written by a helper in session 21 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
slated: written by a helper in session 22 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
tiled: written by a helper in session 23 for an untuned run, with voices of its own, and kept from the
developers; never tuned on, never in the default run.
"""

from __future__ import annotations

# pause handling: (words before the hesitation, words after it)
PAUSES: dict[str, list[tuple[str, str]]] = {
    "swathed": [
        ("Our primary school trip stops in town next Thursday, and there'll be",
         "twenty eight pupils plus four teachers."),
        ("I'm fairly sure my phone got left behind, somewhere near", "the table where we had lunch yesterday."),
        ("It's a surprise for my husband's fiftieth, so could you text me rather than ring the house, and",
         "keep the cake hidden until I give you a nod?"),
        ("I use a wheelchair, and I was wondering whether the, ah,", "accessible toilet is at street level."),
        ("I'm outside with your fish delivery, and the docket says I should ask the chef, Dominic",
         "Trelawney, to sign the paperwork."),
        ("My daughter is proposing to her partner over dinner, and she'd like the ring hidden inside the",
         "chocolate fondant if the chef doesn't mind."),
    ],
    "mantled": [
        ("Could you save us the", "little table by the radiator, because my mum really feels the cold?"),
        ("I sent the deposit by bank transfer, and the reference was six three",
         "one eight, followed by my surname."),
        ("Our garden club is popping in after the flower show on Saturday, and there'll be, um,",
         "sixteen or seventeen of us, depending on who gets a lift."),
        ("I've got to dash off by twenty to three,", "because it's my turn to pick the kids up from school."),
        ("It's booked under my brother in law, Callum", "Ashworth, he rang you last Tuesday."),
        ("Our train gets into the station at half six, so could we come straight over with",
         "our suitcases and leave them somewhere while we eat?"),
    ],
    "screened": [
        ("Could I pick up the", "repeat prescription for my dad's blood pressure tablets this afternoon?"),
        ("I'm chasing up some bike lights I ordered, and the order number is four seven",
         "two nine, but nothing has turned up yet."),
        ("There's been a drip under the kitchen sink since yesterday, and it's, um,",
         "getting worse every time I run the dishwasher."),
        ("The library book I borrowed is about a week overdue,", "so could you tell me what the fine comes to?"),
        ("The room should be under the name of", "Priya Venkataraman, for three nights from Thursday."),
        ("Our cat has stopped eating since Sunday, and we'd like to bring her in so the vet can",
         "have a quick look before the weekend, if you can fit her in."),
    ],
    "curtained": [
        ("Would it be possible to hold the", "booth at the back, so we can talk without having to shout?"),
        ("I'm ringing about a voucher my colleagues gave me, and the code printed on it is nine one",
         "five zero, but your website keeps saying it has expired."),
        ("A few of us from our choir want to come in after the carol concert, and that'll be, er,",
         "twelve singers and probably a couple of their partners too."),
        ("We can only stay until about a quarter past nine,", "since our babysitter has to get home by ten."),
        ("The reservation is in my colleague's name, Harriet", "Blackwood, and she made it online on Monday."),
        ("My father struggles with his hearing, so on Sunday could you seat us somewhere well away from",
         "those noisy kitchen doors and the loudspeakers, please?"),
    ],
    "shuttered": [
        ("Is there any chance you could keep the",
         "long table under the skylight free for us on Sunday lunchtime?"),
        ("I saw online that your steak night deal is eighteen",
         "fifty a head, so does that include a glass of wine?"),
        ("Straight after my nephew's graduation we're coming over, and there'll be, ooh, let me see,",
         "eleven of us, counting his grandparents and his girlfriend."),
        ("We'll have to leave again by half past one at the latest,",
         "because the football kicks off across town at two."),
        ("I think you'll find the booking is down under my partner's name, Rhiannon",
         "Pemberton, for eight o'clock tonight."),
        ("It's our first meal out since the baby arrived, so could you find us a spot with a bit of room beside",
         "the table for a pram that doesn't fold up very small?"),
    ],
    "latticed": [
        ("My wife has really got her heart set on having the",
         "corner table by the bay window, where we sat on our very first date."),
        ("Could we pencil something in for Friday the twenty",
         "ninth, just in case the other place falls through?"),
        ("The darts team wants to come in after the final on Thursday, and that would make it, erm, hang on,",
         "nine of us, or ten if the captain's wife turns up."),
        ("Our table is booked for seven on Saturday,",
         "but would it matter terribly if we turned up ten minutes late?"),
        ("The table's booked under my stepdad's name, Desmond",
         "Fairclough, and it's four people this Wednesday evening."),
        ("We've got a nervous rescue dog, so would it be alright if we sat out on your terrace underneath",
         "the big heater, where it's a bit quieter for him?"),
    ],
    "gabled": [
        ("Would it be possible to give us the",
         "table by the conservatory doors, so my grandmother can look out at the garden?"),
        ("My parents first came here together back in nineteen",
         "seventy eight, the night they got engaged."),
        ("My brother's leaving do is heading your way on Friday night, and that's going to be, um, let me think,",
         "fourteen of us, assuming the boss lets everyone go on time."),
        ("I rang this morning to book a table for four,",
         "and I'd like to add two more people if you've still got room."),
        ("Could you check whether there's a booking under my aunt's name, Marguerite",
         "Okafor, for five people this Sunday?"),
        ("My grandad has to use a portable oxygen machine, so could we please have a table that's close to",
         "a plug socket, in case it needs charging during the meal?"),
    ],
    "louvred": [
        ("Any chance you could keep us the",
         "round table next to the aquarium, because the kids love watching the fish?"),
        ("Our taxi is booked to collect us from your door at eleven",
         "forty five, so could we order our desserts a bit early?"),
        ("My wife's pottery class wants to come along after their exhibition on Saturday, and it'll be, um, hmm,",
         "ten of us, give or take a husband or two."),
        ("We're hoping to sit down at about ten past eight,",
         "once the fireworks over the river have finished."),
        ("The reservation is booked under my godmother's name, Winifred",
         "Achterberg, for three people at lunchtime tomorrow."),
        ("My son has broken his arm and it's in plaster, so could you possibly seat him somewhere well clear of",
         "those busy walkways where the waiters carry hot plates?"),
    ],
    "thatched": [
        ("My aunt always feels the cold, so could we book that",
         "cosy booth next to your log burner, if nobody has bagged it?"),
        ("Our coach leaves your car park at half past",
         "nine, so could the main courses come out fairly promptly?"),
        ("My brother's rugby team fancies a meal once their cup final is over, and there'll be, er, let me think,",
         "sixteen of them, plus their coach and the physio."),
        ("We'd like our starters served around quarter to seven,",
         "just before the quiz starts upstairs."),
        ("The booking should be under my business partner's surname, Ottoline",
         "Blenkinsop, for five guests on Friday evening."),
        ("My mother's hip is very painful, so could she have a chair with arms, and could you seat us as near as",
         "possible to your front door, so she hasn't got far to walk?"),
    ],
    "shingled": [
        ("My little boy is terrified of drills, so could we have the",
         "first appointment on Monday morning, before he has time to fret about it?"),
        ("The last bus into town leaves the ferry terminal at ten",
         "fifteen, so will the evening sailing get in before then?"),
        ("Our cycling club wants every bike checked before Sunday's sportive, and that'll be, um, let me count,",
         "thirteen bikes, two of them tandems."),
        ("I can't get to the library until after half past five,",
         "so could you keep my reserved book behind the desk till then?"),
        ("The car is booked in for its service under my stepmother's name, Philippa",
         "Grimshaw, and it's the little blue hatchback."),
        ("My dad has just had a new knee fitted, so could you find him a cabin near the front that's close to",
         "the lift, so he doesn't have to tackle the stairs on his crutches?"),
    ],
    "slated": [
        ("Before my sister's wedding on Saturday, I'd love a trim and a blow dry, ideally by the",
         "stylist who did my hair at the christening last spring."),
        ("The removal van needs to get to the old house by eight",
         "thirty, because the buyers are collecting the keys at noon."),
        ("Our drama society wants seats at Saturday's matinee, and that comes to, er, let me see,",
         "nineteen adults and six children under twelve."),
        ("My driving test is booked in at the end of next month,",
         "so could I squeeze in two extra lessons before then?"),
        ("Please address the parcel to my neighbour's daughter, Georgina",
         "Pickersgill, at number fourteen in Mill Crescent."),
        ("My grandmother will be in her wheelchair, so could we please have two aisle seats at the back near",
         "the accessible exit, so she can get out easily at the interval?"),
    ],
    "tiled": [
        ("I haven't been able to get into my online banking since this morning, and the app keeps showing the",
         "same error message every time I try to log in."),
        ("The parcel was supposed to arrive by twelve",
         "fifteen today, but the tracking page still says it's sitting at the depot."),
        ("I'd like to add a few people to our travel insurance, and that would be, um, hang on,",
         "my two stepsons and their grandmother, who's seventy one."),
        ("Ever since Tuesday, my broadband keeps cutting out every evening,",
         "so could you send an engineer round to check the line?"),
        ("The new gas meter is registered to my landlord, Ambrose",
         "Kettleworth, who lives abroad for most of the year."),
        ("I'm flying to Belfast with my elderly dad next month, and I wanted to ask if someone could meet us at",
         "the gate with a wheelchair, since he can't manage the long walk."),
    ],
}

# smooth turn-taking: a complete question or request, then silence
QUESTIONS: dict[str, list[str]] = {
    "swathed": [
        "Could you check your lost property box for a black phone with a cracked screen?",
        "Is the ramp at the side entrance wide enough for an electric wheelchair?",
        "Oh, hang on, I meant the fourteenth, not the fifteenth.",
        "Under the name Thistlethwaite, please.",
        "Smashing, cheers then, ta-ra.",
        "Hiya, is there room for five of us on Monday the ninth, say around ten past six?",
        "Do you put a candle in the pudding if we tell you it's someone's birthday?",
        "Near the entrance, ideally, so the wheelchair can get in.",
    ],
    "mantled": [
        "Is there anywhere close by where I could charge my electric car while we eat?",
        "Do you take payment by bank transfer, or is it card only on the night?",
        "Sorry, scratch that, it's Wednesday the third, not Thursday.",
        "Put it down under Okonkwo, if you would.",
        "Brilliant, that's sorted then, bye bye.",
        "Morning, could you squeeze in seven of us this Saturday, roughly half past twelve?",
        "Would the chef be able to do a plain omelette for a fussy six year old?",
        "By the window, if there's one going.",
    ],
    "screened": [
        "Do you sell puncture repair kits, or would I have to go into town for one?",
        "Can I return a library book at any branch, or only the one I borrowed it from?",
        "Oh, hang on, I meant the twelfth of June, not the twentieth.",
        "Just put it under Haverford, please.",
        "Lovely, thanks ever so much for your help, take care now.",
        "Hi there, could a plumber come round to look at my boiler tomorrow morning, say about nine?",
        "Is the hotel car park free for guests, or do I pay for it by the night?",
        "On the ground floor, if at all possible.",
    ],
    "curtained": [
        "Have you got a high chair we could borrow, or should we bring our own booster seat?",
        "Is the set lunch menu served at weekends too, or just from Monday to Friday?",
        "Whoops, my mistake, make that Saturday the eighth rather than the Friday.",
        "It's under Abernethy, thank you.",
        "Great stuff, we'll see you on the night, cheerio.",
        "Good evening, have you got space for a party of nine next Friday at about quarter to eight?",
        "Could the kitchen leave the onions out of the curry for my husband?",
        "Somewhere in a quiet corner, if you can manage it.",
    ],
    "shuttered": [
        "Can the kitchen do a half portion of the fish pie for my little girl, or is it full size only?",
        "Is the Sunday roast served all afternoon, or does it tend to run out by a certain time?",
        "Sorry, I've got that muddled, we'd want lunch on the Sunday, not dinner on the Saturday.",
        "Book it in the name of Lindqvist, please.",
        "Ace, you've been a great help, speak soon.",
        "Morning, I'm after a table for six on Thursday the twenty first, ideally at twenty past seven.",
        "Would the chef mind cooking my steak well done, even though the menu says it comes pink?",
        "Not too near the toilets, if that's alright.",
    ],
    "latticed": [
        "Can your chef make the burger without the bun, or does it only come the way it's written on the menu?",
        "Are children welcome in the bar area after eight, or do they have to stay in the restaurant?",
        "Hold on, did I say Thursday? I meant Tuesday, sorry about that.",
        "You can put it under Castellano, thanks.",
        "Cheers, that's perfect, I'll let everyone know, bye.",
        "Evening, I'd like to book for three people on Monday the thirtieth, at about five to seven, if possible.",
        "Could the kitchen swap the mash on the pie for a jacket potato?",
        "One with a bit of daylight, ideally.",
    ],
    "gabled": [
        "Can you warm up a baby's bottle for us, or should we bring a flask of hot water?",
        "Could your staff ring for a taxi at the end of the night, or is it better to book one ourselves?",
        "Oops, I tell a lie, it's the Friday after next, not this Friday.",
        "It'll be under Fitzgerald, please.",
        "Perfect, thanks a million, see you then.",
        "Afternoon, have you got room for two adults and two small children next Wednesday, around half five?",
        "Could the chef leave the coriander off my dish, as I really can't stand the taste of it?",
        "Somewhere with a bit of elbow room, please.",
    ],
    "louvred": [
        "Is there somewhere safe to leave a mobility scooter while we're eating?",
        "Do you make up picnic hampers to take away, or is everything only served at the table?",
        "Oh, silly me, I meant the second weekend in May, not the first.",
        "Ravenscroft is the name, thanks.",
        "Wonderful, that's all I needed, have a good evening.",
        "Hello, is there space for a family of seven this coming Sunday, some time around twenty five past one?",
        "Would the kitchen be able to serve the gravy on the side, since my son hates anything soggy?",
        "Anywhere with a view of the river, please.",
    ],
    "thatched": [
        "Is there a quiet corner where my hearing aid won't pick up all the clatter from the kitchen?",
        "Do you sell gift vouchers over the phone, or would I have to come in and buy one?",
        "Oh, hang on, I said Thursday, but I actually meant Wednesday the ninth.",
        "Fotheringham is the surname, cheers.",
        "Lovely, that's everything sorted, bye for now.",
        "Hiya, would Saturday lunch work for nine of us, arriving somewhere around a quarter past twelve?",
        "Could the chef cook the fish without any butter, because my wife can't tolerate dairy?",
        "A window seat would be perfect, please.",
    ],
    "shingled": [
        "Is there a lift up to the dental surgery, or is it stairs only from the street?",
        "Can I renew my library books over the phone, or do I need to bring them back in person?",
        "Oops, no, I said the Tuesday sailing, but I need the Thursday one.",
        "The surname is Ollerenshaw, thank you.",
        "Right you are, thanks for that, bye now.",
        "Hello, is there room on Saturday's crossing for a car and four people, sailing at about twenty past ten?",
        "Could the hygienist see my daughter straight after me, so we only have to make the one trip?",
        "A cabin with a porthole, ideally.",
    ],
    "slated": [
        "Are there family changing rooms at the pool, or do the children have to use the main ones?",
        "Can I pay for my driving lessons in a block of ten, or is it one lesson at a time?",
        "Ah, no, my mistake, the move is on the twenty third, not the thirtieth.",
        "The name's Wainwright, by the way.",
        "Great, you've been really helpful, all the best.",
        "Hi, have you got four seats together for Friday's evening show, the one that starts at ten to eight?",
        "Could the instructor pick me up from work instead of from home on Wednesdays?",
        "An aisle seat, preferably.",
    ],
    "tiled": [
        "Can I pay my council tax in monthly instalments, or does it all have to go in one lump sum?",
        "Will the courier leave the parcel with a neighbour if nobody's in, or take it back to the depot?",
        "Sorry, I got that wrong, the flight is on the seventeenth, not the seventh.",
        "The account holder is a Mrs Entwistle.",
        "Okay, that clears it up, thanks so much, goodbye.",
        "Good morning, could I book a blood test at the surgery on Tuesday, some time around twenty past nine?",
        "Could you send the replacement router to my office address instead of my home?",
        "Anything after four o'clock, really.",
    ],
}

# user interruption / user backchannel: a question that gets a long reply ...
LONG_REPLY_QUESTIONS: dict[str, list[str]] = {
    "swathed": [
        "What's the access like for a wheelchair, from the front door right through to the toilets?",
        "What would you suggest for feeding a school group of thirty on a tight budget?",
        "If I wanted to sneak in early to hide a surprise cake and decorate the table, how would that work?",
        "Could you explain what happens to things people leave behind, and how long you keep them?",
    ],
    "mantled": [
        "Our car is stuck at the garage down the road for a couple of hours, so what would you suggest for lunch?",
        "Could you walk me through how the deposit works if I pay by bank transfer instead of by card?",
        "What have you got for children who've just come out of school and are absolutely starving?",
        "We're coming straight off a long flight with all our luggage, so what should we know before we turn up?",
    ],
    "screened": [
        "My prescription has run out and my doctor is on holiday, so what can I do for more tablets this week?",
        "Could you explain how your bike servicing works, from dropping it off to picking it up again?",
        "What would I need to bring with me to join the library and borrow books for my two children?",
        "We're arriving at the hotel very late on Friday night after a wedding, so what happens at check in?",
    ],
    "curtained": [
        "Our group is a mix of meat eaters, vegans and one coeliac, so how would you suggest we order?",
        "Could you talk me through how your private dining room works, from booking it to settling up?",
        "My parents are celebrating their ruby wedding anniversary, so what could you do to make it special?",
        "We'll be coming over from the theatre when the show ends at half ten, so what could we get for supper?",
    ],
    "shuttered": [
        "We're bringing a group of overseas students who've never tried British food, so what should they order?",
        "How does your takeaway work on a Friday night, and how long do people usually wait for their food?",
        "It's my grandad's hundredth birthday and he's quite frail, so how could you help the day go smoothly?",
        "We'll turn up with two muddy spaniels after a walk on the beach, so how does it work with dogs inside?",
    ],
    "latticed": [
        "My husband has just been told to cut right down on fat, so what on your menu would suit him?",
        "What happens if it snows on the night of our Christmas party and half of our guests can't get there?",
        "My teenage nephews eat like horses, so which dishes would fill them up without costing the earth?",
        "We're planning a murder mystery evening for our book group, so how could your staff help us set it up?",
    ],
    "gabled": [
        "My dad has just had some teeth out and can only manage soft food, so what could he eat from your menu?",
        "A few of us are running a marathon the next morning, so which dishes would give us plenty of energy?",
        "Our relatives are flying in from Canada and they'll be jet lagged, so what would you suggest for supper?",
        "It's our first night out since the twins were born, so how could you make the evening feel special?",
    ],
    "louvred": [
        "My partner is training for a bodybuilding contest and needs lots of protein, so what would suit him?",
        "We're hosting some clients from a big firm in Germany, so how could you help us make a good impression?",
        "My father lost his sense of smell after an illness, so which dishes have the most texture and colour?",
        "Our little boy has just turned four and he's a very fussy eater, so what could he have apart from chips?",
    ],
    "thatched": [
        "My uncle is a retired chef and terribly hard to impress, so which of your dishes should he try?",
        "We're celebrating my grandparents' diamond wedding, so what could you do to make the evening memorable?",
        "My flatmate has just gone vegan and she worries nothing will fill her up, so what would you suggest?",
        "Our hockey club wants a meal after a match on a tight budget, so which dishes are filling but cheap?",
    ],
    "shingled": [
        "I've just moved to the area and need to register with a dentist, so how does it work for a new patient?",
        "My mountain bike makes a horrible grinding noise whenever I change gear, so what might be wrong with it?",
        "We're taking the ferry with a caravan and two dogs for the very first time, so what do we need to know?",
        "My mum has started losing her sight, so what could the library offer her instead of ordinary books?",
    ],
    "slated": [
        "We're moving house for the first time in twenty years, so how does your packing service actually work?",
        "My son is nervous of water and can't swim yet, so how would your lessons help him feel more confident?",
        "Our book club wants to see a play together and then have dinner, so how would a group booking work?",
        "I've just passed my theory test but I've never driven a car, so what happens in the first few lessons?",
    ],
    "tiled": [
        "Someone has just taken money out of my account that I don't recognise, so what should I do right now?",
        "My laptop has become painfully slow since the last update, so what could I try before taking it in?",
        "I'm travelling to Japan for the first time next spring, so what do I need to sort out before I fly?",
        "I've had headaches most mornings for a couple of weeks, so what will the nurse want to know from me?",
    ],
}

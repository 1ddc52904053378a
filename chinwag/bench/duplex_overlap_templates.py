"""What the full-duplex benchmark's callers say *over* the agent, per split: interruptions,
acknowledgements and the cough. The splits and their history are described in ``duplex_templates``;
with ``duplex_story_templates`` the three modules are one set of templates, split so that none grows
past a readable size."""

from __future__ import annotations

# While the agent answers (LONG_REPLY_QUESTIONS in duplex_templates), the user cuts in with a short turn
INTERRUPTIONS: dict[str, list[str]] = {
    "dev": [
        "Sorry, actually can I book for tomorrow?",
        "Wait, sorry, do you have parking?",
        "Sorry to interrupt, are you open on Sunday?",
        "Hang on, can I book a table for two?",
    ],
    "held_out": [
        "Sorry, actually I just want to book a table for three.",
        "Excuse me, are you open on Mondays?",
        "Sorry, one question, do you have vegan food?",
        "Wait, can I come tonight instead?",
    ],
    "fresh": [
        "Sorry, sorry, do you have a table tonight?",
        "Oh wait, is there a car park?",
        "Hold on, are you open on Tuesdays?",
        "Actually, can I just book for two people?",
    ],
    "unseen": [
        "Oh, sorry, can I bring my own wine?",
        "Sorry, just quickly, do you take cash?",
        "Oh, one sec, is that every day?",
        "Sorry, can I stop you there, do you do breakfast?",
    ],
    "novel": [
        "Sorry, hang about, is that per person?",
        "Oh, hold on, have you got anything for kids?",
        "Sorry, can I just ask, is the meat halal?",
        "Wait, sorry, are you open on bank holidays?",
    ],
    "sealed": [
        "Sorry to jump in, what's the postcode for the satnav?",
        "Hang on a sec, can we make that half six instead?",
        "Excuse me, before you go on, is there a lift upstairs?",
        "Oh sorry, just remembered, can we pay separately?",
    ],
    "blind": [
        "Sorry, quick one, do you sell gift vouchers too?",
        "Hold on, does that come with chips?",
        "Sorry, just checking, are you open on Easter Sunday?",
        "Oh wait, could my mum bring her guide dog?",
    ],
    "veiled": [
        "Sorry, does that include the service charge?",
        "Pardon me, can we sit outside instead?",
        "Wait a second, could we make it four people?",
        "Oh sorry, is there live music that night?",
    ],
    "shrouded": [
        "Sorry, one thing, do you deliver?",
        "Hang on, is that cheaper at lunchtime?",
        "Oops, sorry, could we bring the grandkids?",
        "Wait, hold on, is it cash only?",
    ],
    "cloaked": [
        "Sorry, before I forget, is there a cloakroom?",
        "Hold on a moment, do you take Amex?",
        "Ah, sorry, could I pre-order that now?",
        "Whoops, sorry, is the place dog friendly?",
    ],
    "masked": [
        "Sorry, quickly, is there wifi there?",
        "Hang on, sorry, can I book that online?",
        "Oh, apologies, do you do a student discount?",
        "Wait, just one thing, are the portions big?",
    ],
    "hooded": [
        "Sorry, real quick, is there a step at the entrance?",
        "Hold on, sorry, do you serve food all afternoon?",
        "Oh, forgive me, can kids eat for free?",
        "Wait a tick, is the car park lit at night?",
    ],
    "cowled": [
        "Sorry, just briefly, is there a toilet downstairs?",
        "Hold up, sorry, are the tables big enough for six?",
        "Oh, excuse me, is it noisy in there on Fridays?",
        "Wait, sorry to butt in, do you take cheques?",
    ],
    "shaded": [
        "Sorry, quick one, is there a smoking area outside?",
        "Hang on a moment, is there a phone charger we could borrow?",
        "Oh, pardon me, do you sell bottles of your house wine to take home?",
        "Wait, sorry, can we reserve the same table as last time?",
    ],
    "draped": [
        "Sorry, can I stop you there, do you do gift vouchers?",
        "Er, sorry, is there step free access for a wheelchair?",
        "Actually, one second, could we bring a birthday cake of our own?",
        "Excuse me, sorry, what time does the kitchen stop taking orders?",
    ],
    "swathed": [
        "Hang fire a second, is the toilet on the ground floor?",
        "Whoa, whoa, are drinks included in that?",
        "Right, quick question, do the teachers eat free?",
        "Erm, just so I know, can the cake go in your fridge?",
    ],
    "mantled": [
        "Sorry, sorry, can I stop you there, is that the same price at lunchtime?",
        "Hold on a tick, do you do takeaway as well?",
        "Sorry, before I forget, is there a cash machine nearby?",
        "Just a sec, can we bring the dog in with us?",
    ],
    "screened": [
        "Sorry to butt in, but is that open on Sundays too?",
        "Wait, wait, how much did you say that was?",
        "Oh, one thing, can I pay for that over the phone?",
        "Hang on, hang on, let me grab a pen first.",
    ],
    "curtained": [
        "Sorry, can I just jump in, does that include the service charge?",
        "Hold on, sorry, did you say the room seats twenty?",
        "Oh, quick thing, is there a lift up to that floor?",
        "Sorry, one moment, you're breaking up a little.",
    ],
    "shuttered": [
        "Sorry to cut you off, can we pay by card at the table?",
        "Ooh, hang on, is there a vegetarian version of that?",
        "Er, sorry, one quick thing, how far ahead do I need to ring?",
        "Wait, could you say that last bit again, I didn't quite catch it?",
    ],
    "latticed": [
        "Oh, hold on, is the lamb still on tonight?",
        "Sorry, sorry, could you slow down a little, I'm writing this down?",
        "Hang on, do you do that in a smaller portion?",
        "Sorry to barge in, is there somewhere to hang wet coats?",
    ],
    "gabled": [
        "Sorry, can I ask, does that come with a side salad?",
        "Hold on a minute, could you spell that for me?",
        "Oh, before I forget, are you open on Boxing Day?",
        "Wait, sorry, what was the first dish you said?",
    ],
    "louvred": [
        "Excuse me, is that sauce very spicy?",
        "Hmm, wait, how long does that take to cook?",
        "Oh, sorry, could we order that ahead of time?",
        "Pardon the interruption, is there a kids' version of that?",
    ],
    "thatched": [
        "Sorry, is that served with any vegetables?",
        "Hang on, are there any nuts in that?",
        "Oh, wait, could we share that between two?",
        "Just a second, is that on the lunch menu as well?",
    ],
    "shingled": [
        "Sorry, is there a charge for that?",
        "Hang on, do I need to book that in advance?",
        "Oh, wait, can I do that online instead?",
        "Hold on, will that be ready by Friday?",
    ],
    "slated": [
        "Sorry, who would I speak to about that?",
        "Oh, wait, do I have to bring anything?",
        "Hold on, can my husband come along too?",
        "Just a moment, could you email me that?",
    ],
    "tiled": [
        "Sorry, is that number free to call?",
        "Wait, does that still work from abroad?",
        "Oh, hang on, will that take long?",
        "Um, sorry, do I need my passport for that?",
    ],
}
# ... or only acknowledges (or coughs), which should not stop the agent
ACKNOWLEDGEMENTS: dict[str, list[str]] = {
    "dev": ["mm-hmm", "yeah", "okay", "[cough]"],
    "held_out": ["right", "uh-huh", "okay, yes", "[cough]"],
    "fresh": ["mhm", "yes", "sure", "[cough]"],
    "unseen": ["yep", "I see", "got it", "[cough]"],
    "novel": ["mm, lovely", "ah, right", "okay, cool", "[cough]"],
    "sealed": ["yeah, yeah", "oh, okay", "ah, I see", "[cough]"],
    "blind": ["mm, right", "alright", "oh, nice", "[cough]"],
    "veiled": ["mm, okay", "yeah, sure", "oh right", "[cough]"],
    "shrouded": ["right, okay", "mm, sure", "ah, yes", "[cough]"],
    "cloaked": ["mhm, yep", "ooh, great", "fair enough", "[cough]"],
    "masked": ["oh, brilliant", "mm, gotcha", "sure thing", "[cough]"],
    "hooded": ["ah, perfect", "mm, understood", "righto", "[cough]"],
    "cowled": ["mm, sounds good", "oh, splendid", "ah, noted", "[cough]"],
    "shaded": ["mm, lovely stuff", "oh, right you are", "ah, marvellous", "[cough]"],
    "draped": ["uh-huh, okay then", "oh, that's handy", "ah, cheers", "[cough]"],
    "swathed": ["aye, grand", "ooh, champion", "mm, makes sense", "[cough]"],
    "mantled": ["yeah yeah, right", "oh okay, I see", "mm-hmm, sure, sure", "[cough]"],
    "screened": ["right, yep", "oh lovely, that's really good to know actually", "mhm, got it, yep", "[cough]"],
    "curtained": ["uh-huh, brill", "oh, smashing, thanks", "right, yeah, that works for us", "[cough]"],
    "shuttered": ["mm, fab", "ahh, okay, yeah", "oh, that's good to hear, thanks", "[cough]"],
    "latticed": ["mm, yeah, nice one", "oh, okay, fair play", "right, yeah, no, that's fine", "[cough]"],
    "gabled": ["mm-kay", "okey doke", "heh, yeah", "[cough]"],
    "louvred": ["aha", "ooh, neat", "heh, cool", "[cough]"],
    "thatched": ["lush", "ah super", "yup yup", "[cough]"],
    "shingled": ["cheers", "ooh handy", "yeah fine", "[cough]"],
    "slated": ["spot on", "oh sweet", "yeah ta", "[cough]"],
    "tiled": ["ah gotcha", "yeah true", "good stuff", "[cough]"],
}
COUGH = "[cough]"

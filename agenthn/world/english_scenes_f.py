"""Short natural paragraphs for training (part f): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # chat messages between colleagues
    {"genre": "colleague chat",
     "text": "Hey <first name>, any chance you could swap shifts with me on <weekday>? My brother is moving "
             "house and I promised to help with the van. I'd take your Sunday close in return. I've already "
             "checked with the manager, <name>, and she said it's fine as long as we both agree.",
     "asks": {"<weekday>": (("Which shift does the writer want to give away?",
                             "They want to swap the <weekday> shift."),),
              "<name>": (("Who is the manager?", "The manager is <name>."),
                         ("Who approved the swap?", "<name>, the manager, said it was fine."))}},
    {"genre": "colleague chat",
     "text": "Quick heads up: the client moved the report deadline forward to <date>, so we've lost almost "
             "a week. <name> is handling the charts and I'll do the summary. Can you send me your section "
             "by Thursday lunchtime? Sorry, I know it's a pain. Coffee is on me when this is over.",
     "asks": {"<date>": (("When is the report due now?", "The report is now due on <date>."),),
              "<name>": (("Who is doing the charts?", "<name> is handling the charts."),)}},
    {"genre": "colleague chat",
     "text": "Has anyone seen a staff badge lying around? I think I dropped mine between the car park and "
             "the canteen this morning. The photo on it is about five years old, so good luck recognising "
             "me. Security can print a new one but it costs £<price>, and they're only in until <time>.",
     "asks": {"<price>": (("How much does a replacement badge cost?", "A new badge costs £<price>."),),
              "<time>": (("How late is the security office open today?",
                          "Security are only in until <time>."),)}},
    {"genre": "colleague chat",
     "text": "Morning! I'm stuck at home waiting for the plumber, so could you take the <time> call with "
             "<company> for me? It's just a catch-up, nothing scary. Their contact is called <name>; she's "
             "lovely but talks a lot. My notes from last time are in the shared folder.",
     "asks": {"<company>": (("Which company is the call with?", "The call is with <company>."),),
              "<name>": (("Who is the contact at the other company?", "Their contact is <name>."),),
              "<time>": (("When does the call start?", "The call is at <time>."),)}},
    {"genre": "colleague chat",
     "text": "Just so everyone knows, our new starter <name> begins on <weekday>. She's coming over from the "
             "<city> office, so she already knows the systems, but please show her where the kitchen is and "
             "which fridge shelf is ours. I've booked the small meeting room for a welcome lunch.",
     "asks": {"<name>": (("Who is joining the team?", "The new starter is <name>."),),
              "<city>": (("Where did the new colleague work before?", "She worked at the <city> office."),),
              "<weekday>": (("What is the new colleague's first day?", "She begins on <weekday>."),)}},
    {"genre": "colleague chat",
     "text": "Heads up team, facilities changed the code on the side entrance over the weekend. It's <code> "
             "now, and the old one won't work any more. Also, the left-hand lift is broken again, so if "
             "you're heading up to us on floor <floor>, you'll want the stairs or the other lift.",
     "asks": {"<code>": (("How do you get in through the side door now?",
                          "The side entrance code is now <code>."),),
              "<floor>": (("Which floor does the team work on?", "The team works on floor <floor>."),)}},
    {"genre": "colleague chat",
     "text": "Hi both, I'm off from Monday for two weeks, finally. <first name> has kindly agreed to look "
             "after my clients while I'm away. The only urgent thing is the order from <company>, which "
             "should arrive on <date>. If it doesn't, ring the warehouse, because they never read emails.",
     "asks": {"<first name>": (("Who is covering while the writer is on holiday?",
                                "<first name> is looking after the clients."),),
              "<company>": (("Which order is the urgent one?", "The urgent order is from <company>."),),
              "<date>": (("When is the urgent delivery expected?", "It should arrive on <date>."),)}},
    {"genre": "colleague chat",
     "text": "Are you coming to Priya's leaving drinks on Friday? We're meeting at the pub on <street> "
             "straight after work. I've put a card on my desk for people to sign, and so far we've "
             "collected £<price> for her present. She's moving to <country> with her partner, which I'm "
             "very jealous of.",
     "asks": {"<street>": (("Where are the leaving drinks?", "They are at the pub on <street>."),),
              "<price>": (("How much has been raised for Priya's present?",
                           "They have collected £<price>."),),
              "<country>": (("Where is Priya going to live?", "Priya is moving to <country>."),)}},
    # a neighbours' group-chat message
    {"genre": "neighbours chat",
     "text": "Has anyone lost a tabby cat? She's been sitting on our garden wall since yesterday and won't "
             "go home. Her collar has a little tag that says <word>, but no phone number. We're at number "
             "<small number>, so just knock if she's yours. The kids are already far too attached.",
     "asks": {"<word>": (("What name is on the stray cat's tag?", "The tag on her collar says <word>."),),
              "<small number>": (("Which house is the cat staying at?",
                                  "The cat is at number <small number>."),)}},
    {"genre": "neighbours chat",
     "text": "Reminder from the council: because of the bank holiday, bins go out on <weekday> this week "
             "instead of Monday. The recycling lorry now turns up at about <time>, so put everything out the "
             "night before if you can. Last time half the street got missed and the foxes had a party.",
     "asks": {"<weekday>": (("Which day is bin collection this week?", "The bins go out on <weekday>."),),
              "<time>": (("What time does the recycling lorry arrive now?",
                          "It comes at about <time>."),)}},
    {"genre": "neighbours chat",
     "text": "Morning neighbours! I've got a parcel here that's meant for number <count>. The courier left "
             "it with us because nobody answered the door. It's quite heavy and the box says <company> on "
             "the side. I'm working from home all day, so pop round whenever suits.",
     "asks": {"<count>": (("Who is the parcel really for?", "The parcel is for number <count>."),),
              "<company>": (("What company name is on the box?", "The box says <company>."),)}},
    {"genre": "neighbours chat",
     "text": "Street party planning! The council has given us permission to close the road on <date>. "
             "<name> from the house with the red door has offered to run the barbecue, and we need a few "
             "people to bring tables and chairs. If anyone owns a gazebo, that would be brilliant.",
     "asks": {"<date>": (("When is the street party?", "The street party is on <date>."),),
              "<name>": (("Who will be cooking on the barbecue?", "<name> is running the barbecue."),)}},
    {"genre": "neighbours chat",
     "text": "Does anyone else have no power? Ours went off around <time> and the whole terrace looks dark. "
             "I rang the electricity company and the man said engineers are working on a cable under "
             "<street>. He reckons it'll be back before midnight, but he didn't sound very sure.",
     "asks": {"<time>": (("When did the electricity go off?", "The power went off around <time>."),),
              "<street>": (("Where are the engineers working?",
                            "They are working on a cable under <street>."),
                           ("Where is the faulty cable?", "The cable is under <street>."))}},
    {"genre": "neighbours chat",
     "text": "Replying to Jo about window cleaners: we use a chap called <name> and he's brilliant. He only "
             "charges £<price> for a whole house, ladders and all, and comes round every other <weekday>. "
             "His card is stuck on my fridge somewhere, I'll post the number later.",
     "asks": {"<name>": (("Which window cleaner does the writer recommend?",
                          "The window cleaner is called <name>."),),
              "<price>": (("How much does the window cleaner charge for a house?",
                           "He charges £<price> for a whole house."),),
              "<weekday>": (("When does the window cleaner come round?",
                             "He comes every other <weekday>."),)}},
    {"genre": "neighbours chat",
     "text": "Found on the pavement outside the post office this morning: a bunch of keys on a <colour> "
             "lanyard with a plastic <fruit> keyring. I've handed them in at the <shop> on the corner, as "
             "they're open late. Hope they find their way home!",
     "asks": {"<colour>": (("What colour is the lanyard on the keys?", "The lanyard is <colour>."),),
              "<shop>": (("Where can the owner pick up the keys?",
                          "They were handed in at the <shop> on the corner."),)}},
    {"genre": "neighbours chat",
     "text": "Just a warning, we're having our kitchen redone from <date>, so there will be drilling for "
             "about a fortnight. The builders are from <company> and they've promised not to start before "
             "<time>. Sorry in advance, and if it gets too much, come round and shout at me.",
     "asks": {"<date>": (("When does the kitchen work start?", "The work starts on <date>."),),
              "<company>": (("Which firm is doing the kitchen?", "The builders are from <company>."),),
              "<time>": (("How early might the drilling begin?", "They won't start before <time>."),)}},
    # notices from a library, swimming pool or gym
    {"genre": "notice",
     "text": "From <date>, the library's weekday closing time will change to <time>, due to "
             "staff shortages. Saturday hours stay the same. Children's story time has moved upstairs to the "
             "<word> Room, and after hours the box by the front door is the only way to return books.",
     "asks": {"<date>": (("When do the new library hours begin?", "The change starts on <date>."),),
              "<time>": (("When does the library shut on weekdays now?",
                          "It closes at <time> on weekdays."),),
              "<word>": (("Where is story time held now?", "Story time is in the <word> Room upstairs."),)}},
    {"genre": "notice",
     "text": "Swimming pool notice: the main pool will be closed for retiling during <month>. Lane swimming "
             "will carry on in the learner pool, but only <count> swimmers can use it at once, so please "
             "book ahead. We apologise for the disruption. The sauna and steam room remain open as normal.",
     "asks": {"<month>": (("When is the main pool out of use?", "The main pool is closed during <month>."),),
              "<count>": (("How many people may swim in the learner pool at a time?",
                           "Only <count> swimmers can use it at once."),)}},
    {"genre": "notice",
     "text": "Dear members, from next month the monthly membership will rise to £<price>. We know nobody "
             "likes a price increase, but it pays for new rowing machines and longer opening hours. Our new "
             "spin instructor, <name>, starts on <weekday> with a free taster class.",
     "asks": {"<price>": (("What will a month at the gym cost now?",
                           "Membership will be £<price> a month."),),
              "<name>": (("Who teaches spin at the gym now?", "The new spin instructor is <name>."),),
              "<weekday>": (("When is the free taster class?", "The taster class is on <weekday>."),)}},
    {"genre": "notice",
     "text": "Notice to readers: fines for overdue books have been scrapped, so please bring back anything "
             "you've been hiding under the bed! We are also starting a <language> conversation group, which "
             "will meet every <weekday> evening in the reading room. It is free and beginners are welcome.",
     "asks": {"<language>": (("Which language can people practise at the new group?",
                              "The conversation group is for <language>."),),
              "<weekday>": (("What evening does the conversation group meet?",
                             "It meets every <weekday> evening."),)}},
    {"genre": "notice",
     "text": "Please note that the changing rooms on the <direction> side of the building are closed until "
             "further notice after a leak in the roof. Use the family changing area instead. The lifeguard "
             "in charge this week is <name>, who will be happy to help with any questions.",
     "asks": {"<direction>": (("Which changing rooms can't be used?",
                               "The changing rooms on the <direction> side are closed."),),
              "<name>": (("Who is the lifeguard in charge this week?",
                          "The lifeguard in charge is <name>."),)}},
    {"genre": "notice",
     "text": "Important: the gym car park is being resurfaced on <date> and will be shut all day. Members "
             "are asked to park at the leisure centre on <street> and walk over, which takes about five "
             "minutes. Early morning classes will run as usual. Thank you for bearing with us.",
     "asks": {"<date>": (("On which day will members be unable to use the car park?",
                          "The car park is shut on <date>."),),
              "<street>": (("Where should members leave their cars instead?",
                            "They should park at the leisure centre on <street>."),)}},
    {"genre": "notice",
     "text": "Good news for readers in the villages: the mobile library van will visit <town> every second "
             "<weekday> from the start of <month>. It parks outside the village hall for an hour. You can "
             "order books online to collect from the van, and the driver, Gus, will take back returns too.",
     "asks": {"<town>": (("Which village is the mobile library going to?",
                          "The mobile library will visit <town>."),),
              "<weekday>": (("On what day does the van come?", "It comes every second <weekday>."),),
              "<month>": (("When do the van's visits begin?",
                           "The visits start at the beginning of <month>."),)}},
    # a garage's repair note
    {"genre": "garage note",
     "text": "Your <car> is ready for collection. We replaced the front brake pads and discs, which were "
             "badly worn, and topped up the coolant. The total comes to £<price>, including labour. The rear "
             "tyres are legal but won't last much longer, so think about them before winter.",
     "asks": {"<car>": (("Which car has been repaired?", "The car that was repaired is the <car>."),),
              "<price>": (("How much is the garage bill?", "The bill comes to £<price>."),)}},
    {"genre": "garage note",
     "text": "Hi Mrs <name>, just to let you know we found the source of that rattle. One of the exhaust "
             "brackets had snapped, so we've welded it back on. While the car was up on the ramp, our "
             "mechanic <first name> spotted an oil leak, which we haven't touched yet. Give us a ring.",
     "asks": {"<name>": (("Whose car was rattling?", "The car belongs to Mrs <name>."),),
              "<first name>": (("Which mechanic noticed the oil leak?",
                                "<first name> spotted the oil leak."),)}},
    {"genre": "garage note",
     "text": "MOT result: pass, with two advisories. The wiper blades are split and the number plate light "
             "flickers now and then. Your next test is due on <date>, and we'll send a reminder a month "
             "before. The reference for this job is <code> if you need to call us about it.",
     "asks": {"<date>": (("When does the car need its next MOT?", "The next MOT is due on <date>."),),
              "<code>": (("What job number should the customer quote?", "The job reference is <code>."),)}},
    {"genre": "garage note",
     "text": "Sorry for the delay with your van. The part we ordered from <country> got stuck in customs, "
             "and the supplier now says it should reach us by <weekday>. We'll fit it the same day. Until "
             "then, feel free to keep the courtesy car, the little <colour> hatchback.",
     "asks": {"<country>": (("Where is the van's part being shipped from?",
                             "The part comes from <country>."),),
              "<weekday>": (("When should the part get to the garage?", "It should arrive by <weekday>."),),
              "<colour>": (("What colour is the courtesy car?", "The courtesy car is <colour>."),)}},
    {"genre": "garage note",
     "text": "Job sheet note: the customer reports a squeal when braking on cold mornings. Road tested by "
             "<name>, who couldn't reproduce the noise. We cleaned the brakes and checked the pads, which "
             "have about <small number> percent left. No charge for today's visit.",
     "asks": {"<name>": (("Who took the car out for a test drive?", "<name> road tested the car."),),
              "<small number>": (("How worn are the brake pads?",
                                  "The pads have about <small number> percent left."),)}},
    {"genre": "garage note",
     "text": "Hello, this is <company> about your car. The air conditioning wasn't working because the gas "
             "had leaked out through a cracked pipe. We've replaced the pipe and regassed the system, and "
             "it's blowing cold again. We're open until <time> tonight and you can pay by card.",
     "asks": {"<company>": (("Which garage fixed the air conditioning?", "The work was done by <company>."),),
              "<time>": (("How late can the customer collect the car today?",
                          "The garage is open until <time>."),)}},
    {"genre": "garage note",
     "text": "Thanks for your enquiry about the clutch. We're afraid we can't book you in until <date>, as "
             "both our lifts are full. If it's urgent, our sister garage in <town> may be able to fit you "
             "in sooner. Please don't drive too far with the warning light on.",
     "asks": {"<date>": (("When is the earliest booking the garage can offer?",
                          "They can't book the car in until <date>."),),
              "<town>": (("Where is the other garage that might help?",
                          "The sister garage is in <town>."),)}},
    # tutoring or dog-walking adverts
    {"genre": "advert",
     "text": "Friendly, reliable dog walker available in the <town> area. I've had dogs all my life, "
             "including a very stubborn <dog breed> called Pip. Group walks cost £<price> per hour, and I "
             "never take more than four dogs at once. Fully insured. Call or text me on <phone>.",
     "asks": {"<dog breed>": (("What kind of dog was Pip?", "Pip was the dog walker's <dog breed>."),),
              "<price>": (("How much is an hour's group walk?", "Group walks cost £<price> per hour."),),
              "<phone>": (("What number should owners ring?", "The number to call is <phone>."),)}},
    {"genre": "advert",
     "text": "Maths and <subject> tutoring for secondary school pupils. I'm a retired teacher with thirty "
             "years in the classroom, most of them at <school>. Lessons last an hour and can be at your home "
             "or mine. The first session is free, so your child can see whether we get on.",
     "asks": {"<subject>": (("What else does the tutor teach apart from maths?",
                             "The tutor also teaches <subject>."),),
              "<school>": (("Where did the tutor spend most of their career?",
                            "Most of it was at <school>."),)}},
    {"genre": "advert",
     "text": "Need someone to walk your dog while you're at work? I'm a student living on <street> and I "
             "adore animals. I'm usually free from <time> on weekday mornings, and I'll send you a photo "
             "after every walk. Ask about my regular-customer discount!",
     "asks": {"<street>": (("Where does the student live?", "The student lives on <street>."),),
              "<time>": (("From what time is the student free in the mornings?",
                          "They are free from <time> on weekday mornings."),)}},
    {"genre": "advert",
     "text": "Native <language> speaker offering relaxed conversation lessons for adults. Whether you're "
             "planning a trip or want to chat with your in-laws, I can help. I've lived in this country for "
             "<count> years. We meet on <weekday> evenings in the café on the high street.",
     "asks": {"<language>": (("Which language are the lessons in?", "The lessons are in <language>."),),
              "<count>": (("How long has the teacher been in the country?",
                           "The teacher has lived here for <count> years."),),
              "<weekday>": (("When are the lessons held?", "They meet on <weekday> evenings."),)}},
    {"genre": "advert",
     "text": "Learn the <instrument> with <name>! I play with a local folk group and have taught beginners "
             "of every age for years. Lessons take place in my front room, which is full of sheet music and "
             "one very lazy cat. Half an hour costs £<price>, and I can lend you an instrument to start.",
     "asks": {"<instrument>": (("What instrument does the advert offer lessons in?",
                                "The lessons are for the <instrument>."),),
              "<name>": (("Who gives the music lessons?", "The lessons are given by <name>."),),
              "<price>": (("What does a half-hour lesson cost?", "Half an hour costs £<price>."),)}},
    {"genre": "advert",
     "text": "Hello, my name is <first name> and I'm fifteen. I'm saving up for a new bike, so I'm offering "
             "to walk dogs after school and at weekends. I grew up with my grandad's <dog breed>, so I'm "
             "used to dogs of every size. My mum says one dog at a time. Knock at number <small number>.",
     "asks": {"<first name>": (("Who is offering to walk dogs?", "The dog walker is <first name>."),),
              "<small number>": (("Which house should dog owners go to?",
                                  "They should knock at number <small number>."),)}},
    {"genre": "advert",
     "text": "Struggling with <subject> exams this <season>? I'm a university student home for the holidays, "
             "and I got top marks in it last year. I can help with revision, past papers and essay "
             "technique. Sessions are in the library on <street> or online, whichever you prefer.",
     "asks": {"<subject>": (("Which subject does the student tutor?", "The student tutors <subject>."),),
              "<street>": (("Where do in-person sessions happen?",
                            "They are in the library on <street>."),)}},
    # guestbook entries
    {"genre": "guestbook",
     "text": "We had a wonderful week in the cottage. The kids loved feeding the ducks, and we finally "
             "climbed the hill behind the house, which was harder than it looked. Special thanks to <name> "
             "at the farm next door for fresh eggs every morning. We'll be back! The Okafors, <city>.",
     "asks": {"<name>": (("Who gave the guests eggs?", "<name> from the farm next door brought eggs."),),
              "<city>": (("Where are the Okafors from?", "The Okafors are from <city>."),)}},
    {"genre": "guestbook",
     "text": "Came in on a rainy afternoon and stayed three hours. The room about the old <metal> mine was "
             "fascinating, and the volunteer guide, an elderly gentleman called <name>, seemed to know "
             "everything. My only complaint is that the café had run out of scones. A happy visitor from "
             "<country>.",
     "asks": {"<metal>": (("What used to be mined in the area?", "The old mine was a <metal> mine."),),
              "<name>": (("Who showed the visitor around?", "The volunteer guide was <name>."),),
              "<country>": (("Where did the visitor come from?", "The visitor was from <country>."),)}},
    {"genre": "guestbook",
     "text": "Thank you for a lovely stay. The room was spotless and the view over the bay was even better "
             "than the photos. We'll never forget the <food> you made on our last night, even though you "
             "said it was only leftovers. Our dog <word> sends thanks for all the sausages. Helen and Mark",
     "asks": {"<food>": (("What did the host cook for Helen and Mark's final evening?",
                          "The host made <food>."),),
              "<word>": (("What is Helen and Mark's dog called?", "Their dog is called <word>."),)}},
    {"genre": "guestbook",
     "text": "To the happy couple: what a day! The ceremony made me cry, and I'm not normally a crier. I'll "
             "always remember you two dancing to <band>, and Uncle Raymond stepping backwards into the "
             "<flower> bed. Wishing you a lifetime of happiness. All my love, <first name>.",
     "asks": {"<band>": (("Which band did the newlyweds dance to?", "They danced to <band>."),),
              "<flower>": (("Where did Uncle Raymond end up?", "He fell into the <flower> bed."),),
              "<first name>": (("Who signed the message to the couple?",
                                "The message was signed by <first name>."),)}},
    {"genre": "guestbook",
     "text": "Great campsite, very peaceful. We pitched our tent under the big <tree> tree by the stream and "
             "woke up to birdsong every day. The warden showed the children how to spot owls at night. The "
             "showers were actually hot, which is rare! We stayed <number word> nights and wanted more.",
     "asks": {"<tree>": (("Where was the family's tent?", "Their tent was under the big <tree> tree."),),
              "<number word>": (("How long was the family's stay?", "They stayed <number word> nights."),)}},
    {"genre": "guestbook",
     "text": "Visited the gardens on a sunny <weekday> with my mother, who turned ninety last month. The "
             "staff kindly lent us a wheelchair and showed us the flattest paths. She loved the <flower> "
             "display in the glasshouse best of all. We finished with <drink> in the tea room. Thank you!",
     "asks": {"<flower>": (("What did the mother like most in the gardens?",
                            "She loved the <flower> display best."),),
              "<drink>": (("What did they have in the tea room?", "They had <drink> in the tea room."),)}},
    {"genre": "guestbook",
     "text": "Second time here and it was just as good. A tip for future guests: the bakery on <street> "
             "does the best <fruit> tarts in town, but get there before nine or they're all gone. The wifi "
             "was slow, but honestly that was a blessing. See you next year!",
     "asks": {"<street>": (("Where is the bakery the guest recommends?", "The bakery is on <street>."),),
              "<fruit>": (("Which tarts does the guest rave about?",
                           "The bakery's <fruit> tarts are the best."),)}},
    # minutes of a residents' or parents' committee
    {"genre": "minutes",
     "text": "Minutes of the residents' committee, held in the community room. Present: eight residents and "
             "the chair, <name>. The broken gate by the bike store was discussed again; the housing office "
             "has promised a repair by <date>. It was agreed to put up a sign about dog mess.",
     "asks": {"<name>": (("Who chairs the residents' committee?", "The chair is <name>."),),
              "<date>": (("When should the gate be fixed?", "The repair is promised by <date>."),)}},
    {"genre": "minutes",
     "text": "Parents' association, minutes. The summer fair raised £<price>, which will go towards new "
             "books for the reading corner. <first name> agreed to organise the <season> disco with help "
             "from Year Six parents. There was a long discussion about parking at drop-off, but no decision.",
     "asks": {"<price>": (("How much money did the summer fair make?", "The fair raised £<price>."),),
              "<first name>": (("Who is organising the disco?", "<first name> is organising it."),),
              "<season>": (("Which disco is being planned?", "They are planning the <season> disco."),)}},
    {"genre": "minutes",
     "text": "Item 3, the courtyard: residents voted to plant a young <tree> tree to replace the one lost in "
             "the storm, and Mr <name> kindly offered to water it through the summer. Item 4, the lift: "
             "residents on floor <floor> reported being stuck twice, and the landlord will be chased again.",
     "asks": {"<tree>": (("What are the residents planting in the courtyard?",
                          "They are planting a young <tree> tree."),),
              "<name>": (("Who will water the new tree?", "Mr <name> will water it."),),
              "<floor>": (("Where do the residents who got stuck in the lift live?",
                           "They live on floor <floor>."),)}},
    {"genre": "minutes",
     "text": "Minutes, parents' committee of <school>. The head reported that the new climbing frame will go "
             "in over half term. The second-hand uniform sale is moving to the hall on <weekday> afternoons. "
             "A parent whose son is allergic to <allergen> asked that all dinner staff be given training.",
     "asks": {"<school>": (("Which school does the committee belong to?",
                            "It is the parents' committee of <school>."),),
              "<weekday>": (("When is the uniform sale now?", "It is held on <weekday> afternoons."),),
              "<allergen>": (("What is the parent's son allergic to?",
                              "The boy is allergic to <allergen>."),)}},
    {"genre": "minutes",
     "text": "Residents' association, annual general meeting. The treasurer reported a balance of £<price>, "
             "and membership fees will stay the same. <name> stood down as secretary after six years and "
             "was warmly thanked; <name:2> was elected in her place. The café on the corner provided cakes.",
     "asks": {"<price>": (("How much money does the association have?", "The balance is £<price>."),),
              "<name:2>": (("Who is the association's new secretary?", "The new secretary is <name:2>."),),
              "<name>": (("Who used to be the secretary?", "<name> was the secretary before."),)}},
    {"genre": "minutes",
     "text": "Minutes of the PTA meeting. Apologies from the treasurer, who is on holiday in <country>. The "
             "Year Four trip to the science museum is booked for <date>, and <count> more parent volunteers "
             "are needed on the coach. Ideas for the next fundraiser included a quiz night and a bake sale.",
     "asks": {"<date>": (("When is the science museum trip?", "The trip is booked for <date>."),),
              "<count>": (("How many extra helpers does the trip need?",
                           "They need <count> more parent volunteers."),),
              "<country>": (("Why was the treasurer missing?",
                             "The treasurer is on holiday in <country>."),)}},
)

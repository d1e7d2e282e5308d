"""Short natural paragraphs for training (part c): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # Work emails and meeting notes
    {"genre": "work email",
     "text": "Hi all, a quick update after this morning's call. The client has pushed the launch back to "
             "<date>, so we have a little breathing room. <name> from <company> will take over the design "
             "review while Priya is on leave. Please send any questions to me rather than to the client "
             "directly.",
     "asks": {"<date>": (("When is the launch happening now?", "The launch is now on <date>."),),
              "<name>": (("Who is covering the design review while Priya is away?",
                          "<name> is covering the design review."),),
              "<company>": (("Which firm is the person taking over the design review from?",
                             "They are from <company>."),)}},
    {"genre": "meeting notes",
     "text": "Notes from today's team meeting. Attendance was low because of the train strike, but we got "
             "through most of the agenda. The catering budget for the away day is £<price>, which finance "
             "signed off last week. <first name> agreed to chase the printers, and we'll meet again at "
             "<time> next week in the small room.",
     "asks": {"<price>": (("How much money is there for food at the away day?",
                           "The catering budget is £<price>."),),
              "<first name>": (("Who is going to chase the printers?",
                                "<first name> is going to chase the printers."),),
              "<time>": (("What time is the next team meeting?", "The next meeting is at <time>."),)}},
    {"genre": "work email",
     "text": "Dear colleagues, please welcome <name>, who joins the accounts team on Monday. They spent the "
             "last few years at <company> and know our billing software inside out. Their desk will be on "
             "floor <floor>, next to the kitchen. Do stop by and say hello if you get a chance.",
     "asks": {"<name>": (("Who is the new person in accounts?", "<name> is joining the accounts team."),),
              "<company>": (("Where did the new accounts colleague work before?",
                             "They worked at <company>."),),
              "<floor>": (("Which floor will the new colleague sit on?",
                           "They will sit on floor <floor>."),)}},
    {"genre": "work email",
     "text": "Hi <first name>, I'm off from tomorrow until the end of the month. The supplier code for the "
             "packaging order is <code>, and you'll need it if they ring about the delivery. Everything "
             "else is in the shared folder. If anything goes badly wrong, my mobile is <phone>, but please "
             "only use it in an emergency.",
     "asks": {"<code>": (("What code will be needed if the packaging supplier calls?",
                          "The supplier code is <code>."),),
              "<phone>": (("What number can the writer be reached on in an emergency?",
                           "The writer's mobile number is <phone>."),)}},
    {"genre": "meeting notes",
     "text": "Minutes of the planning meeting. We agreed to open the second warehouse in <town> rather than "
             "in the city, mainly because rents there are lower. Construction should take about <count> "
             "weeks. Tom raised concerns about staffing, and HR will look into it before we next meet.",
     "asks": {"<town>": (("Where is the second warehouse going to be?",
                          "The second warehouse will be in <town>."),
                         ("Which town was chosen for the new warehouse?", "<town> was chosen."),),
              "<count>": (("How long is the building work expected to last?",
                           "It should take about <count> weeks."),)}},
    {"genre": "work email",
     "text": "Hello team, this year's sales conference will be held in <city> in <month>. Flights are "
             "booked and the hotel is a short walk from the venue. Our stand number is <small number>, so "
             "do mention it to any customers you talk to beforehand. Let me know about any dietary needs by "
             "Friday.",
     "asks": {"<city>": (("Where is the sales conference this year?", "The conference is in <city>."),),
              "<month>": (("When does the sales conference take place?", "It takes place in <month>."),),
              "<small number>": (("Which stand will the team be on?",
                                  "The team's stand number is <small number>."),)}},
    {"genre": "work email",
     "text": "Hi everyone, IT will be upgrading the servers this weekend, so the intranet will be down from "
             "Saturday evening. If you need files urgently, download them before then. The new office wifi "
             "password is <word>, and it changes again next quarter. Any problems, contact <first name> on "
             "the help desk.",
     "asks": {"<word>": (("What do staff need to type to get on the office wifi?",
                          "The new wifi password is <word>."),),
              "<first name>": (("Who should people get in touch with if something goes wrong?",
                                "They should contact <first name> on the help desk."),)}},
    # Landlord or building manager messages
    {"genre": "building notice",
     "text": "Dear residents, the lift in block B will be out of service from <date> while engineers "
             "replace the cables. We're sorry for the trouble this causes, especially for those on the "
             "upper floors. If you need help carrying shopping, the caretaker, <name>, is happy to lend a "
             "hand. The work should take about a week.",
     "asks": {"<date>": (("When does the lift work begin?", "The lift work starts on <date>."),),
              "<name>": (("What is the caretaker's name?", "The caretaker is <name>."),
                         ("Who can help residents carry their shopping upstairs?",
                          "The caretaker, <name>, can help."))}},
    {"genre": "landlord message",
     "text": "Hi <first name>, a quick heads-up: the rent goes up to £<price> a month from the start of "
             "<month>, as we discussed when you renewed. Everything else in the tenancy stays the same. The "
             "boiler service is booked for the same week, and I'll give you a call beforehand to arrange a "
             "time.",
     "asks": {"<price>": (("How much will the tenant pay each month after the increase?",
                           "The rent will be £<price> a month."),),
              "<month>": (("When does the higher rent start?", "It starts at the beginning of <month>."),)}},
    {"genre": "building notice",
     "text": "Hello, this is your building manager. Bins are now collected on <weekday> mornings instead of "
             "Fridays, because the council has changed its rounds. Please put recycling in the <colour> "
             "containers by the gate; general waste goes in the large bins at the back. Bulky items must "
             "not be left in the courtyard.",
     "asks": {"<weekday>": (("Which day are the bins emptied now?",
                             "The bins are now collected on <weekday> mornings."),),
              "<colour>": (("What colour are the recycling containers?",
                            "The recycling containers are <colour>."),)}},
    {"genre": "landlord message",
     "text": "Dear tenant, a plumber from <company> will need to get into your flat on <weekday> to look at "
             "the leak coming through the ceiling below. It will be <name>, who serviced the boiler last "
             "year. If you won't be in, please leave a key with the concierge, and I'll make sure it comes "
             "back to you the same day.",
     "asks": {"<name>": (("Who is the plumber coming to the flat?", "The plumber is <name>."),),
              "<company>": (("Which firm does the plumber work for?", "The plumber works for <company>."),),
              "<weekday>": (("What day does the plumber need access?",
                             "The plumber needs to get in on <weekday>."),)}},
    {"genre": "building notice",
     "text": "Hi all, the front door code has changed to <code> after someone shared the old one online. "
             "Please don't give it to delivery drivers; they can ring the intercom instead. Bikes have also "
             "been going missing from the basement, so lock them to the new racks by the side entrance. If "
             "you see anything suspicious, call the site office on <phone>.",
     "asks": {"<code>": (("What is the entry code for the front door now?",
                          "The front door code is now <code>."),
                         ("What do residents need to enter to open the main door?",
                          "They need to enter <code>."),),
              "<phone>": (("What number should residents ring to report something suspicious?",
                           "The site office number is <phone>."),)}},
    {"genre": "landlord message",
     "text": "Hi both, I've sold the flat upstairs, so you may hear some noise while it's renovated. The "
             "new owner, <name>, is a qualified <job> and has promised the builders will only come on "
             "weekdays. The scaffolding should be gone by <date>. Sorry for the disruption, and shout if it "
             "gets too much.",
     "asks": {"<name>": (("Who bought the flat upstairs?", "<name> bought the flat upstairs."),),
              "<job>": (("What does the new upstairs neighbour do for a living?",
                         "The new owner is a qualified <job>."),),
              "<date>": (("When will the scaffolding come down?", "It should be gone by <date>."),)}},
    {"genre": "building notice",
     "text": "Notice to all flats: the heating will be switched off for maintenance on <date> from <time> "
             "until midday. Hot water should not be affected. Residents on floor <floor> may hear the "
             "radiators gurgling afterwards; this is just air in the system and should settle within a day "
             "or two.",
     "asks": {"<date>": (("On what day will the heating be off?", "The heating will be off on <date>."),),
              "<time>": (("When will the heating be turned off that morning?",
                          "It will be turned off at <time>."),),
              "<floor>": (("Which residents might hear noisy radiators?",
                           "Residents on floor <floor> might hear them."),)}},
    # Doctor's, dentist's or vet's appointment letters
    {"genre": "appointment letter",
     "text": "Dear <first name>, this is a reminder of your check-up with Dr <name> at Riverside Dental on "
             "<date> at <time>. Please come a little before then to fill in a short form. If you need to "
             "cancel, let us know at least a day before, otherwise a fee may be charged.",
     "asks": {"<name>": (("Which dentist will do the check-up?", "The check-up is with Dr <name>."),),
              "<date>": (("What day is the dental appointment?", "The appointment is on <date>."),),
              "<time>": (("What time should the patient be seen?", "The check-up is at <time>."),)}},
    {"genre": "appointment letter",
     "text": "Our records show that your <dog breed>, <word>, is due for his yearly booster. We have "
             "pencilled him in for <date> at our <town> surgery. Please bring his vaccination card, and "
             "keep him on a lead in the waiting room, as we have a lot of nervous cats at the moment.",
     "asks": {"<word>": (("What is the dog called?", "The dog is called <word>."),),
              "<dog breed>": (("What kind of dog is due for the booster?", "The dog is a <dog breed>."),),
              "<town>": (("Which branch of the vets is the appointment at?",
                          "The appointment is at the <town> surgery."),)}},
    {"genre": "appointment letter",
     "text": "Dear Mr <name>, your appointment at the eye clinic has been moved to <date>. The clinic is on "
             "floor <floor> of the main building; follow the yellow signs from the entrance. Your pupils "
             "will be dilated, so you will not be able to drive afterwards. Please arrange for someone to "
             "take you home.",
     "asks": {"<name>": (("Who is the eye clinic letter addressed to?",
                          "It is addressed to Mr <name>."),),
              "<date>": (("When is the rescheduled eye appointment?", "It is now on <date>."),),
              "<floor>": (("Where in the main building is the eye clinic?",
                           "The clinic is on floor <floor>."),)}},
    {"genre": "appointment letter",
     "text": "Hello, Dr <name> would like to see you again to go over your blood test results. We have a "
             "slot free on <weekday> morning; please ring the surgery on <phone> to confirm. There is "
             "nothing to worry about, but the doctor prefers to discuss results in person.",
     "asks": {"<name>": (("Which doctor wants to talk about the blood tests?",
                          "Dr <name> wants to discuss them."),),
              "<weekday>": (("When is the free appointment?", "It is on <weekday> morning."),),
              "<phone>": (("What number should the patient call to confirm?",
                           "The surgery's number is <phone>."),)}},
    {"genre": "appointment letter",
     "text": "Dear <first name>, thank you for attending the allergy clinic last week. The skin tests "
             "confirmed a mild reaction to <allergen>, so we recommend avoiding contact where possible and "
             "keeping antihistamines at home. Your follow-up is booked for <month>, and a letter with the "
             "exact time will be sent nearer the date.",
     "asks": {"<allergen>": (("What is the patient allergic to?",
                              "The tests showed a mild reaction to <allergen>."),
                             ("What should the patient try to stay away from?",
                              "The patient should avoid <allergen>."),),
              "<month>": (("When is the allergy follow-up?", "The follow-up is in <month>."),)}},
    {"genre": "appointment letter",
     "text": "Dear Mrs <name>, your cat Bramble is booked in for her dental operation on <date>. Please "
             "don't give her any food after <time> the evening before, though water is fine. You can "
             "collect her from three o'clock, and a nurse will go through the aftercare with you.",
     "asks": {"<date>": (("When is the cat having her teeth done?", "The operation is on <date>."),),
              "<time>": (("Until when can the cat be fed the night before?",
                          "She can be fed until <time> the evening before."),),
              "<name>": (("Who owns the cat?", "The cat belongs to Mrs <name>."),)}},
    {"genre": "appointment letter",
     "text": "Dear parent, the school dentist will visit <school> on <date> to check the teeth of all Year "
             "3 pupils. The check is free and only takes a few minutes. If you do not want your child to "
             "take part, please return the slip to <first name> in the office by Friday.",
     "asks": {"<school>": (("Which school is the dentist visiting?", "The dentist is visiting <school>."),),
              "<date>": (("When will the children's teeth be checked?", "The check is on <date>."),),
              "<first name>": (("Who should the opt-out slip go to?",
                                "The slip should go to <first name> in the office."),)}},
    # Invitations
    {"genre": "invitation",
     "text": "<first name> and <first name:2> are delighted to invite you to their wedding on <date> at St "
             "Mary's Church, followed by a reception at the Old Mill in <town>. Dress is smart, and "
             "children are very welcome. Please reply by the end of the month so we can sort out the "
             "seating.",
     "asks": {"<date>": (("When are they getting married?", "The wedding is on <date>."),),
              "<town>": (("Where is the wedding reception being held?",
                          "The reception is at the Old Mill in <town>."),)}},
    {"genre": "invitation",
     "text": "After <count> years at the depot, <name> is finally retiring! Come and join us for drinks and "
             "a few speeches at the Crown on <weekday> from <time>. A card is going round the office if "
             "you'd like to chip in for a leaving present.",
     "asks": {"<name>": (("Who is retiring from the depot?", "<name> is retiring."),),
              "<count>": (("How long has the person who is retiring been at the depot?",
                           "They have worked there for <count> years."),),
              "<time>": (("What time do the retirement drinks start?", "The drinks start at <time>."),)}},
    {"genre": "invitation",
     "text": "Hi! Our little girl is turning six, and we're having a party at the leisure centre on <date>. "
             "There'll be a bouncy castle, games and far too much cake. Her favourite colour at the moment "
             "is <colour>, in case you're stuck for present ideas. Please text <first name> on <phone> to "
             "let us know if you can make it.",
     "asks": {"<date>": (("When is the sixth birthday party?", "The party is on <date>."),),
              "<colour>": (("What colour does the birthday girl like best?",
                            "Her favourite colour is <colour>."),),
              "<phone>": (("What number should guests text to reply?", "They should text <phone>."),)}},
    {"genre": "invitation",
     "text": "We've finally moved, and we'd love to show you the new house on <street>. We're having a "
             "housewarming on <weekday> evening; bring a bottle if you like, but please don't buy anything "
             "for the house. There isn't much parking, so the bus is easiest. The garden still needs a lot "
             "of work!",
     "asks": {"<street>": (("What street is the new house on?", "The new house is on <street>."),),
              "<weekday>": (("Which evening is the housewarming?",
                             "The housewarming is on <weekday> evening."),)}},
    {"genre": "invitation",
     "text": "My parents have been married forty years, and we're throwing them a surprise dinner at a "
             "little restaurant in <city> on <date>. Please keep it quiet, since Mum thinks we're just "
             "going out for a meal. We'll be serving <food>, because that's what they ate at their wedding.",
     "asks": {"<city>": (("Where is the surprise anniversary dinner?", "The dinner is in <city>."),),
              "<date>": (("What date is the anniversary dinner?", "The dinner is on <date>."),),
              "<food>": (("What is on the menu at the anniversary dinner?",
                          "They will be serving <food>."),)}},
    {"genre": "invitation",
     "text": "It's <first name>'s last day on <date>, and they're off to start a new job at <company>. "
             "We're taking them out for lunch at the Italian place round the corner, so put your name on "
             "the list by the printer if you'd like to come. Don't mention the card!",
     "asks": {"<company>": (("Where is the colleague who is leaving going to work next?",
                             "They are starting a new job at <company>."),),
              "<date>": (("When is the colleague's final day?", "Their last day is <date>."),),
              "<first name>": (("Who is leaving the office?", "<first name> is leaving."),)}},
    {"genre": "invitation",
     "text": "The Hendersons warmly invite you to a summer garden party in aid of the village hall roof on "
             "<date>. There'll be a raffle, cream teas and live music from <band>. Parking is in the field "
             "behind the church, and dogs on leads are welcome.",
     "asks": {"<band>": (("Who is playing at the garden party?", "Live music is from <band>."),),
              "<date>": (("When is the garden party for the hall roof?", "The party is on <date>."),)}},
    # Family stories
    {"genre": "family story",
     "text": "My grandmother was raised on a farm near <town>, where her family grew <crop> for three "
             "generations. She used to tell us about walking to school in the snow with her brother. When "
             "she was <age>, she moved to the city and never went back, though she kept a photo of the "
             "farmhouse on her dresser.",
     "asks": {"<town>": (("Near which town was the grandmother's family farm?",
                          "The farm was outside <town>."),),
              "<crop>": (("What did the grandmother's family farm?", "They grew <crop>."),),
              "<age>": (("How old was the grandmother when she left for the city?",
                         "She was <age>."),)}},
    {"genre": "family story",
     "text": "Uncle <name> was always the black sheep of the family. He ran off to <country> at seventeen "
             "and came back years later speaking fluent <language> and driving a battered <car>. Mum says "
             "he never explained where the money came from. He still sends us a postcard every Christmas.",
     "asks": {"<country>": (("Where did the uncle go when he ran away?", "He went to <country>."),),
              "<language>": (("What language did the uncle learn while he was away?",
                              "He came back speaking fluent <language>."),),
              "<car>": (("What was the uncle driving when he returned?", "He was driving a <car>."),)}},
    {"genre": "family story",
     "text": "Grandad spent most of his working life as a self-employed <job>, and he could fix almost "
             "anything. He married Nana in <year>, after meeting her at a dance in the church hall. They "
             "had a scruffy dog called <word> who slept under the kitchen table and stole biscuits whenever "
             "he could.",
     "asks": {"<job>": (("What was Grandad's trade?", "Grandad was a self-employed <job>."),),
              "<year>": (("What year did Grandad and Nana get married?", "They married in <year>."),),
              "<word>": (("What was the name of Grandad and Nana's dog?", "The dog was called <word>."),)}},
    {"genre": "family story",
     "text": "Mum's cousin <first name> was the first person in our family to go to university. Back then "
             "hardly anyone from our town studied <subject>, and the family thought it a strange choice, "
             "but it led to thirty years of teaching. We found the old notebooks in the attic last summer, "
             "full of neat handwriting and little drawings of flowers.",
     "asks": {"<first name>": (("Which relative was the first in the family to go to university?",
                                "Mum's cousin <first name> was."),),
              "<subject>": (("What did Mum's cousin study?", "The cousin studied <subject>."),
                            ("What did Mum's cousin teach for thirty years?",
                             "The cousin taught <subject>."))}},
    {"genre": "family story",
     "text": "Every summer my cousins and I stayed with Granny by the sea. She kept <number word> hens in "
             "the back garden and gave each of them a silly name. Her speciality was <food>, which she made "
             "every Sunday whatever the weather, and we still make it her way today.",
     "asks": {"<number word>": (("How many hens did Granny have?", "She had <number word> hens."),),
              "<food>": (("What dish was Granny known for?", "Her speciality was <food>."),)}},
    {"genre": "family story",
     "text": "Dad's older brother played football for <team> when he was young, and apparently he was quite "
             "good. A knee injury ended all that before he turned twenty. Afterwards he opened the <shop> "
             "on the high street, which his daughter still runs.",
     "asks": {"<team>": (("Which club did Dad's brother play for?", "He played for <team>."),),
              "<shop>": (("What business did Dad's brother start after he was injured?",
                          "He opened the <shop> on the high street."),)}},
    {"genre": "family story",
     "text": "According to Grandpa, our family has lived in <town> since <old year>. There is a stone in "
             "the churchyard with our surname on it, though it's too worn to read properly. He spent years "
             "tracing the family tree and filled <count> folders with notes.",
     "asks": {"<town>": (("Which village has the family lived in for centuries?",
                          "The family has lived in <town>."),),
              "<old year>": (("How long has the family been in the village, according to Grandpa?",
                              "They have been there since <old year>."),),
              "<count>": (("How many folders of family history notes did Grandpa fill?",
                           "He filled <count> folders."),)}},
    # Hotel or holiday-let welcome notes
    {"genre": "welcome note",
     "text": "Welcome to Seaview Cottage! We hope you have a lovely stay. The wifi network is called "
             "Seaview and the password is <code>. The nearest supermarket is a ten-minute drive towards "
             "<town>, and the pub at the end of the lane does good food. The bins are collected early on "
             "<weekday>, so please put them out the night before.",
     "asks": {"<code>": (("What is the cottage's wifi password?", "The wifi password is <code>."),),
              "<town>": (("In which direction is the nearest supermarket?",
                          "It is towards <town>."),),
              "<weekday>": (("When should guests put the bins out?",
                             "The bins should go out the night before <weekday>."),)}},
    {"genre": "welcome note",
     "text": "Dear guests, welcome to the Harbour Hotel. Dinner is served in the conservatory from <time>, "
             "and our chef's recommendation this week is the local <fish>. If you need anything during the "
             "night, dial 0 for reception. Our manager, <name>, will gladly book tables or taxis for you.",
     "asks": {"<time>": (("What time does the hotel start serving dinner?", "Dinner starts at <time>."),),
              "<fish>": (("What does the chef suggest this week?", "The chef recommends the local <fish>."),),
              "<name>": (("Who manages the Harbour Hotel?", "The manager is <name>."),)}},
    {"genre": "welcome note",
     "text": "Hello and welcome! The key safe by the front door opens with <code>; please lock it again "
             "after use. The hot tub is ready, but do shower first and keep the cover on when you've "
             "finished. If anything breaks, my neighbour <first name> lives in the white house opposite and "
             "has a spare key.",
     "asks": {"<code>": (("How do guests open the key safe?", "The key safe opens with <code>."),),
              "<first name>": (("Who can guests go to if something breaks?",
                                "The neighbour, <first name>, can help."),
                               ("Who has a spare key to the house?", "<first name> has a spare key."))}},
    {"genre": "welcome note",
     "text": "Welcome to the Old Bakery. There's fresh milk in the fridge and a jar of local honey on the "
             "table. The farm shop in the next village sells excellent <cheese> and is open every day "
             "except <weekday>. For a nice walk, head <direction> out of the garden gate and follow the "
             "river to the waterfall.",
     "asks": {"<cheese>": (("What is the farm shop good for?", "It sells excellent <cheese>."),),
              "<weekday>": (("On which day is the farm shop shut?", "It is closed on <weekday>."),),
              "<direction>": (("Which way should guests go to reach the waterfall?",
                               "They should head <direction> out of the garden gate."),)}},
    {"genre": "welcome note",
     "text": "Welcome to <city>! The apartment is on floor <floor>, and the lift can be temperamental, so "
             "be patient with it. Rubbish goes in the bins in the courtyard. In an emergency, call me on "
             "<phone> at any hour; for anything else, a message is best.",
     "asks": {"<floor>": (("Which floor is the apartment on?", "The apartment is on floor <floor>."),),
              "<phone>": (("What number should guests ring in an emergency?",
                           "The host's number is <phone>."),),
              "<city>": (("Which city is the apartment in?", "The apartment is in <city>."),)}},
    {"genre": "welcome note",
     "text": "Thank you for choosing Meadow Farm B&B. Our dog, a friendly old <dog breed> called <word>, "
             "may come and say hello; just shoo him away if you'd rather not. Tea and coffee are in your "
             "room, and the nearest cash machine is in <town>, about three miles away.",
     "asks": {"<dog breed>": (("What breed is the dog at the B&B?", "The dog is a <dog breed>."),),
              "<word>": (("What is the B&B dog called?", "The dog is called <word>."),),
              "<town>": (("Where can guests get cash?", "The nearest cash machine is in <town>."),)}},
    {"genre": "welcome note",
     "text": "Welcome to Pinewood Campsite. Showers and toilets are in the timber building beside the big "
             "<tree>. Fires are only allowed in the metal pits, and please keep music down after dark. The "
             "warden, <name>, does a round each evening and can sell you firewood.",
     "asks": {"<tree>": (("Where are the campsite showers?", "The showers are beside the big <tree>."),),
              "<name>": (("Who sells firewood at the campsite?", "The warden, <name>, sells firewood."),
                         ("What is the campsite warden called?", "The warden is called <name>."))}},
    # Sports club results and fixtures
    {"genre": "club news",
     "text": "Great result on Saturday! The under-14s beat <team> by three goals to one, with <first name> "
             "scoring twice in the second half. Thanks to all the parents who drove to the away game. "
             "Training this week moves to <weekday> because the pitch is being re-seeded.",
     "asks": {"<team>": (("Who did the under-14s play at the weekend?", "They played <team>."),),
              "<first name>": (("Who got two goals for the under-14s?", "<first name> scored twice."),),
              "<weekday>": (("When is training this week?", "Training is on <weekday>."),)}},
    {"genre": "club news",
     "text": "Fixture update: our next home match, against <team>, kicks off at <time> on <date>. Players "
             "should arrive an hour early for the warm-up. The clubhouse bar will be open afterwards, and "
             "<first name> has kindly offered to do the teas.",
     "asks": {"<team>": (("Who is the next home game against?", "The next home game is against <team>."),),
              "<time>": (("What time does the next home match start?", "It kicks off at <time>."),),
              "<date>": (("When is the next home match?", "It is on <date>."),)}},
    {"genre": "club news",
     "text": "Congratulations to <name>, who won the club singles final last weekend in three tight sets. "
             "It was the first time in <count> years that the trophy has left the Patel family. The doubles "
             "tournament starts in <month>, and the sign-up sheet is on the noticeboard.",
     "asks": {"<name>": (("Who is the new singles champion?", "<name> won the singles final."),),
              "<count>": (("How long had the Patels held the singles trophy?",
                           "They had held it for <count> years."),),
              "<month>": (("When does the doubles competition begin?", "It starts in <month>."),)}},
    {"genre": "club news",
     "text": "Club night report: we drew our league match against <town> Chess Club after a long evening. "
             "Our top board, <first name>, won a lovely endgame and is now rated <rating> after a strong "
             "season. Next week is a beginners' evening, so do bring a friend.",
     "asks": {"<town>": (("Which club did we draw with in the league?",
                          "The match was against <town> Chess Club."),),
              "<rating>": (("What is the top board player's rating now?", "Their rating is now <rating>."),),
              "<first name>": (("Who plays top board for the club?", "<first name> plays top board."),)}},
    {"genre": "club news",
     "text": "Well done to everyone who ran the <town> half marathon on Sunday, in spite of the heat. Maria "
             "was our fastest finisher, and she knocked <count> minutes off her personal best. The next "
             "social run leaves from the car park on <street> on Thursday evening.",
     "asks": {"<town>": (("Which half marathon did the club run at the weekend?",
                          "They ran the <town> half marathon."),),
              "<count>": (("By how much did Maria improve her best time?",
                           "She knocked <count> minutes off her personal best."),),
              "<street>": (("Where does the next social run start?",
                            "It starts from the car park on <street>."),)}},
    {"genre": "club news",
     "text": "Match report: a disappointing afternoon for the first team, who lost heavily to <team> in the "
             "pouring rain. Our captain, <name>, left the field injured after twenty minutes and is likely "
             "to miss the rest of the season. On the bright side, the seconds won comfortably.",
     "asks": {"<team>": (("Who beat the first team?", "The first team lost to <team>."),),
              "<name>": (("Who is the first team captain?", "The captain is <name>."),
                         ("Which player got hurt in the match?", "The captain, <name>, got hurt."))}},
    {"genre": "club news",
     "text": "Swimming club news: the gala on <date> raised £<price> towards the new starting blocks. Thank "
             "you to all the volunteers who timed, judged and baked. From next month, lane sessions will "
             "also run on <weekday> mornings.",
     "asks": {"<price>": (("How much money did the swimming gala make?", "The gala raised £<price>."),),
              "<date>": (("When was the swimming gala?", "The gala was on <date>."),),
              "<weekday>": (("Which extra morning will have lane sessions?",
                             "Lane sessions will also run on <weekday> mornings."),)}},
    {"genre": "club news",
     "text": "Sailing club note: the regatta has been moved to <date> because strong winds are forecast. "
             "Boats should be rigged and on the slipway by <time>. The race officer this year is <name>, "
             "who asks all helms to attend the briefing in the clubhouse beforehand.",
     "asks": {"<date>": (("When is the regatta now?", "The regatta is now on <date>."),),
              "<time>": (("By when must boats be ready on the slipway?", "They must be there by <time>."),),
              "<name>": (("Who is running the races this year?", "The race officer is <name>."),)}},
)

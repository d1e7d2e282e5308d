"""Short natural paragraphs for training (part e): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # history snippets about an invented old building, bridge or ship
    {"genre": "history",
     "text": "The Corn Exchange on <street> was finished in <old year>, after a long quarrel between the "
             "town council and the farmers over who should pay for it. Built of <material>, it served as a "
             "grain market for two centuries and later as a roller rink. The clock in the tower was a gift "
             "from a local merchant called <name>. These days the ground floor is a library.",
     "asks": {"<old year>": (("When was the Corn Exchange completed?", "It was finished in <old year>."),),
              "<material>": (("What is the Corn Exchange made of?", "It is built of <material>."),),
              "<name>": (("Who gave the town its tower clock?", "The clock was a gift from <name>."),
                         ("Which merchant donated the clock?", "The merchant was called <name>."))}},
    {"genre": "history",
     "text": "Nobody is quite sure who designed the packhorse bridge at <town>, but the parish records "
             "show it was paid for in <old year>. It crosses the river in <number word> low arches, and "
             "for years a toll of one penny was collected at the eastern end. The last toll keeper, a "
             "widow called <name>, lived in the little cottage that still stands beside it.",
     "asks": {"<number word>": (("How many arches does the old bridge have?",
                                 "The bridge has <number word> arches."),),
              "<name>": (("Who was the final person to collect the toll?",
                          "The last toll keeper was <name>."),),
              "<old year>": (("When was the bridge paid for?", "It was paid for in <old year>."),)}},
    {"genre": "history",
     "text": "The steamship Kittiwake was launched from the yards at <city> in <year> and spent most of "
             "her working life carrying timber across the North Sea. She was sold twice, renamed once, and "
             "very nearly scrapped after a fire in her engine room. Volunteers bought her back for a "
             "single pound, and she now lies in the harbour as a floating museum.",
     "asks": {"<city>": (("Where was the Kittiwake built?", "She was built at <city>."),),
              "<year>": (("When did the Kittiwake first go into the water?", "She was launched in <year>."),
                         ("How old is the Kittiwake?", "She dates from <year>."))}},
    {"genre": "history",
     "text": "The stone refuge below the pass sits at <elevation> metres and was put up by shepherds long "
             "before anyone climbed for fun. For centuries it had no door, only a heavy curtain of hides, "
             "because the wind tore off anything on hinges. The oldest surviving page of its visitors' "
             "book mentions a monk named <name> who waited out a storm there for nine days.",
     "asks": {"<elevation>": (("How high up is the shepherds' refuge?",
                               "The refuge is at <elevation> metres."),),
              "<name>": (("Who was stuck in the refuge during a storm?",
                          "A monk named <name> sheltered there."),
                         ("Whose name appears on the oldest page of the visitors' book?",
                          "The oldest page mentions <name>."))}},
    {"genre": "history",
     "text": "When it opened in <year>, the pier at <town> stretched <length> metres out into the bay, and "
             "a little electric railway ran tourists to the end and back. A storm one winter carried away "
             "the far section. What remains is popular with anglers, and the tearoom halfway along still "
             "serves <drink> in the original green china.",
     "asks": {"<length>": (("How long was the pier at first?", "It was <length> metres long."),),
              "<year>": (("When did the pier open?", "The pier opened in <year>."),),
              "<drink>": (("What can you get in the old green china on the pier?",
                           "The tearoom serves <drink> in it."),)}},
    {"genre": "history",
     "text": "The watermill at the bottom of <street> ground <crop> for the parish for three hundred "
             "years. Its owners were the <word> family, who kept it for five generations and are buried in "
             "the churchyard opposite. The building has been a youth hostel since <year>, though the wheel "
             "still turns on open days.",
     "asks": {"<word>": (("Which family owned the mill?", "It belonged to the <word> family."),),
              "<year>": (("How long has the old mill been a hostel?",
                          "It has been a youth hostel since <year>."),),
              "<crop>": (("What did the mill use to grind?", "The mill ground <crop>."),)}},
    {"genre": "history",
     "text": "The ferry Morning Star ran between <town> and the island for forty years. Her captain for "
             "most of that time was <name>, who famously never missed a crossing, even in thick fog. She "
             "was taken out of service in <year> and sold to a collector abroad, but her brass bell hangs "
             "in the harbour office to this day.",
     "asks": {"<name>": (("Who was the Morning Star's skipper for most of its life?",
                          "The captain was <name>."),),
              "<year>": (("When was the ferry retired?", "She was taken out of service in <year>."),),
              "<town>": (("Which place did the ferry sail from?", "The ferry ran from <town>."),)}},
    {"genre": "history",
     "text": "<school> began life as a single room above the <shop> in Market Lane, with nine pupils and "
             "one teacher, a Miss <name> who had walked over from the next valley to take the job. The "
             "present building dates from the sixties, and its hall is named after her. Photographs of the "
             "first classes hang in the corridor by the office.",
     "asks": {"<shop>": (("Where were the school's first lessons held?",
                          "They were held above the <shop>."),),
              "<name>": (("Who was the school's first teacher?", "The first teacher was Miss <name>."),
                         ("Who is the school hall named after?", "It is named after Miss <name>."))}},

    # retirement speeches and tributes
    {"genre": "tribute",
     "text": "When <name> first walked into this office, we still had a fax machine and one computer that "
             "everybody shared. Thirty-one years later she knows where every file lives, every client's "
             "birthday and which printer jams. She tells me her plan for retirement is to take up <hobby> "
             "and finally visit <country>. We'll miss her more than she knows.",
     "asks": {"<hobby>": (("What does she want to try once she stops working?",
                           "She plans to take up <hobby>."),),
              "<country>": (("Where is she hoping to travel?", "She wants to visit <country>."),),
              "<name>": (("Who is leaving the office?", "<name> is retiring."),)}},
    {"genre": "tribute",
     "text": "Generations of pupils at <school> learned <subject> from Mrs <name>, and a surprising number "
             "of them went on to teach it themselves. She ran the chess club on Thursdays, refereed every "
             "staff football match and never once raised her voice. As she leaves us this summer, the "
             "governors have agreed to name the new library after her.",
     "asks": {"<subject>": (("Which subject did the retiring teacher teach?", "She taught <subject>."),),
              "<school>": (("Where has the retiring teacher worked?", "She worked at <school>."),),
              "<name>": (("Who will the new library be named after?",
                          "It will be named after Mrs <name>."),)}},
    {"genre": "tribute",
     "text": "Station officer <name> joined the brigade at nineteen and retires today after <count> years "
             "of service. In that time he has pulled people out of floods, talked a teenager down from a "
             "roof and rescued, by his own reckoning, eleven cats from the same tree. His crew have "
             "clubbed together to buy him his first <instrument>, something he has wanted since he was a "
             "boy.",
     "asks": {"<count>": (("How long was he a firefighter?", "He served for <count> years."),),
              "<instrument>": (("What present did the crew give him?",
                                "They bought him his first <instrument>."),
                               ("Which instrument did his colleagues buy him?",
                                "His crew bought him his first <instrument>.")),
              "<name>": (("Who is retiring from the fire station?",
                          "Station officer <name> is retiring."),)}},
    {"genre": "tribute",
     "text": "Dr <name> came to <town> as a young locum in <year>, meaning to stay six months. She never "
             "left. She delivered half the babies in the valley, including, she likes to remind me, my own "
             "son, and she still makes house calls on a bicycle. Her surgery on <street> will carry on "
             "under new partners, but it won't be quite the same.",
     "asks": {"<year>": (("When did the doctor first arrive?", "She arrived in <year>."),),
              "<street>": (("Where is the doctor's practice?", "Her surgery is on <street>."),),
              "<name>": (("What is the retiring doctor called?", "The doctor is Dr <name>."),)}},
    {"genre": "tribute",
     "text": "The kitchen at the Anchor won't feel right without <first name>. In twenty years at the "
             "stove, our head cook trained more young chefs than any of us can count, and that famous "
             "<food> was the reason people drove out from the city on Sundays. Retirement, apparently, "
             "will mean fishing for <fish> and ignoring the phone. Raise a glass, everyone.",
     "asks": {"<food>": (("Which dish made the Anchor's cook famous?",
                          "People came for the cook's <food>."),),
              "<fish>": (("What will the old cook be trying to catch?", "The plan is to fish for <fish>."),),
              "<first name>": (("Who is leaving the Anchor's kitchen?", "<first name> is retiring."),)}},
    {"genre": "tribute",
     "text": "Some of you know <first name> only as the voice that shushed you in the reading room. In "
             "fact our head librarian started the mobile library, driving it out to the farms every "
             "<weekday>, and also set up the evening classes that now run in five languages, the first of "
             "which was <language>. A lifetime membership card is waiting on the desk, and we're told it "
             "will be framed.",
     "asks": {"<weekday>": (("Which day did the mobile library visit the farms?",
                             "It went out every <weekday>."),),
              "<language>": (("What language did the very first evening class teach?",
                              "The first class was in <language>."),),
              "<first name>": (("Who is the tribute for?", "The tribute is for <first name>."),)}},
    {"genre": "tribute",
     "text": "When <name> joined <company>, the whole firm fitted into one shed behind a petrol station. "
             "He swept floors, learned to drive the forklift and ended up running the warehouse on his "
             "own. Today, as he hands over his keys, the firm runs <count> warehouses across the country, "
             "and there are stories about him in all of them. Enjoy the garden, you've earned it.",
     "asks": {"<company>": (("Which firm is he retiring from?", "He worked for <company>."),),
              "<count>": (("How big has the firm grown?", "It runs <count> warehouses."),)}},

    # wildlife and birdwatching logs
    {"genre": "wildlife log",
     "text": "<date>, early. Mist on the reservoir for most of the morning. Counted <count> tufted ducks "
             "on the north bank and a single heron that refused to move the whole time I was there. Best "
             "moment: a kingfisher flashed past the hide at <time>, my first here this year. Walked back "
             "through the <tree> plantation and heard a woodpecker but couldn't find it.",
     "asks": {"<count>": (("How many tufted ducks did I see?", "I counted <count> tufted ducks."),),
              "<time>": (("When did I spot the kingfisher?", "It flew past at <time>."),),
              "<date>": (("On what day was this reservoir visit?", "The visit was on <date>."),)}},
    {"genre": "wildlife log",
     "text": "Ringing session at the farm hedge, <weekday>. Twenty-six new birds, mostly blue tits and "
             "dunnocks. The highlight was a retrap: a blackcap wearing ring <code>, first caught here two "
             "summers ago, so it has been to Africa and back twice. <first name> handled the nets and did "
             "most of the writing up; I just made the tea.",
     "asks": {"<code>": (("What number was on the recaptured blackcap's ring?", "Its ring was <code>."),),
              "<first name>": (("Who was in charge of the nets?", "<first name> handled the nets."),),
              "<weekday>": (("Which day was the ringing session?", "It was on <weekday>."),)}},
    {"genre": "wildlife log",
     "text": "Boat trip out to the skerries with the wildlife trust. The skipper, <name>, reckons the grey "
             "seal colony has doubled in ten years, and today we counted <small number> pups on the "
             "shingle alone. On the way home a pod of dolphins rode the bow wave for several minutes. "
             "Cold, wet, and absolutely worth it.",
     "asks": {"<small number>": (("How many seal pups were on the shingle?",
                                  "There were <small number> pups."),),
              "<name>": (("Who was in charge of the boat?", "The skipper was <name>."),)}},
    {"genre": "wildlife log",
     "text": "Garden diary, <month>. The hedgehog is back: footprints in the flour tray two nights "
             "running, and the cat food has vanished again. Lots of bees on the <flower> bed by the shed. "
             "The neighbours' <dog breed> keeps barking at the pond, so I suspect the frogs have spawned.",
     "asks": {"<flower>": (("Where in the garden were the bees?", "The bees were on the <flower> bed."),),
              "<dog breed>": (("What breed of dog lives next door?", "The neighbours have a <dog breed>."),),
              "<month>": (("When did the hedgehog return?", "It came back in <month>."),)}},
    {"genre": "wildlife log",
     "text": "Butterfly transect, section four, warm and still. Two commas, a dozen meadow browns and a "
             "silver-washed fritillary on the bramble by the stile, a first for this site. The total for "
             "the walk was <count>. <name> from the county recorder's office wants a photograph before "
             "she'll accept the fritillary, so I'll go back on <weekday> with a proper camera.",
     "asks": {"<count>": (("How many butterflies were recorded altogether?", "The total was <count>."),),
              "<weekday>": (("When am I going back to photograph the fritillary?",
                             "I'll go back on <weekday>."),),
              "<name>": (("Who asked for proof of the fritillary?", "<name> wants a photograph."),)}},
    {"genre": "wildlife log",
     "text": "Owl box camera, night of <date>. The female left the box just after dark and came back with "
             "a vole twenty minutes later. There are now <number word> chicks, all fluffy and "
             "grumpy-looking. The box was put up by pupils from <school> three years ago, and this is the "
             "first time anything has nested in it.",
     "asks": {"<number word>": (("How many owlets are in the box?", "There are <number word> chicks."),),
              "<school>": (("Who made and fixed up the owl box?", "Pupils from <school> put it up."),)}},
    {"genre": "wildlife log",
     "text": "Sea-watching from the point from first light until <time>. Wind from the <direction>, which "
             "usually brings shearwaters, and it didn't disappoint: over two hundred went past. Also three "
             "gannets, an arctic skua harassing the terns and one very confused pigeon. My flask of "
             "<drink> was empty within the hour.",
     "asks": {"<direction>": (("Which way was the wind blowing?", "The wind was from the <direction>."),),
              "<time>": (("When did I stop watching the sea?", "I watched until <time>."),),
              "<drink>": (("What did I bring in my flask?", "I had a flask of <drink>."),)}},

    # festival programme notes
    {"genre": "festival note",
     "text": "This year's Lantern Walk sets off from the market cross at <time> on the last Saturday of "
             "<month>. Children from <school> have been making paper lanterns for weeks, and the "
             "procession winds down to the river, where the brass band will be waiting. Please bring a "
             "torch for the way back, as the towpath is not lit.",
     "asks": {"<time>": (("What time does the procession begin?", "It sets off at <time>."),),
              "<month>": (("In which month is the Lantern Walk?", "It is on the last Saturday of <month>."),),
              "<school>": (("Who made the paper lanterns?", "Children from <school> made them."),)}},
    {"genre": "festival note",
     "text": "Saturday night belongs to <band>, who have been playing barn dances up and down the coast "
             "for twenty years. Their fiddler, <first name>, still writes most of the tunes. Expect reels, "
             "a sea shanty or two and at least one song about a goat. The set starts in the big tent "
             "straight after the raffle.",
     "asks": {"<band>": (("Who is headlining on Saturday?", "The headliners are <band>."),),
              "<first name>": (("Who writes most of the band's music?",
                                "Their fiddler, <first name>, does."),)}},
    {"genre": "festival note",
     "text": "Back by popular demand, the cheese marquee will host twelve small dairies this year. Don't "
             "miss the aged <cheese> from a farm just outside <town>, which took gold at the county show. "
             "Tastings are free, but the queue gets long after lunch, so come early. Tickets for the "
             "evening wine pairing cost £<price> and must be booked in advance.",
     "asks": {"<cheese>": (("Which cheese won a gold medal?", "The prize-winner was an aged <cheese>."),),
              "<town>": (("Where is the prize-winning dairy?", "The farm is just outside <town>."),),
              "<price>": (("How much is a ticket for the wine pairing?", "A ticket costs £<price>."),)}},
    {"genre": "festival note",
     "text": "Our late-night strand this year is devoted to <film genre>, chosen by public vote in the "
             "spring. Screenings take place every night at the old <word> Picture House, with a short "
             "introduction from a local critic beforehand. On the closing night the director <name> will "
             "join us for questions, so do stay after the credits.",
     "asks": {"<film genre>": (("What kind of films are showing late at night?",
                                "The late-night strand is devoted to <film genre>."),),
              "<word>": (("Which cinema is hosting the late screenings?",
                          "They are at the <word> Picture House."),),
              "<name>": (("Which director is coming on the final night?",
                          "The director <name> is coming."),)}},
    {"genre": "festival note",
     "text": "The Harbour Games return on <date>. Alongside the usual tug of war and the greasy pole, "
             "there will be a <sport> tournament on the beach, open to teams of any age. Last year's "
             "champions, from the lifeboat crew, have promised to defend their title. Entry is free, and "
             "all donations go towards the new sea wall.",
     "asks": {"<date>": (("When are the Harbour Games this year?", "They are on <date>."),),
              "<sport>": (("What sport will be played on the sand?",
                           "There will be a <sport> tournament."),)}},
    {"genre": "festival note",
     "text": "Sunday afternoon brings a recital in the cathedral by the young soloist <name>, who grew up "
             "in <city> and is now finishing her studies in Vienna. She will play two sonatas for "
             "<instrument> and piano, followed by a piece her teacher wrote for her. Seating is "
             "unreserved, and the doors open half an hour before.",
     "asks": {"<instrument>": (("What does the young soloist play?", "She plays the <instrument>."),),
              "<city>": (("Where is the soloist from?", "She grew up in <city>."),),
              "<name>": (("Who is giving the Sunday recital?", "The soloist is <name>."),)}},
    {"genre": "festival note",
     "text": "The Harvest Fair ends, as ever, with the giant vegetable contest. Entries must be on the "
             "tables by <time>, and the judging is done by <first name> from the allotment society, who is "
             "famously impossible to bribe. This year there is also a new class for the finest basket of "
             "<crop>, sponsored by the farm shop.",
     "asks": {"<time>": (("By when must the vegetables be entered?", "Entries must be in by <time>."),),
              "<first name>": (("Who judges the vegetable contest?", "<first name> does the judging."),),
              "<crop>": (("What is the new class at the fair for?",
                          "It is for the best basket of <crop>."),)}},

    # restaurant and cafe reviews
    {"genre": "review",
     "text": "We ducked into the little cafe on <street> to escape the rain and ended up staying two "
             "hours. The owner, <first name>, bakes everything on the premises, and the <fruit> tart was "
             "the best thing I ate all week. The coffee was decent rather than great. Lunch for two came "
             "to about £<small number>, which felt fair.",
     "asks": {"<street>": (("Where is the cafe?", "The cafe is on <street>."),),
              "<fruit>": (("Which tart did the reviewer love?", "The <fruit> tart was the best thing."),),
              "<first name>": (("Who does the baking at the cafe?",
                                "The owner, <first name>, bakes it all."),)}},
    {"genre": "review",
     "text": "The new bistro in the old ticket hall is run by two brothers from <country>, and it shows in "
             "the menu. We started with grilled <fish>, which was perfectly done, and shared the <food>, "
             "which could have fed four. Service was slow on a busy Friday, but friendly. Book ahead and "
             "ask for a table by the window.",
     "asks": {"<country>": (("Where do the bistro's owners come from?", "The brothers are from <country>."),),
              "<fish>": (("What was the starter?", "The starter was grilled <fish>."),),
              "<food>": (("Which main course was shared?", "They shared the <food>."),)}},
    {"genre": "review",
     "text": "If you're in <town> this summer, walk past the queue at the seafront kiosk and find the "
             "parlour behind the church instead. There are thirty flavours, all made on site, and the "
             "<flavour> alone is worth the trip. My children gave it ten out of ten. It shuts at <time>, "
             "which is early, so plan accordingly.",
     "asks": {"<flavour>": (("Which ice cream does the reviewer recommend?",
                             "The <flavour> is worth the trip."),),
              "<time>": (("When does the ice cream parlour close?", "It shuts at <time>."),),
              "<town>": (("Which town is the parlour in?", "It is in <town>."),)}},
    {"genre": "review",
     "text": "Three stars. The Plough has a lovely garden, a fire in winter, and a landlord, <name>, who "
             "clearly knows his beer. The food, sadly, is an afterthought: my <food> arrived lukewarm and "
             "my partner's salad was mostly lettuce. Still, on a sunny afternoon with a pint in hand, it's "
             "hard to complain too much.",
     "asks": {"<name>": (("Who runs the Plough?", "The landlord is <name>."),),
              "<food>": (("What did the reviewer eat at the Plough?", "The reviewer had the <food>."),)}},
    {"genre": "review",
     "text": "Tucked above a bookshop on <street>, this tea room is easy to miss. There is a proper cheese "
             "board featuring <cheese> from a nearby dairy, and the window seats look straight onto the "
             "castle. A pot for two with cake costs about £<small number>. My one complaint: the stairs "
             "are steep and there is no lift.",
     "asks": {"<street>": (("Where can you find the tea room?", "It is above a bookshop on <street>."),),
              "<cheese>": (("What cheese is on the board?", "The board features <cheese>."),),
              "<small number>": (("How much is tea and cake for two?", "It costs about £<small number>."),)}},
    {"genre": "review",
     "text": "The van that parks outside <company> on weekday evenings is the best thing to happen to this "
             "industrial estate in years. It only does one dish, <food>, and does it brilliantly. The "
             "owner told me she usually sells out by <time>, so don't leave it late. Bring cash, because "
             "the card machine is more of a suggestion.",
     "asks": {"<company>": (("Where does the food van park?", "It parks outside <company>."),),
              "<food>": (("What does the van sell?", "It sells <food>."),),
              "<time>": (("When does the van usually run out?", "It sells out by <time>."),)}},
    {"genre": "review",
     "text": "I wanted to love this place. The room is beautiful, the staff are charming and the wine list "
             "is long. But eight courses of foam and tweezers left us hungry, and the bill came to "
             "£<price> for two. The chef, <name>, trained in <city>, and her talent shows in the one dish "
             "she keeps simple, a plain clay pot of lentils.",
     "asks": {"<price>": (("How much did dinner for two cost?", "The bill came to £<price>."),),
              "<city>": (("Where did the chef learn to cook?", "She trained in <city>."),),
              "<name>": (("Who is the head chef?", "The chef is <name>."),)}},

    # blurbs for invented books, albums and films
    {"genre": "blurb",
     "text": "Inheriting a lighthouse on a remote island off <country> should have brought <first name> "
             "some peace and quiet. Instead there is a locked room, a logbook full of coded entries and a "
             "neighbour who swears the lamp still lights itself every <month>. A funny, gently spooky "
             "debut about grief and learning to live alongside it.",
     "asks": {"<first name>": (("What is the novel's main character called?",
                                "The main character is <first name>."),),
              "<country>": (("Where is the island in the novel?", "The island is off <country>."),),
              "<month>": (("When does the lamp supposedly come on by itself?",
                           "The lamp lights itself every <month>."),)}},
    {"genre": "blurb",
     "text": "The third album from <band> was recorded in a converted chapel over a single <season>, and "
             "you can hear the room in every track. The songs are quieter than before, built around piano "
             "and a borrowed <instrument>. Standout track: the closing lullaby, written for the drummer's "
             "newborn daughter.",
     "asks": {"<band>": (("Which group made the chapel album?", "It is by <band>."),),
              "<season>": (("When was the album recorded?", "It was recorded over a single <season>."),),
              "<instrument>": (("Apart from piano, what instrument shapes the songs?",
                                "The songs are built around a borrowed <instrument>."),)}},
    {"genre": "blurb",
     "text": "Set in a mining town in <year>, this warm-hearted comedy follows a postman who accidentally "
             "reads a love letter and decides to deliver it himself, on foot, across the mountains. <name> "
             "is wonderful as his exasperated mother, who follows him most of the way. It won the audience "
             "prize at last year's festival.",
     "asks": {"<year>": (("When does the postman film take place?", "It is set in <year>."),),
              "<name>": (("Who plays the postman's mother?", "<name> plays his mother."),)}},
    {"genre": "blurb",
     "text": "Few people today have heard of <company>, yet for half a century it made most of the buttons "
             "worn in Europe. This lively history, written by the founder's great-granddaughter <name>, "
             "follows the firm from a back room in <city> to factories on three continents, and through "
             "its sudden and rather mysterious collapse.",
     "asks": {"<company>": (("Which button maker is the book about?", "The book is about <company>."),),
              "<name>": (("Who wrote the history of the button firm?", "It was written by <name>."),),
              "<city>": (("Where did the button business start?", "It started in a back room in <city>."),)}},
    {"genre": "blurb",
     "text": "This bedtime picture book follows a shy <animal> called <word> who longs to join the forest "
             "choir but can only whistle. The illustrations, in soft shades of <colour>, are lovely, and "
             "the ending made my five-year-old cheer. Perfect for reading aloud to children aged three to "
             "six.",
     "asks": {"<animal>": (("What kind of creature is the hero of the picture book?",
                            "The hero is a shy <animal>."),),
              "<word>": (("What is the little whistler's name?", "It is called <word>."),),
              "<colour>": (("What colours are the pictures done in?",
                            "They are in soft shades of <colour>."),)}},
    {"genre": "blurb",
     "text": "Detective Inspector <name> has one week left before retirement when a body turns up in the "
             "canal behind <street>. The victim is a popular <job> with no enemies at all, and a diary "
             "full of appointments that never happened. Tightly plotted, bleakly funny and set in a city "
             "the author clearly knows well.",
     "asks": {"<name>": (("Who is the detective in the crime novel?", "The detective is Inspector <name>."),),
              "<job>": (("What did the murder victim do for a living?", "The victim was a popular <job>."),),
              "<street>": (("Where is the body discovered?", "It is found in the canal behind <street>."),)}},
    {"genre": "blurb",
     "text": "After twenty years behind a desk, <first name> sold the flat, bought a second-hand <car> and "
             "drove it all the way to <city>. This is the story of those six months: broken fan belts, "
             "kind strangers, terrible motels and one unforgettable wedding. Honest, generous and often "
             "very funny.",
     "asks": {"<car>": (("What vehicle did she make the journey in?", "She drove a second-hand <car>."),),
              "<city>": (("Where did the road trip end?", "She drove to <city>."),),
              "<first name>": (("Who made the long drive in the memoir?",
                                "<first name> made the journey."),)}},

    # local legends retold
    {"genre": "legend",
     "text": "Old people in <town> still tell the story of the bell that rang by itself. In <old year>, "
             "when raiders came up the estuary at night, the church bell began to toll though nobody was "
             "in the tower, and the whole village escaped to the hills. The bell, cast in <metal>, still "
             "hangs there, and children are told to greet it on their way past.",
     "asks": {"<old year>": (("When did the bell ring on its own?", "It rang in <old year>."),),
              "<metal>": (("What is the church bell made of?", "It is cast in <metal>."),),
              "<town>": (("Where is the legend of the bell told?", "It is told in <town>."),)}},
    {"genre": "legend",
     "text": "The great stone in the field above the village is said to have been thrown by a giant called "
             "<word>, who was aiming at his brother across the valley and missed. If you walk round it "
             "<number word> times at midnight, the story goes, you will see the person you are going to "
             "marry. Most local teenagers have tried it; none will admit to seeing anything.",
     "asks": {"<word>": (("Who threw the big stone, according to the legend?",
                          "A giant called <word> threw it."),),
              "<number word>": (("How many times must you circle the stone?",
                                 "You walk round it <number word> times."),)}},
    {"genre": "legend",
     "text": "Beneath the reservoir lies the old village of <word>, flooded in <year> to supply water to "
             "the city. After a dry summer, when the level drops, the walls of its chapel appear, and "
             "people say a lamp still burns in the window. A farmer named <name> swore he saw it in his "
             "last years, and nobody could talk him out of it.",
     "asks": {"<word>": (("What was the drowned village called?", "The village was <word>."),),
              "<year>": (("When was the valley flooded?", "It was flooded in <year>."),),
              "<name>": (("Who claimed to have seen the lamp?", "A farmer named <name> did."),)}},
    {"genre": "legend",
     "text": "Nobody in the parish will cut down the old <tree> at the crossroads. The story is that a "
             "tinker slept beneath it one night in <month> and woke to find his pockets full of gold and "
             "his hair turned white. When the council tried to widen the road in <year>, the digger broke "
             "down three times, and in the end they went round it.",
     "asks": {"<tree>": (("Which tree does no one dare fell?", "Nobody will cut down the <tree>."),),
              "<month>": (("When did the tinker sleep under the tree?", "He slept there in <month>."),),
              "<year>": (("When did the council try to widen the road?", "They tried in <year>."),)}},
    {"genre": "legend",
     "text": "Fishermen from <town> used to leave a loaf of bread and a cup of <drink> on the harbour wall "
             "to keep the sea woman happy. She is said to have lured a young skipper called <name> away in "
             "a storm, and his boat was found a week later, empty but perfectly tidy. The custom has "
             "mostly died out, but the old pub still lays a place for her.",
     "asks": {"<drink>": (("What was poured out for the sea woman?", "They left a cup of <drink>."),),
              "<name>": (("Which skipper did the sea woman take?", "She lured away <name>."),),
              "<town>": (("Where did the fishermen come from?", "They came from <town>."),)}},
    {"genre": "legend",
     "text": "Walkers on the lane to the ford sometimes speak of a ghostly <dog breed> that trots beside "
             "them in the fog and vanishes at the bridge. It is supposed to have belonged to a shepherd "
             "who drowned crossing in flood water in <old year>, and it is still waiting for him. Seeing "
             "it is thought to be lucky, and it never shows itself to anyone unkind.",
     "asks": {"<dog breed>": (("What sort of dog haunts the lane?", "It is a ghostly <dog breed>."),),
              "<old year>": (("When did the shepherd drown?", "He drowned in <old year>."),)}},
    {"genre": "legend",
     "text": "Somewhere under the ruined abbey, so the story goes, the monks hid <count> chests of silver "
             "before the king's men arrived. A local child named <first name> claimed to have found the "
             "tunnel in <year>, but by the next morning the entrance had gone. People still come with "
             "metal detectors, and so far they have found a great many ring pulls.",
     "asks": {"<count>": (("How much treasure did the monks supposedly bury?",
                           "They hid <count> chests of silver."),),
              "<first name>": (("Who said they had found the tunnel?", "A child named <first name> did."),),
              "<year>": (("When was the tunnel supposedly found?", "It was found in <year>."),)}},
)

"""Short natural paragraphs for training (part b): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # Descriptions of a village, town, island or valley.
    {"genre": "place description",
     "text": "<town> is a small village high up a steep valley, roughly an hour's drive from <city>. "
             "Most families there have farmed <crop> for generations, and the old mill by the river is "
             "now a tea room. The church tower is built of <material> and can be seen from every "
             "footpath for miles around.",
     "asks": {"<crop>": (("What do the farmers around the village grow?",
                          "Families there have farmed <crop> for generations."),),
              "<material>": (("What material was used for the church tower?",
                              "The church tower is made of <material>."),),
              "<city>": (("Which city is the village near?", "It is about an hour's drive from <city>."),)}},
    {"genre": "place description",
     "text": "The island of <word> lies off the <direction> coast and can only be reached by the morning "
             "ferry. Around <count> people live there all year, though the number triples in summer when "
             "the holiday cottages fill up. There is one pub, one shop and a lighthouse that was "
             "automated in <year>.",
     "asks": {"<count>": (("How many people live on the island year-round?",
                           "About <count> people live there all year."),),
              "<year>": (("When did the lighthouse stop needing a keeper?",
                          "The lighthouse was automated in <year>."),),
              "<word>": (("What is the island called?", "The island is called <word>."),)}},
    {"genre": "place description",
     "text": "Walkers coming down from the pass usually stop first at <name>'s farm, where the family "
             "sells cheese and cold drinks from a table by the gate. The river below is full of <fish>, "
             "and in late <season> the slopes turn gold with bracken. The nearest bus stop is in <town>, "
             "a good two hours on foot.",
     "asks": {"<fish>": (("What can you catch in the river?", "The river is full of <fish>."),),
              "<name>": (("Whose farm do hikers call at on the way down?",
                          "They stop at <name>'s farm."),),
              "<town>": (("Where would a walker catch a bus?", "The nearest bus stop is in <town>."),)}},
    {"genre": "place description",
     "text": "<town> grew up around the old <metal> mine, and you can still see the spoil heaps on the "
             "hill behind the station. Today it is a quiet market town of about <population> people. "
             "The market is held every <weekday> in the square, and the covered stalls sell everything "
             "from vegetables to second-hand records.",
     "asks": {"<metal>": (("What used to be dug out of the ground near the town?",
                           "The town grew up around a <metal> mine."),),
              "<population>": (("How big is the town?", "About <population> people live there."),),
              "<weekday>": (("On which day can you visit the market?",
                             "The market is on <weekday>."),)}},
    {"genre": "place description",
     "text": "Fishing boats still go out from the harbour most mornings, but these days the village earns "
             "more from visitors. The row of painted cottages along the front looks best from the end of "
             "the pier, and the one painted <colour> belongs to the harbour master. His wife runs the "
             "chip shop, which closes at <time> sharp.",
     "asks": {"<colour>": (("What colour is the harbour master's cottage?",
                            "His cottage is painted <colour>."),),
              "<time>": (("When does the chip shop shut?", "The chip shop closes at <time>."),)}},
    {"genre": "place description",
     "text": "Perched at <elevation> metres above sea level, <name> is a village of steep lanes and stone "
             "barns in the mountains of <country>. In winter the road up is often closed for days. The "
             "locals speak <language> among themselves but switch easily for visitors, and almost "
             "everyone keeps a few goats.",
     "asks": {"<elevation>": (("How high up is the village?",
                               "It sits at <elevation> metres above sea level."),),
              "<language>": (("What do the villagers speak to each other?",
                              "They speak <language> among themselves."),),
              "<country>": (("Which country is the village in?", "The village is in <country>."),)}},
    {"genre": "place description",
     "text": "The old town sits on both banks of the river, joined by a stone bridge built in <old year>. "
             "On one side are the cathedral and the university; on the other are the station and most of "
             "the cheap hotels. Locals say the best view is from the top of <street>, a steep cobbled "
             "lane behind the fish market.",
     "asks": {"<old year>": (("When was the bridge put up?", "The bridge was built in <old year>."),),
              "<street>": (("Where should a visitor go for a good view of the town?",
                            "The best view is from the top of <street>."),)}},
    {"genre": "place description",
     "text": "Nobody is quite sure why the valley is called <word>, but the name appears on maps from the "
             "seventeenth century. Its floor is planted with <tree> trees, which were put there to stop "
             "the soil washing away. In spring a tiny shop at the bottom of the track sells <fruit> jam "
             "made by the woman who lives upstairs.",
     "asks": {"<tree>": (("What kind of trees grow along the bottom of the valley?",
                          "The valley floor is planted with <tree> trees."),),
              "<fruit>": (("What sort of jam does the little shop sell?", "It sells <fruit> jam."),),
              "<word>": (("What is the name of the valley?", "The valley is called <word>."),)}},

    # Museum or park information signs.
    {"genre": "information sign",
     "text": "This windmill was built in <old year> to grind corn for the surrounding farms and kept "
             "working until the last miller retired. The sails you see today are copies, as the originals "
             "were lost in a storm. Please do not climb on the railings. Guided tours of the inside run "
             "on <weekday> afternoons from Easter to October.",
     "asks": {"<old year>": (("How old is the windmill?", "It was built in <old year>."),),
              "<weekday>": (("When can visitors go inside the mill?",
                             "Tours of the inside run on <weekday> afternoons."),)}},
    {"genre": "information sign",
     "text": "Welcome to <name> Park. The lake in front of you was dug by hand in the nineteenth century "
             "and is now home to herons, grebes and a great many <fish>. Fishing is allowed only with a "
             "permit, which you can buy at the cafe. Dogs must be kept on a lead near the water.",
     "asks": {"<fish>": (("What fish live in the lake?", "The lake is home to a great many <fish>."),),
              "<name>": (("What is the park called?", "It is called <name> Park."),)}},
    {"genre": "information sign",
     "text": "Room <count>: Everyday Life. The objects here were given by families from <town> and show "
             "how people cooked, washed and worked a hundred years ago. The <metal> kettle in the corner "
             "case belonged to a midwife who carried it to every birth. Please do not touch the exhibits.",
     "asks": {"<count>": (("Where in the museum is the everyday life display?",
                           "It is in Room <count>."),),
              "<town>": (("Who donated the objects on show?",
                          "They were given by families from <town>."),),
              "<metal>": (("What was the midwife's kettle made of?", "Her kettle was made of <metal>."),)}},
    {"genre": "information sign",
     "text": "You are entering a protected meadow. The grass ahead is cut only once a year, in late "
             "<month>, so that the wild flowers have time to set seed. Look out for the rare <flower> "
             "that grows along the ditch on your right. Please keep to the mown paths and take your "
             "litter home.",
     "asks": {"<month>": (("When is the meadow mown?", "It is cut once a year, in late <month>."),),
              "<flower>": (("What rare plant can be found by the ditch?",
                            "A rare <flower> grows along the ditch."),)}},
    {"genre": "information sign",
     "text": "The <company> Gallery opened in <year> thanks to a gift from the firm's founder, who "
             "collected clocks all his life. More than <small number> clocks are on display, and every "
             "one of them still keeps time. Visitors are welcome to stay for midday, when they all strike "
             "together.",
     "asks": {"<small number>": (("How many clocks can visitors see?",
                                  "More than <small number> clocks are on display."),),
              "<year>": (("When did the clock gallery first open to the public?",
                          "It opened in <year>."),),
              "<company>": (("What is the clock gallery called?", "It is the <company> Gallery."),)}},
    {"genre": "information sign",
     "text": "These walls are all that remain of a castle begun in <old year>. Built from local "
             "<material>, it was besieged twice and finally abandoned when the river changed course. The "
             "tower on your left is unsafe and must not be entered. Leaflets in English and <language> "
             "can be picked up at the gatehouse.",
     "asks": {"<material>": (("What stone or material was the castle made from?",
                              "It was built from local <material>."),),
              "<language>": (("Apart from English, what language are the leaflets in?",
                              "The leaflets are also in <language>."),),
              "<old year>": (("When was work on the castle started?", "It was begun in <old year>."),)}},
    {"genre": "information sign",
     "text": "The great <tree> in front of you was planted in <year> by the head gardener's daughter on "
             "her wedding day. It now stands about <count> metres tall and is the oldest tree in the "
             "garden. Please do not climb it or carve anything into the bark.",
     "asks": {"<tree>": (("What kind of tree is the oldest in the garden?",
                          "The oldest tree is a <tree>."),),
              "<year>": (("When was the oldest tree planted?", "It was planted in <year>."),),
              "<count>": (("How tall is it?", "It is about <count> metres tall."),)}},

    # Shop or cafe noticeboards.
    {"genre": "noticeboard",
     "text": "LOST: a small <colour> umbrella with a wooden handle, left here last <weekday> afternoon. "
             "It was a present from my late mother, so it means a lot to me. If you have it, please hand "
             "it in at the counter or ring me on <phone>. Many thanks, Greta.",
     "asks": {"<colour>": (("What colour is Greta's missing umbrella?", "The umbrella is <colour>."),),
              "<phone>": (("How can Greta be contacted?", "You can ring her on <phone>."),),
              "<weekday>": (("When was the umbrella left behind?",
                             "It was left last <weekday> afternoon."),)}},
    {"genre": "noticeboard",
     "text": "Piano lessons for beginners of all ages! I'm a retired music teacher and have taught for "
             "over <count> years. Lessons are held at my house on <street>, and the first one is free. "
             "I can also teach the <instrument> if you'd rather try something different. Call Mrs Okafor "
             "on 01632 960 441.",
     "asks": {"<count>": (("How long has Mrs Okafor been teaching?",
                           "She has taught for over <count> years."),),
              "<instrument>": (("What else does Mrs Okafor teach besides piano?",
                                "She can also teach the <instrument>."),),
              "<street>": (("Where do the lessons take place?", "They are at her house on <street>."),)}},
    {"genre": "noticeboard",
     "text": "From next week our kitchen will be closed on <weekday>s while Paolo takes a well-earned "
             "rest. We will still serve cakes and <drink> at the counter as usual. The lunch special "
             "returns at the start of the month, beginning with <food>. Thank you for your patience!",
     "asks": {"<weekday>": (("Which day will the cafe kitchen be shut?",
                             "The kitchen will be closed on <weekday>s."),),
              "<food>": (("What will the first lunch special be?",
                          "The first lunch special will be <food>."),),
              "<drink>": (("What can customers still get when the kitchen is closed?",
                           "Cakes and <drink> will still be served."),)}},
    {"genre": "noticeboard",
     "text": "Free to a good home: our friendly <animal>, <name>, together with its bed and a big bag of "
             "food. We are moving abroad and sadly cannot take it with us. Please ask for Tomasz at the "
             "till, or leave a note with your number in the box below.",
     "asks": {"<name>": (("What is the pet that needs a new home called?", "The pet is called <name>."),),
              "<animal>": (("What sort of animal is being given away?",
                            "Tomasz's family are giving away their <animal>."),)}},
    {"genre": "noticeboard",
     "text": "Group ride this Sunday! We leave from outside the shop at <time> and head out to <town> for "
             "coffee, about <count> miles there and back. All abilities welcome and nobody gets left "
             "behind. Bring a spare inner tube and some money for cake.",
     "asks": {"<time>": (("What time does the bike ride set off?", "It sets off at <time>."),),
              "<town>": (("Where does the group stop for coffee?", "They ride to <town> for coffee."),),
              "<count>": (("How far is the ride?", "It is about <count> miles there and back."),)}},
    {"genre": "noticeboard",
     "text": "Our sourdough starter is called <word>, and it is older than the shop itself: the baker's "
             "grandmother brought it from <country> in a jam jar. If you would like some to take home, "
             "bring a clean jar on any weekday morning and we'll fill it for free. Please don't ask at "
             "weekends, we are far too busy!",
     "asks": {"<word>": (("What name has the bakery given its sourdough starter?",
                          "The starter is called <word>."),),
              "<country>": (("Where did the starter originally come from?",
                             "The baker's grandmother brought it from <country>."),)}},
    {"genre": "noticeboard",
     "text": "The knitting circle meets here every <weekday> at <time>, at the big table by the window. "
             "Wool and needles are provided for beginners, and <first name> from the wool shop will show "
             "you how to cast on. Tea is on the house, cake is not!",
     "asks": {"<weekday>": (("Which day does the knitting group get together?",
                             "They meet every <weekday>."),),
              "<time>": (("What time does the knitting start?", "It starts at <time>."),),
              "<first name>": (("Who helps newcomers get started?",
                                "<first name> from the wool shop shows beginners how to cast on."),)}},

    # Local newspaper snippets.
    {"genre": "local news",
     "text": "A <dog breed> that went missing from a garden in <town> on Sunday has been found safe, "
             "nearly <count> miles away. The dog, called <name>, was spotted by a postwoman sheltering "
             "under a bus stop and was back with its owners the same evening. 'We had almost given up "
             "hope,' said the family.",
     "asks": {"<dog breed>": (("What breed is the dog that was found?", "The dog is a <dog breed>."),),
              "<name>": (("What is the missing dog's name?", "The dog is called <name>."),),
              "<count>": (("How far had the dog wandered?", "It was found nearly <count> miles away."),)}},
    {"genre": "local news",
     "text": "A new bakery has opened on <street>, in the building that used to be the post office. Owner "
             "<name>, who trained as a pastry chef in <city>, wants to bring proper bread back "
             "to the high street. The shop opens at <time> and stays open until the shelves are empty.",
     "asks": {"<street>": (("Where is the new bakery?", "It is on <street>."),),
              "<city>": (("Where did the baker learn the trade?",
                          "The owner trained as a pastry chef in <city>."),),
              "<name>": (("Who runs the new bakery?", "The owner is <name>."),)}},
    {"genre": "local news",
     "text": "This year's summer fete raised £<price> for the village hall roof, well ahead of last year's "
             "total. The prize for the largest marrow went to retired <job> <name>, and the tug of war "
             "was won, yet again, by the team from the Red Lion. Organisers thanked everyone who baked, "
             "sold raffle tickets or simply turned up.",
     "asks": {"<price>": (("How much money did the fete make?", "The fete raised £<price>."),),
              "<name>": (("Who grew the biggest marrow?", "The largest marrow was grown by <name>."),)}},
    {"genre": "local news",
     "text": "<street> will be closed to traffic for <count> days from <date> while the council replaces "
             "the water main. Buses will be sent along the ring road instead, and residents will still be "
             "able to reach their homes on foot. The council has apologised for the disruption.",
     "asks": {"<date>": (("When do the roadworks begin?", "The road closes on <date>."),),
              "<count>": (("How long will the road be shut?", "It will be closed for <count> days."),),
              "<street>": (("Which road is affected by the water main work?",
                            "<street> is being closed."),)}},
    {"genre": "local news",
     "text": "Villagers gathered on Saturday to thank Edna Hale, who has run the post office in <town> for "
             "<count> years and retires this month. Edna still drives her <car> to the sorting office at "
             "dawn and says she will miss the gossip most of all. Her assistant, <first name>, "
             "takes over the counter from Monday.",
     "asks": {"<count>": (("How long has Edna Hale been in charge of the post office?",
                           "She has run it for <count> years."),),
              "<car>": (("What car does Edna drive?", "Edna drives a <car>."),),
              "<first name>": (("Who is taking over from Edna?",
                                "Her assistant, <first name>, is taking over."),)}},
    {"genre": "local news",
     "text": "<team> won the county cup on Sunday for the first time since <year>, beating their "
             "neighbours three goals to one in front of a packed crowd. Two of the goals came from "
             "seventeen-year-old <name>, who only joined the first team in the spring. The players later "
             "paraded the trophy through town on an open-top bus.",
     "asks": {"<year>": (("When had the club last lifted the county cup before this?",
                          "They had not won it since <year>."),),
              "<name>": (("Who scored twice in the final?", "<name> scored two of the goals."),),
              "<team>": (("Which club won the county cup?", "The winners were <team>."),)}},
    {"genre": "local news",
     "text": "Plans for a footbridge over the river at <town> were approved by the council last night. "
             "The bridge will be made of <material> and is expected to cost about £<price> thousand. Work "
             "should begin next <season>, and the little ferry will keep running until the bridge is "
             "open.",
     "asks": {"<material>": (("What will the new footbridge be built from?",
                              "The bridge will be made of <material>."),),
              "<price>": (("How much is the footbridge going to cost?",
                           "It should cost about £<price> thousand."),),
              "<season>": (("When will building start?", "Work should begin next <season>."),)}},

    # Club or society announcements.
    {"genre": "club announcement",
     "text": "The chess club meets every <weekday> evening in the back room of the library. New members "
             "are welcome whatever their level. Our strongest player, <name>, who has a rating of "
             "<rating>, runs a free session for beginners at the start of each evening, and the tea and "
             "biscuits are on us.",
     "asks": {"<weekday>": (("When does the chess club get together?",
                             "It meets every <weekday> evening."),),
              "<name>": (("Who is the best player at the chess club?",
                          "The strongest player is <name>."),),
              "<rating>": (("What is the top player's chess rating?",
                            "The top player has a rating of <rating>."),)}},
    {"genre": "club announcement",
     "text": "The Ramblers' next outing is on <date>: a gentle circuit of about <count> kilometres, with a "
             "stop for lunch halfway round. Meet at the church car park at <time>. Please wear proper "
             "boots, as the path beside the stream can be very muddy after rain.",
     "asks": {"<date>": (("When is the next walk?", "The next walk is on <date>."),),
              "<count>": (("How long is the walk?", "It is about <count> kilometres."),),
              "<time>": (("What time should walkers turn up?", "They meet at <time>."),)}},
    {"genre": "club announcement",
     "text": "A reminder to all plot holders: the allotment show is next month, and this year's special "
             "category is the best display of <crop>. Entry forms can be collected from our secretary, "
             "<name>, at number <small number> on the main road. Please also remember that bonfires are "
             "not allowed anywhere on the site.",
     "asks": {"<crop>": (("What is the special category at this year's show?",
                          "It is the best display of <crop>."),),
              "<name>": (("Who is the allotment society's secretary?", "The secretary is <name>."),),
              "<small number>": (("Which house should you go to for an entry form?",
                                  "The secretary lives at number <small number> on the main road."),)}},
    {"genre": "club announcement",
     "text": "The Valley Choir is looking for new voices, especially tenors. We rehearse on <weekday>s in "
             "the school hall and are learning a set of folk songs in <language> for the spring concert. "
             "You don't need to read music, just bring some enthusiasm. Our conductor, <first name>, is "
             "patient and very funny.",
     "asks": {"<weekday>": (("What night does the choir practise?", "They rehearse on <weekday>s."),),
              "<language>": (("What language are the choir's folk songs in?",
                              "The songs are in <language>."),),
              "<first name>": (("Who conducts the choir?", "The conductor is <first name>."),)}},
    {"genre": "club announcement",
     "text": "This month's photography competition has the theme '<colour>'. Members may enter up to three "
             "prints, which must be handed in by <date>. The judge will be <name>, a former newspaper "
             "photographer, and the winning picture will hang in the library for a month.",
     "asks": {"<colour>": (("What is the theme of the photo contest?", "The theme is <colour>."),),
              "<date>": (("What is the deadline for entries?", "Prints must be in by <date>."),),
              "<name>": (("Who is judging the photographs?", "The judge is <name>."),)}},
    {"genre": "club announcement",
     "text": "The Beekeepers' Association will hold its honey tasting in the village hall on <date>. "
             "Members are asked to bring a jar of their own honey, labelled with the flowers the bees fed "
             "on. Last year's winner came from hives beside a <flower> nursery. Our treasurer, <name>, "
             "will also collect subscriptions on the day.",
     "asks": {"<date>": (("When is the honey tasting?", "It is on <date>."),),
              "<flower>": (("Where were last year's winning hives kept?",
                            "They were beside a <flower> nursery."),),
              "<name>": (("Who should members pay their subscriptions to?",
                          "The treasurer, <name>, is collecting them."),)}},
    {"genre": "club announcement",
     "text": "The Townswomen's Guild summer trip this year will be to <city> by coach, leaving on <date>. "
             "The cost, including two nights in a hotel and a guided walk round the old town, is £<price> "
             "per person. Names to Barbara by the end of the month please, as the coach firm needs "
             "numbers.",
     "asks": {"<city>": (("Where is the Guild going on its summer trip?", "They are going to <city>."),),
              "<date>": (("When does the coach leave?", "The coach leaves on <date>."),),
              "<price>": (("How much does the trip cost each?", "It costs £<price> per person."),)}},

    # School newsletter items.
    {"genre": "school newsletter",
     "text": "Congratulations to Year 6, whose model of the solar system won second prize at the county "
             "science fair, held this year at <school>. Special thanks go to our caretaker, <name>, who "
             "stayed late every <weekday> to help them finish it. The model will be on show in the "
             "library until half term.",
     "asks": {"<name>": (("Who helped the pupils build their model?",
                          "The caretaker, <name>, helped them."),),
              "<weekday>": (("Which evening did the caretaker stay behind?",
                             "The caretaker stayed late every <weekday>."),),
              "<school>": (("Where was the science fair held?", "It was held at <school>."),)}},
    {"genre": "school newsletter",
     "text": "Year 4 will be visiting the castle on <date> as part of their history topic. The coach "
             "leaves at <time>, so please make sure your child arrives in good time with a packed lunch "
             "and a waterproof coat. The children will be back before the end of the normal school day.",
     "asks": {"<date>": (("When is Year 4's castle trip?", "Year 4 visit the castle on <date>."),),
              "<time>": (("What time does the coach go?", "The coach leaves at <time>."),)}},
    {"genre": "school newsletter",
     "text": "We are delighted to welcome Ms <name> to the staff this term. She will be teaching <subject> "
             "to the older pupils and has spent the last few years working in <country>. In her spare "
             "time she loves <hobby>, and she has kindly offered to start a lunchtime club.",
     "asks": {"<subject>": (("What will the new teacher teach?", "She will be teaching <subject>."),),
              "<country>": (("Where was the new teacher working before?",
                             "She has been working in <country>."),),
              "<hobby>": (("What does the new teacher enjoy outside school?", "She loves <hobby>."),)}},
    {"genre": "school newsletter",
     "text": "The lost property box is overflowing again! Among other things we have <number word> "
             "<colour> cardigans with no name labels and a lunchbox that nobody has claimed since <month>. "
             "Anything left at the end of term will go to the charity shop, so please label everything.",
     "asks": {"<number word>": (("How many unlabelled cardigans are in lost property?",
                                 "There are <number word> cardigans."),),
              "<colour>": (("What colour are the unclaimed cardigans?", "The cardigans are <colour>."),),
              "<month>": (("How long has the lunchbox been sitting there?",
                           "Nobody has claimed it since <month>."),)}},
    {"genre": "school newsletter",
     "text": "Sports day will take place on <weekday> afternoon on the field behind the school, weather "
             "permitting. Parents are welcome to come and watch, and the PTA will be selling <drink> and "
             "cakes. This year the egg and spoon race is being replaced by <sport> for the older children.",
     "asks": {"<weekday>": (("When is sports day?", "Sports day is on <weekday> afternoon."),),
              "<drink>": (("What will the PTA have for sale besides cakes?",
                           "The PTA will be selling <drink>."),),
              "<sport>": (("What have the older children got instead of the egg and spoon race?",
                           "They will play <sport>."),)}},
    {"genre": "school newsletter",
     "text": "Well done to everyone who took part in the spring concert. A special mention goes to "
             "<first name> in Year 5, who played a solo on the <instrument> after only a few months of "
             "lessons. "
             "The evening raised £<price> towards new music stands.",
     "asks": {"<first name>": (("Which pupil played a solo at the concert?",
                                "<first name> from Year 5 played a solo."),),
              "<instrument>": (("What instrument was the solo on?", "The solo was on the <instrument>."),),
              "<price>": (("How much money did the concert bring in?", "It raised £<price>."),)}},
    {"genre": "school newsletter",
     "text": "A reminder that one of the children in the Reception class has a severe allergy to "
             "<allergen>. Please bear this in mind when sending anything into school, and do not bring "
             "in birthday treats without speaking to the class teacher first. Thank you for helping us "
             "keep everyone safe.",
     "asks": {"<allergen>": (("What is the Reception child allergic to?",
                              "The child has a severe allergy to <allergen>."),
                             ("Which allergy should parents keep in mind?",
                              "One child is badly allergic to <allergen>."))}},

    # Recipe notes and cooking tips from relatives.
    {"genre": "recipe note",
     "text": "Darling, here's how Granny made her <food>. The secret is to cook the onions really slowly, "
             "at least <count> minutes, until they are soft and sweet. She always stirred in a handful of "
             "grated <cheese> at the end, though she would never admit it. Call me if it goes wrong! "
             "Love, Mum",
     "asks": {"<food>": (("Which of Granny's dishes is the note about?",
                          "The note explains how Granny made her <food>."),),
              "<count>": (("How long should the onions cook?", "They need at least <count> minutes."),),
              "<cheese>": (("What was Granny's secret ingredient?",
                            "She stirred in grated <cheese> at the end."),)}},
    {"genre": "recipe note",
     "text": "Crumble, the way our old neighbour <first name> made it: always use <fruit>, and put a pinch "
             "of cinnamon in the topping. Bake it until the top is golden and the juice bubbles up at the "
             "edges. Serve it with a scoop of <flavour> ice cream, never custard, which the neighbour "
             "thought was a crime.",
     "asks": {"<first name>": (("Who did the crumble recipe come from?",
                                "It came from the old neighbour, <first name>."),),
              "<fruit>": (("What fruit goes in the crumble?", "The crumble is made with <fruit>."),),
              "<flavour>": (("What should the crumble be served with?",
                             "It is served with <flavour> ice cream."),)}},
    {"genre": "recipe note",
     "text": "Your grandad always said the best way to cook <fish> is the simplest: a hot pan, a bit of "
             "butter and a squeeze of lemon. He caught most of his in the lake near <town> and would cook "
             "them on a camping stove right there on the bank. Nothing ever tasted better.",
     "asks": {"<fish>": (("Which fish was grandad talking about?",
                          "He was talking about how to cook <fish>."),),
              "<town>": (("Where did grandad go fishing?", "He fished in the lake near <town>."),)}},
    {"genre": "recipe note",
     "text": "Bread tip from <name> next door: let the dough rise somewhere warm, like on top of the "
             "boiler, and don't be tempted to add extra flour. Knead it for exactly <count> minutes by the "
             "kitchen clock, no more. The recipe came from our neighbour's mother in <country>, and not a "
             "thing has been changed since.",
     "asks": {"<name>": (("Who gave the bread tip?", "The tip came from <name> next door."),),
              "<count>": (("How long should the dough be kneaded?", "It needs exactly <count> minutes."),),
              "<country>": (("Where does the bread recipe come from?",
                             "It came from the neighbour's mother in <country>."),)}},
    {"genre": "recipe note",
     "text": "My cousin <first name> swears by a heavy old frying pan picked up at a market in <city> "
             "years ago. The secret to perfect pancakes, apparently, is to rest the batter for <count> "
             "minutes and to throw the first one away, because it never comes out right. I have tried it "
             "and my cousin is annoyingly correct.",
     "asks": {"<city>": (("Where did the cousin get that frying pan?",
                          "It came from a market in <city>."),),
              "<count>": (("How long should pancake batter rest?",
                           "It should rest for <count> minutes."),),
              "<first name>": (("What is my cousin's name?", "My cousin is called <first name>."),)}},
    {"genre": "recipe note",
     "text": "Grandma's marmalade always set because she boiled it in her old <metal> pan. She made it "
             "every <month>, when the bitter oranges arrived, and gave jars to the whole street. The "
             "recipe below is copied from her handwriting, so don't skip the overnight soak.",
     "asks": {"<metal>": (("What was Grandma's preserving pan made of?", "Her pan was made of <metal>."),),
              "<month>": (("When in the year did Grandma make marmalade?",
                           "She made it every <month>."),)}},
    {"genre": "recipe note",
     "text": "Uncle Ravi's rule for a good curry: toast the whole spices in a dry pan until you can smell "
             "them, then grind them yourself. He learned to cook on ships sailing out of <city>. He made "
             "it on <weekday> nights for half the street and always served <drink> alongside.",
     "asks": {"<city>": (("Where did Uncle Ravi learn to cook?",
                          "He learned on ships sailing out of <city>."),),
              "<weekday>": (("Which night did Ravi cook his curry?", "He made it on <weekday> nights."),),
              "<drink>": (("What did Ravi serve with the curry?", "He always served <drink> with it."),)}},
)

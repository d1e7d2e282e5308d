"""Short natural paragraphs for training (part a): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # notes and reminders to family, flatmates or a babysitter
    {"genre": "reminder",
     "text": "Hi <first name>, thanks so much for tonight. The kids have already eaten, so they just need "
             "a bath and a story. Ella is allowed one biscuit if she asks nicely. If anything goes wrong, "
             "my sister lives round the corner and her number is <phone>. We should be back around <time>.",
     "asks": {"<phone>": (("How can the babysitter reach the sister?", "The sister's number is <phone>."),),
              "<time>": (("When are the parents expected home?", "They should be back around <time>."),
                         ("What time will the parents return?", "The parents will be back around <time>."))}},
    {"genre": "reminder",
     "text": "Flat reminder! The landlord, <name>, is popping round on <weekday> to look at the damp in "
             "the bathroom. Please don't leave dishes piled up in the sink before then. He also mentioned "
             "that the rent goes up to £<price> from next month, which I'm not thrilled about.",
     "asks": {"<name>": (("Who is the landlord?", "The landlord is <name>."),),
              "<weekday>": (("When is the landlord visiting?", "The landlord is visiting on <weekday>."),),
              "<price>": (("How much will the rent be from next month?", "The rent will be £<price>."),)}},
    {"genre": "reminder",
     "text": "Mum, Grandad rang while you were out. He's fine, he just wanted to say the hospital moved "
             "his appointment to <date>. He'll need a lift because the buses are still on strike. Also, "
             "he's decided he wants <food> for his birthday dinner, so good luck with that.",
     "asks": {"<date>": (("When is Grandad's hospital appointment now?", "His appointment is on <date>."),),
              "<food>": (("What does Grandad want for his birthday dinner?", "Grandad wants <food>."),
                         ("What should be cooked for Grandad's birthday?", "He would like <food>."))}},
    {"genre": "reminder",
     "text": "Jonas, I've borrowed your bike pump, sorry, I'll bring it back tonight. The wifi password "
             "changed this morning because someone next door was using ours. The new one is <code>. Oh, "
             "and a parcel came for you from <company>; it's under the stairs.",
     "asks": {"<code>": (("What is the wifi password now?", "The wifi password is now <code>."),),
              "<company>": (("Who sent Jonas a parcel?", "The parcel came from <company>."),
                            ("Which company is Jonas's parcel from?", "It is from <company>."))}},
    {"genre": "reminder",
     "text": "Morning both! Breakfast is in the fridge. Remember it's swimming after school today, so take "
             "your kit. Coach <name> says anyone who forgets their goggles has to sit out, and I'm not "
             "driving back for them. Dad is picking you up at <time> outside the main gate.",
     "asks": {"<name>": (("Who runs the swimming sessions?", "The swimming coach is <name>."),),
              "<time>": (("What time is pickup after swimming?", "Dad is picking them up at <time>."),
                         ("When will Dad be at the school gate?", "Dad will be there at <time>."))}},
    {"genre": "reminder",
     "text": "Welcome back, <first name>! Just a couple of changes since last time. Theo turned out to be "
             "allergic to <allergen>, so please be careful and keep his antihistamine handy. It's in the "
             "blue bag by the door. Bedtime is still half seven, though he'll argue with you about it.",
     "asks": {"<allergen>": (("What is Theo allergic to?", "Theo is allergic to <allergen>."),
                             ("What did the parents find out about Theo recently?",
                              "They found out Theo is allergic to <allergen>."))}},
    {"genre": "reminder",
     "text": "Love, I've gone to the gym, back before dinner. The boiler man rang and can't come until "
             "<weekday>, so it's cold showers for a bit. His name is <name> if he calls again. I put the "
             "<fish> in the fridge to defrost; could you put it in the oven at six?",
     "asks": {"<weekday>": (("When is the boiler getting fixed?", "The boiler man can come on <weekday>."),),
              "<name>": (("What is the boiler man called?", "The boiler man is called <name>."),),
              "<fish>": (("What is for dinner tonight?", "The <fish> that is defrosting is for dinner."),)}},
    # diary entries
    {"genre": "diary",
     "text": "Tuesday. Rain again, all day. I finally went to the pottery class Aunt Bea keeps nagging me "
             "about. The teacher is a tall, quiet woman called <name> who worked for twenty years as the "
             "town's <job> before she retired. My first bowl looks more like an ashtray, but I was weirdly "
             "proud of it.",
     "asks": {"<name>": (("What is my pottery teacher called?", "My pottery teacher is called <name>."),),
              "<job>": (("What did the pottery teacher do before she retired?",
                         "She worked as the town's <job>."),)}},
    {"genre": "diary",
     "text": "What a day. Lena's cat had her kittens in the airing cupboard overnight, <number word> of "
             "them, all squeaking. She let me choose one to keep and I picked the smallest, a grey one "
             "with a white tail. I've decided to call him <word>. Mum pretends to be annoyed but she's "
             "already bought him a bed.",
     "asks": {"<word>": (("What did I name the kitten?", "I named the kitten <word>."),
                         ("What is my new kitten called?", "My kitten is called <word>.")),
              "<number word>": (("How many kittens were born in Lena's airing cupboard?",
                                 "Lena's cat had <number word> kittens."),)}},
    {"genre": "diary",
     "text": "Sunday. I ran the whole loop round the reservoir without stopping for the first time ever. "
             "It took me <small number> minutes, which is slow, but I don't care. A man with a <dog breed> "
             "kept overtaking me and then stopping to let it sniff things, which was humiliating. Treated "
             "myself to a huge breakfast afterwards.",
     "asks": {"<small number>": (("How long did my run round the reservoir take?",
                                  "It took me <small number> minutes."),),
              "<dog breed>": (("What sort of dog kept passing me on my run?", "It was a <dog breed>."),)}},
    {"genre": "diary",
     "text": "First day at <company> today. Everyone was friendly, though I got lost twice looking for the "
             "lifts. My desk is on floor <floor>, right next to a printer that never stops. My manager, "
             "<name>, took me out for lunch and talked about her allotment for an hour. I think I'm going "
             "to like it here.",
     "asks": {"<company>": (("Where did I start my new job?", "I started working at <company>."),),
              "<floor>": (("Which floor do I sit on at work?", "My desk is on floor <floor>."),),
              "<name>": (("Who is my new boss?", "My manager is <name>."),)}},
    {"genre": "diary",
     "text": "Visited Gran at the home. She was sharp today, sharper than me honestly. She told me again "
             "about growing up on a farm where they grew <crop>, and how she met Grandpa at a dance in "
             "<month>. I wrote it all down this time so I won't forget. The nurses say she's eating "
             "better.",
     "asks": {"<crop>": (("What was grown on the farm where Gran grew up?",
                          "They grew <crop> on the farm."),),
              "<month>": (("In which month did Gran meet Grandpa?",
                           "She met Grandpa at a dance in <month>."),)}},
    {"genre": "diary",
     "text": "Week three of evening classes. Our teacher, <name>, insists we speak only <language> from "
             "the moment we sit down, which is terrifying. I managed to order an imaginary coffee and ask "
             "where the station was. Homework is to describe my family, so I'll have a go on the train "
             "tomorrow.",
     "asks": {"<language>": (("What language am I learning in the evenings?", "I am learning <language>."),),
              "<name>": (("Who teaches my evening class?", "My evening class is taught by <name>."),)}},
    {"genre": "diary",
     "text": "Awful storm last night. The old <tree> tree at the bottom of the garden came down and missed "
             "the shed by about a metre. Mr Okafor from number six came round with a chainsaw this "
             "morning, bless him. He reckons the wood will keep his stove going until <season>. I'll miss "
             "that tree.",
     "asks": {"<tree>": (("Which tree fell down in the storm?", "The old <tree> tree came down."),),
              "<season>": (("How long will the wood last Mr Okafor?",
                            "It will keep his stove going until <season>."),)}},
    {"genre": "diary",
     "text": "Took the twins to the zoo for their birthday. They ignored the lions completely and spent an "
             "hour at the <animal> enclosure with their noses pressed to the glass. We had chips in the "
             "rain and both fell asleep on the bus home. The family pass cost £<price> for the year, so "
             "we'll be going back a lot.",
     "asks": {"<animal>": (("Which animal did the twins like best at the zoo?",
                            "The twins liked the <animal> best."),),
              "<price>": (("How much was the yearly zoo pass?", "The family pass cost £<price>."),)}},
    # messages to a neighbour
    {"genre": "neighbour",
     "text": "Hi, it's Priya from number 12. Sorry to bother you, but I think one of your parcels came to "
             "us by mistake. It's from <company> and it's quite heavy. I'm in all day on <weekday> if you "
             "want to pop over and grab it, otherwise I can leave it in your porch.",
     "asks": {"<company>": (("Who is the wrongly delivered parcel from?", "The parcel is from <company>."),),
              "<weekday>": (("When will Priya be at home all day?",
                             "Priya is at home all day on <weekday>."),)}},
    {"genre": "neighbour",
     "text": "Dear neighbours, just a heads up that we're having the roof redone from <date>. The builders "
             "are from <company> and have promised to keep the noise down before nine. There will be a "
             "skip on the drive for about two weeks. If it causes any problems, knock or ring me on "
             "<phone>.",
     "asks": {"<date>": (("When does the work on the roof begin?", "The roof work starts on <date>."),),
              "<company>": (("Which firm is doing the roof?", "The builders are from <company>."),),
              "<phone>": (("What number can the neighbours call about the building work?",
                           "They can ring <phone>."),)}},
    {"genre": "neighbour",
     "text": "Hi there, I think your <dog breed> has escaped again. He was sitting on our back step this "
             "morning looking very pleased with himself, and he's eaten half the cat's food. He's in our "
             "kitchen now and perfectly happy. I'm home until <time>, so come and fetch him whenever "
             "suits.",
     "asks": {"<dog breed>": (("What kind of dog got out?", "The neighbour's <dog breed> got out."),),
              "<time>": (("Until when can the dog be collected?", "The writer is home until <time>."),)}},
    {"genre": "neighbour",
     "text": "Hi Mrs Hale, we're off to my sister's for the week and wondered if you could water the "
             "tomatoes. The spare key is under the <colour> flowerpot by the back door. Help yourself to "
             "anything that ripens! We'll be back on <weekday> evening and will bring you something nice.",
     "asks": {"<colour>": (("Where can Mrs Hale find the spare key?",
                            "It is under the <colour> flowerpot by the back door."),),
              "<weekday>": (("When are they coming home?", "They will be back on <weekday> evening."),)}},
    {"genre": "neighbour",
     "text": "To whoever parks the silver <car> outside number 4: please could you leave a bit more room? "
             "I couldn't get the buggy past the lamp post this morning and had to go round by the road. "
             "I'm not trying to cause a fuss, it's just a tight street. Thanks, Amara (the yellow door).",
     "asks": {"<car>": (("What kind of car is blocking the pavement?", "It is a silver <car>."),
                        ("Which car is Amara complaining about?",
                         "Amara is complaining about a silver <car>."))}},
    {"genre": "neighbour",
     "text": "Hello from next door! We're having a few friends over on <weekday> for my husband's "
             "fortieth. There might be some music until about eleven, but we'll move everyone inside after "
             "that. You're very welcome to come by, there'll be far too much <food> as usual.",
     "asks": {"<weekday>": (("When is the party next door?", "The party is on <weekday>."),),
              "<food>": (("What will there be lots of to eat at the party?",
                          "There will be lots of <food>."),)}},
    {"genre": "neighbour",
     "text": "Hi Tomas, the council finally replied about the broken street light on <street>. Apparently "
             "they're sending someone on <date>. Took them long enough! I also asked about the potholes, "
             "but they said that's a different department. Typical.",
     "asks": {"<street>": (("Which street has the broken light?",
                            "The broken street light is on <street>."),),
              "<date>": (("When is the council coming to fix the light?",
                          "They are sending someone on <date>."),)}},
    # postcards from a trip
    {"genre": "postcard",
     "text": "Greetings from <city>! The weather has been glorious and I've eaten far too much. Our little "
             "hotel is run by an old couple who serve breakfast like it's a competition. Yesterday we took "
             "a boat out to the islands and I got sunburnt on one arm only. Flying home on <date>, sadly.",
     "asks": {"<city>": (("Where was the postcard sent from?", "The postcard was sent from <city>."),),
              "<date>": (("When is the writer coming home?", "The writer flies home on <date>."),)}},
    {"genre": "postcard",
     "text": "Dear Auntie, we made it to <country> at last. The train across the mountains took eleven "
             "hours, but the views were worth it. Our guide, <name>, knows every plant by name and keeps "
             "stopping to show us. Tomorrow we try for the pass, about <elevation> metres up. Wish us "
             "luck!",
     "asks": {"<country>": (("Which country are they travelling through?", "They are in <country>."),),
              "<name>": (("Who is showing them around?", "Their guide is <name>."),),
              "<elevation>": (("How high is the pass they are aiming for?",
                               "The pass is about <elevation> metres up."),)}},
    {"genre": "postcard",
     "text": "Hi all! Camping by the lake is lovely apart from the midges. Dad has caught exactly one "
             "<fish> in four days and won't stop talking about it. We cooked it on the fire and it fed "
             "nobody. Next year we're splashing out on one of the wooden cabins; the owner says they go "
             "for <price> euros a week.",
     "asks": {"<fish>": (("What has Dad caught at the lake?", "Dad has caught one <fish>."),),
              "<price>": (("What does a cabin at the campsite cost?",
                           "A cabin costs <price> euros a week."),)}},
    {"genre": "postcard",
     "text": "Greetings from <town>! It's tiny: one pub, one chapel and a lighthouse painted bright "
             "<colour>. The lady at the B&B says the whole harbour floods every <season>, which explains "
             "the sandbags. We've walked miles and seen seals twice. Home soon, save me some cake.",
     "asks": {"<town>": (("Which town is the writer staying in?", "The writer is staying in <town>."),),
              "<colour>": (("What colour is the lighthouse?", "The lighthouse is bright <colour>."),),
              "<season>": (("When does the harbour flood?", "The harbour floods every <season>."),)}},
    {"genre": "postcard",
     "text": "Dear Mum and Dad, the school trip is going well, mostly. We visited a castle built in <old "
             "year> and I bought you a fridge magnet in the gift shop. Ms Carter made us sing on the coach "
             "for two hours. Dinner at the hostel is <food> every single night. See you on Friday.",
     "asks": {"<old year>": (("When was the castle on the school trip built?",
                              "The castle was built in <old year>."),),
              "<food>": (("What do they keep getting for dinner at the hostel?",
                          "They get <food> every night."),)}},
    {"genre": "postcard",
     "text": "Hello from the mountains! The ski school put me in the beginners' group with a bunch of "
             "seven-year-olds, and every one of them is better than me. Our instructor is a patient man "
             "called <name> who speaks <language> and about ten words of English. The hot chocolate up "
             "here makes up for everything.",
     "asks": {"<name>": (("Who is teaching the writer to ski?", "The ski instructor is <name>."),),
              "<language>": (("What language does the ski instructor speak?", "He speaks <language>."),)}},
    {"genre": "postcard",
     "text": "Hi Ewan! Made it to <city> after a horrible bus ride. My room is right above a little "
             "<shop>, and the owner has already adopted me. I've signed up for a cooking class on "
             "<weekday>, so prepare to be fed when I'm back. Miss you lots.",
     "asks": {"<city>": (("Which city did the writer travel to?", "The writer is in <city>."),),
              "<shop>": (("What is downstairs from the writer's room?",
                          "There is a little <shop> downstairs."),),
              "<weekday>": (("When is the cooking class?", "The cooking class is on <weekday>."),)}},
    # notes for a house-sitter or pet-sitter
    {"genre": "sitter",
     "text": "Thanks for looking after Biscuit! She gets half a tin in the morning and dry food at night, "
             "no more, whatever she tells you. If she seems poorly, the vet is <name> on the high street "
             "and the number's on the fridge. Please don't let her out after dark. The heating comes on at "
             "<time> by itself.",
     "asks": {"<name>": (("Who is Biscuit's vet?", "Biscuit's vet is <name>."),),
              "<time>": (("When does the heating switch on?", "The heating comes on at <time>."),)}},
    {"genre": "sitter",
     "text": "Hello and welcome! The alarm code is <code>, and you've got about thirty seconds after "
             "opening the door. Bins go out on <weekday> night, the green one this week. The shower takes "
             "a while to warm up, so be patient. Make yourself at home and eat anything in the freezer.",
     "asks": {"<code>": (("How do you turn off the burglar alarm?", "You enter the code <code>."),
                         ("What is the alarm code?", "The alarm code is <code>.")),
              "<weekday>": (("Which night do the bins go out?", "The bins go out on <weekday> night."),)}},
    {"genre": "sitter",
     "text": "Notes for Pepper: two walks a day, and she pulls like mad whenever she sees a squirrel. Her "
             "lead is on the hook by the coats. Her favourite toy is a squeaky <fruit>, and she'll sulk if "
             "it goes missing. If she starts limping again, take her to the vet on <street>.",
     "asks": {"<fruit>": (("What toy does Pepper love most?",
                           "Pepper's favourite toy is a squeaky <fruit>."),),
              "<street>": (("Where is Pepper's vet?", "Pepper's vet is on <street>."),)}},
    {"genre": "sitter",
     "text": "Hi <first name>, thank you again! The plants in the conservatory need watering every other "
             "day, but the cactus only once a week. The <flower> bulbs on the windowsill are for planting "
             "out, so please don't throw them away. Our cleaner, <name>, comes on Thursday mornings and "
             "has her own key.",
     "asks": {"<flower>": (("What kind of bulbs are waiting on the windowsill?",
                            "They are <flower> bulbs."),),
              "<name>": (("Who cleans the house on Thursdays?", "The cleaner is <name>."),)}},
    {"genre": "sitter",
     "text": "Quick notes for the cat-sitting: Mochi and Pip share a bowl, but Pip is a thief, so stand "
             "guard. The litter box lives in the downstairs loo. If anything breaks, the landlord's number "
             "is <phone>. We land on <date> around lunchtime and will text as soon as we're out of the "
             "airport.",
     "asks": {"<phone>": (("How can the sitter contact the landlord?", "The landlord's number is <phone>."),),
              "<date>": (("When are the cat owners coming back?", "They land on <date>."),)}},
    {"genre": "sitter",
     "text": "Thanks for minding the hens! They get let out at first light and shut in at dusk, otherwise "
             "the fox has them. Keep whatever eggs you find. The feed is in the <metal> bin in the barn, "
             "which I keep latched because of the rats. Our neighbour <first name> knows the routine if "
             "you get stuck.",
     "asks": {"<metal>": (("Where is the chicken feed kept?",
                           "The feed is in the <metal> bin in the barn."),),
              "<first name>": (("Who can help with the hens if the sitter gets stuck?",
                                "The neighbour, <first name>, can help."),)}},
    {"genre": "sitter",
     "text": "Welcome! The wifi network is called <username> and the password is on the back of the "
             "router. The TV remote is temperamental, but a gentle tap usually sorts it out. Recycling "
             "collection moved to <weekday> this month. If the boiler light flashes red, ring <company>; "
             "they look after it.",
     "asks": {"<username>": (("What is the name of the wifi network?",
                              "The wifi network is called <username>."),),
              "<weekday>": (("When is the recycling collected this month?", "Recycling goes on <weekday>."),),
              "<company>": (("Who should be called about the boiler?",
                             "The boiler is looked after by <company>."),)}},
    # texts from a friend about plans
    {"genre": "friend text",
     "text": "Hey! Are we still on for Saturday? I booked a table at that new place on <street> for "
             "<time>. Kofi can't make it, his sister's in town, but Maeve is coming. Wear something warm, "
             "they've only got outdoor seating left.",
     "asks": {"<street>": (("Where is the restaurant they're going to?", "The restaurant is on <street>."),),
              "<time>": (("What time is the dinner booking?", "The table is booked for <time>."),)}},
    {"genre": "friend text",
     "text": "Omg guess what, I got tickets for <band>!! It's at the old warehouse on <date>. I know you "
             "said you were broke, but I'll cover you and you can buy the drinks. We should get there "
             "early because last time the queue went right round the block.",
     "asks": {"<band>": (("Which band are they going to see?", "They are going to see <band>."),),
              "<date>": (("When is the gig?", "The gig is on <date>."),)}},
    {"genre": "friend text",
     "text": "Running late, sorry!! The train's stuck outside <town> because of a signal problem. I'll be "
             "at least forty minutes. Order without me if you're hungry, I'll have the <food>, you know "
             "what I like. Don't let Felix eat all the bread.",
     "asks": {"<town>": (("Where is the train held up?", "The train is stuck outside <town>."),),
              "<food>": (("What should be ordered for the friend who is late?",
                          "The late friend wants the <food>."),)}},
    {"genre": "friend text",
     "text": "Sooo I finally joined a <sport> club, don't laugh. Training is on <weekday> evenings at the "
             "leisure centre and there's a match most Sundays. The captain, <name>, is terrifying but "
             "really nice. You should come along, they're desperate for new players.",
     "asks": {"<sport>": (("What sport has the friend taken up?", "The friend joined a <sport> club."),),
              "<weekday>": (("Which evening is training?", "Training is on <weekday> evenings."),),
              "<name>": (("Who captains the club?", "The captain is <name>."),)}},
    {"genre": "friend text",
     "text": "Hey, can you do me a massive favour? My cousin <first name> arrives on the <time> train and "
             "I'm stuck at work. Could you pick her up and take her to mine? The key is with the lady at "
             "number 9. She'll be the one with the giant purple suitcase, you can't miss her.",
     "asks": {"<first name>": (("Who needs collecting from the station?",
                                "The writer's cousin <first name> needs collecting."),),
              "<time>": (("Which train is the cousin coming on?", "She is arriving on the <time> train."),)}},
    {"genre": "friend text",
     "text": "Movie night at mine on Friday? Dana wants to watch <film genre> again, but I've vetoed "
             "anything that keeps me up at night. Bring snacks if you can, I've only got crisps and a sad "
             "lemon. We'll start at <time> so nobody's falling asleep by the end.",
     "asks": {"<film genre>": (("What kind of films does Dana want to see?",
                                "Dana wants to watch <film genre>."),),
              "<time>": (("When does movie night begin?", "Movie night starts at <time>."),)}},
    {"genre": "friend text",
     "text": "Quick one: is your brother still selling his <car>? My mate <first name> is after one and "
             "could come and look this weekend. He's not fussy about mileage, he just needs something "
             "reliable for the school run. Let me know and I'll put them in touch.",
     "asks": {"<car>": (("What is the brother trying to sell?", "The brother is selling his <car>."),),
              "<first name>": (("Who is interested in buying the car?", "<first name> wants to buy it."),)}},
    # shopping or errands notes
    {"genre": "errands",
     "text": "Shopping for Saturday: bread, milk, eggs, a big bag of rice, and a jar of <fruit> jam. "
             "Get the <cheese> from the market stall, not the supermarket, it's much nicer. If "
             "they've sold out, just leave it. Dad's paying you back for petrol, so keep the receipt.",
     "asks": {"<cheese>": (("Which cheese should come from the market?",
                            "The <cheese> should come from the market stall."),),
              "<fruit>": (("What kind of jam is on the shopping list?", "The list asks for <fruit> jam."),)}},
    {"genre": "errands",
     "text": "Errands before Friday, in order of panic: pick up the prescription from the chemist, post "
             "the birthday card to Aunt Rosa (she lives in <town> now, so use the new address), and drop "
             "the suit at the dry cleaner's. They close at <time>, and I need that suit for the interview.",
     "asks": {"<town>": (("Where does Aunt Rosa live these days?", "Aunt Rosa lives in <town>."),),
              "<time>": (("When does the dry cleaner's shut?", "The dry cleaner's closes at <time>."),)}},
    {"genre": "errands",
     "text": "Can you grab a few bits on your way home? We need washing-up liquid, bin bags and two tins "
             "of tomatoes. The hardware shop on <street> had the lightbulbs we need, so could you pop in? "
             "Ask for <name>, she put some aside for us. Cheers, love you.",
     "asks": {"<street>": (("Where is the hardware shop?", "The hardware shop is on <street>."),),
              "<name>": (("Who kept the lightbulbs back for them?", "<name> put the lightbulbs aside."),)}},
    {"genre": "errands",
     "text": "Party shopping for Aunt Jo: a tin of her favourite biscuits, napkins, and candles, just a few, "
             "since she's turning <age> and we don't want to set off the smoke alarm. Also a bunch of "
             "<flower> stems, because they've always been her favourite. I'll sort the cake.",
     "asks": {"<age>": (("How old will Aunt Jo be?", "Aunt Jo is turning <age>."),),
              "<flower>": (("Which flower does Aunt Jo like best?",
                           "Her favourite flower is the <flower>."),)}},
    {"genre": "errands",
     "text": "To do tomorrow: return the library books before they fine me again. Ring the garage about "
             "the <car>, it's still making that knocking noise. Book the dentist for Jonah. Find a present "
             "for <first name>'s leaving do, something small, maybe a nice notebook.",
     "asks": {"<car>": (("Which car needs looking at?", "The <car> is making a knocking noise."),),
              "<first name>": (("Who is leaving?", "It is <first name>'s leaving do."),)}},
    {"genre": "errands",
     "text": "Jobs for Saturday, if you've got time. Post office first: Hanna's parcel needs to go tracked "
             "to <country>, she's still waiting for it. Then pay in the cheque from <company> before it "
             "expires. Last, the garden centre for compost and one more <tree> sapling for the hedge.",
     "asks": {"<country>": (("Where is Hanna's parcel going?", "The parcel is going to <country>."),),
              "<company>": (("Who wrote the cheque?", "The cheque is from <company>."),),
              "<tree>": (("What sapling is needed from the garden centre?",
                          "One more <tree> sapling is needed."),)}},
    {"genre": "errands",
     "text": "Pharmacy run, please! Gran's tablets are ready to collect under the name <name>. Ask about "
             "the hand cream too, the one you said worked. And the garage bill for the van came to "
             "£<price>, so could you drop the cash round on your way back?",
     "asks": {"<name>": (("Whose name are Gran's tablets under?", "The tablets are under the name <name>."),),
              "<price>": (("How much is the van repair bill?", "The garage bill came to £<price>."),)}},
)

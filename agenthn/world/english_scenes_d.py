"""Short natural paragraphs for training (part d): see agenthn/world/english_scenes.py."""

from __future__ import annotations

SCENES: tuple[dict, ...] = (
    # Second-hand and rental listings
    {"genre": "listing",
     "text": "For sale: my daughter's old road bike, painted <colour>, hardly ridden since she left for "
             "university. It had new brakes and tyres this spring and rides beautifully. Asking £<price> or "
             "nearest offer. Collection only from <street>, on weekday evenings after six or at weekends.",
     "asks": {"<price>": (("How much does the seller want for the bike?", "The bike costs £<price>."),),
              "<colour>": (("What colour is the bike?", "The bike is painted <colour>."),),
              "<street>": (("Where do you have to go to pick the bike up?",
                            "The bike is collected from <street>."),)}},
    {"genre": "listing",
     "text": "Bright two-bedroom flat to let on floor <floor> of a quiet block near the station. The "
             "landlord, <name>, lives around the corner and is quick to sort out repairs. Rent is £<price> "
             "a month, bills not included, and the flat is available from <date>. Sorry, no smokers.",
     "asks": {"<floor>": (("How high up is the flat?", "The flat is on floor <floor>."),),
              "<date>": (("When can a tenant move into the flat?", "The flat is free from <date>."),),
              "<name>": (("Who owns the flat?", "The landlord is <name>."),
                         ("Who should you call if something in the flat breaks?",
                          "The landlord, <name>, sorts out repairs."))}},
    {"genre": "listing",
     "text": "Free to a good home: a three-seater sofa in <colour> velvet. It's comfy and in decent shape, "
             "but we've just moved and it won't go up the stairs of the new place. You'll need a van and a "
             "strong friend, as it's very heavy. Text <first name> on <phone> if you want it.",
     "asks": {"<colour>": (("What colour is the free sofa?", "The sofa is <colour>."),),
              "<phone>": (("What number should you text about the sofa?", "The number is <phone>."),),
              "<first name>": (("Who is giving the sofa away?", "<first name> is giving it away."),)}},
    {"genre": "listing",
     "text": "Selling my <instrument> after twelve years of playing, as I simply don't have the time any "
             "more. It comes with a hard case and a stand. I bought it from a specialist dealer in <city> "
             "and have had it serviced every year. You're welcome to try it first; £<price> and it's yours.",
     "asks": {"<instrument>": (("What instrument is for sale?",
                                "The seller is selling their <instrument>."),),
              "<city>": (("Where did the seller originally buy the instrument?",
                          "It was bought in <city>."),),
              "<price>": (("What is the asking price?", "The asking price is £<price>."),)}},
    {"genre": "listing",
     "text": "Reluctantly selling our <car>, which has taken us on every family holiday for the past "
             "<number word> years. One owner, full service history, and a new battery fitted in <month>. "
             "There are a few scratches on the back bumper, nothing serious. Viewing by appointment only.",
     "asks": {"<car>": (("What kind of car is being sold?", "The car is a <car>."),),
              "<number word>": (("How long has the family had the car?",
                                 "They have had it for <number word> years."),),
              "<month>": (("When was the battery replaced?", "The new battery went in in <month>."),)}},
    {"genre": "listing",
     "text": "Room available in a friendly shared house on <street>. There are four of us: two nurses, a "
             "student and a musician who practises the <instrument> at sensible hours, we promise. The room "
             "is £<price> a month including bills, and ideally you'd move in before the end of term.",
     "asks": {"<street>": (("Which street is the shared house on?", "The house is on <street>."),),
              "<instrument>": (("What does the musician in the house play?",
                                "The musician plays the <instrument>."),),
              "<price>": (("How much is the room each month?", "The room costs £<price> a month."),)}},
    {"genre": "listing",
     "text": "Our little stone cottage in <town> is available to rent for the summer holidays. It sleeps "
             "<number word>, has a wood-burning stove and a garden that runs down to the river. The nearest "
             "shop is the village <shop>, five minutes' walk away. For bookings, please contact the owner, "
             "<name>.",
     "asks": {"<town>": (("Where is the holiday cottage?", "The cottage is in <town>."),),
              "<number word>": (("How many people can stay in the cottage?",
                                 "The cottage sleeps <number word>."),),
              "<name>": (("Who do you speak to about booking the cottage?",
                          "Bookings go through the owner, <name>."),)}},
    # Customer-service emails
    {"genre": "customer service",
     "text": "Dear customer, good news: your order has left our warehouse and is on its way to you. Your "
             "tracking code is <code>, which you can enter on the courier's website at any time. The parcel "
             "should arrive on <weekday> between eight and six. If nobody is home, the driver will leave a "
             "card.",
     "asks": {"<code>": (("What code lets the customer follow the parcel?", "The tracking code is <code>."),),
              "<weekday>": (("Which day should the parcel turn up?", "It should arrive on <weekday>."),)}},
    {"genre": "customer service",
     "text": "Hello <first name>, thank you for sending back the <colour> raincoat. Our returns team has "
             "checked it over and everything is in order, so we've refunded £<price> to your original card. "
             "Please allow up to five working days for the money to appear. We're sorry the size didn't "
             "work out.",
     "asks": {"<colour>": (("What colour was the coat that was returned?", "The raincoat was <colour>."),),
              "<price>": (("How much money is the customer getting back?", "The refund is £<price>."),)}},
    {"genre": "customer service",
     "text": "Thanks for shopping with <company>. Your grocery delivery is booked for <date>, and our "
             "driver expects to reach you at around <time>. A couple of items were out of stock, so we've "
             "swapped the <cheese> for a similar brand at no extra cost. You can change your slot up to a "
             "day before.",
     "asks": {"<date>": (("On what date are the groceries coming?", "The delivery is on <date>."),),
              "<time>": (("Roughly when will the driver get there?",
                          "The driver should arrive around <time>."),),
              "<cheese>": (("Which item was replaced with another brand?", "The <cheese> was swapped."),)}},
    {"genre": "customer service",
     "text": "Dear <name>, I'm sorry to hear your washing machine stopped working so soon after "
             "installation. I've arranged for one of our engineers, <name:2>, to visit on <weekday> "
             "morning, and there will be no charge for parts or labour. Your case reference is <code> "
             "should you need to contact us again.",
     "asks": {"<name:2>": (("Who is coming to look at the washing machine?",
                            "The engineer <name:2> is coming."),),
              "<weekday>": (("When will the engineer call round?", "The engineer will visit on <weekday>."),),
              "<code>": (("What number should be quoted about the broken machine?",
                          "The case reference is <code>."),)}},
    {"genre": "customer service",
     "text": "Hi there, just a note that your membership at the <town> leisure centre renews next month. "
             "The monthly fee will go up to £<price>, a small rise to cover heating costs for the pool. "
             "Your member number stays the same, <code>. If you'd like to cancel, simply reply before "
             "<date>.",
     "asks": {"<price>": (("How much will the gym membership cost each month from now on?",
                           "The new fee is £<price> a month."),),
              "<code>": (("What is the member number?", "The member number is <code>."),),
              "<date>": (("What is the last day to cancel the membership?",
                          "You have to reply before <date> to cancel."),)}},
    {"genre": "customer service",
     "text": "Hello from the customer team at <company>. We're afraid the <colour> armchair you ordered has "
             "been held up at the factory, and the new expected delivery date is <date>. As an apology, "
             "we've added a voucher for £<price> to your account, to use on anything in our range.",
     "asks": {"<date>": (("When should the armchair arrive now?", "It should now arrive on <date>."),),
              "<price>": (("What is the apology voucher worth?", "The voucher is worth £<price>."),),
              "<colour>": (("What colour is the chair that was ordered?", "The armchair is <colour>."),)}},
    {"genre": "customer service",
     "text": "Dear <first name>, your new phone contract begins on <date>. You'll keep your current number, "
             "and the SIM card should reach you by post within a few days. If you'd like a hand setting up "
             "the handset, our store manager, <name>, is always happy to help at the shop on <street>.",
     "asks": {"<date>": (("When does the phone contract start?", "The contract starts on <date>."),),
              "<name>": (("Who runs the phone shop?", "The store manager is <name>."),),
              "<street>": (("Where is the phone shop?", "The shop is on <street>."),)}},
    # Travel itineraries and booking confirmations
    {"genre": "booking confirmation",
     "text": "Thank you for booking with us. Your double room at the Harbour View Hotel in <city> is "
             "confirmed for three nights from <date>. Check-in opens at <time>, and breakfast is served in "
             "the conservatory until ten. Your booking reference is <code>; please have it ready at "
             "reception.",
     "asks": {"<city>": (("Which city is the hotel in?", "The hotel is in <city>."),),
              "<date>": (("When does the hotel stay begin?", "The stay begins on <date>."),),
              "<code>": (("What reference should be shown at the hotel desk?",
                          "The booking reference is <code>."),)}},
    {"genre": "itinerary",
     "text": "Day one: we fly out of <city> early and land in the middle of the afternoon. A driver called "
             "<name> will meet us at arrivals and take us to the guesthouse. Day two is free for exploring "
             "the old town. On day three we catch the morning ferry to the island from pier <small number>.",
     "asks": {"<city>": (("Where does the trip start from?", "The flight leaves from <city>."),),
              "<name>": (("Who is picking the group up at the airport?",
                          "The driver, <name>, picks them up."),),
              "<small number>": (("Which pier does the ferry go from?",
                                  "The ferry goes from pier <small number>."),)}},
    {"genre": "itinerary",
     "text": "Here's the plan for our walking week in <country>. We meet our guide, <first name>, at the "
             "village hall on the first morning. The toughest day takes us over a pass at <elevation> "
             "metres, so bring proper boots and a warm layer. Our bags go ahead by van between the inns, "
             "thank goodness.",
     "asks": {"<country>": (("Which country is the walking holiday in?",
                             "The walking week is in <country>."),),
              "<first name>": (("Who is leading the walks?", "The guide is <first name>."),),
              "<elevation>": (("How high is the highest point of the walk?",
                               "The pass is at <elevation> metres."),)}},
    {"genre": "booking confirmation",
     "text": "Your tickets for the trip to <town> are confirmed. The train leaves on <weekday> at <time>, "
             "and you'll need to change once along the way. You have two reserved seats by the window in "
             "coach C. Bicycles must be booked separately, so let us know if you're bringing one.",
     "asks": {"<town>": (("Where is the train trip to?", "The trip is to <town>."),),
              "<weekday>": (("On which day is the train journey?", "The train leaves on <weekday>."),),
              "<time>": (("What time does the train depart?", "It departs at <time>."),)}},
    {"genre": "booking confirmation",
     "text": "Hi <first name>, we're looking forward to welcoming you to Meadow Farm campsite in <month>. "
             "You've booked pitch <count>, which sits at the edge of the field close to the stream. The "
             "showers are open all day, and fresh bread is sold at the office every morning. Please arrive "
             "after two.",
     "asks": {"<month>": (("In which month is the camping trip?", "The stay is in <month>."),),
              "<count>": (("Which pitch has been reserved?", "The pitch is number <count>."),)}},
    {"genre": "itinerary",
     "text": "Itinerary for the choir's weekend away. We leave from the church car park on Friday at <time> "
             "sharp. The coach is run by <company>, and the driver has asked that nobody eats on board. On "
             "Saturday we sing at the cathedral in <city>, followed by a dinner of <food> at a local "
             "restaurant.",
     "asks": {"<time>": (("When does the choir's coach set off?", "The coach leaves at <time> on Friday."),),
              "<company>": (("Which firm provides the coach?", "The coach is run by <company>."),),
              "<city>": (("Where is the choir performing?", "They sing at the cathedral in <city>."),)}},
    {"genre": "booking confirmation",
     "text": "Your car hire is confirmed. You'll be driving a <car> or similar, collected from the desk in "
             "the arrivals hall. Please return it with a full tank by <time> on your last day, or a fuel "
             "charge will apply. Your confirmation code is <code>, and extra drivers can be added at the "
             "desk.",
     "asks": {"<car>": (("What model is the hire car?", "The hire car is a <car>."),),
              "<time>": (("By what time must the car be brought back?", "It must be returned by <time>."),),
              "<code>": (("What is the code for the car booking?", "The confirmation code is <code>."),)}},
    # A teacher's note to parents
    {"genre": "note to parents",
     "text": "Dear parents, on <weekday> Year 4 are going on a trip to the science museum. The coach leaves "
             "at nine, so please make sure your child arrives on time. They will need a packed lunch and a "
             "waterproof coat. The cost is £<price>, which can be paid at the school office.",
     "asks": {"<weekday>": (("What day is the museum trip?", "The trip is on <weekday>."),),
              "<price>": (("How much does the trip cost?", "The trip costs £<price>."),)}},
    {"genre": "note to parents",
     "text": "Dear families, I'm delighted to tell you that <name> will be joining us as class teacher "
             "after half term. They taught at <school> for several years before moving to the area. In "
             "their spare time they enjoy <hobby>, and I'm sure the children will have lots of questions "
             "about it.",
     "asks": {"<name>": (("Who is the new class teacher?", "The new class teacher is <name>."),),
              "<school>": (("Where did the new teacher work before?", "They taught at <school>."),),
              "<hobby>": (("What does the new teacher do for fun?", "The new teacher enjoys <hobby>."),)}},
    {"genre": "note to parents",
     "text": "Dear parents, a child in Robin class has a severe allergy to <allergen>, and we want everyone "
             "to understand how serious it can be. Staff have been trained, and an adrenaline pen is kept "
             "in the office at all times. If you have any questions, the school nurse is happy to talk. "
             "Thank you for helping us keep everyone safe.",
     "asks": {"<allergen>": (("Which allergy do the Robin class parents need to know about?",
                              "A pupil has a severe allergy to <allergen>."),
                             ("What is the pupil in Robin class allergic to?",
                              "The pupil is allergic to <allergen>."))}},
    {"genre": "note to parents",
     "text": "Hello everyone, this term our topic is <country>. Each child will make a small project at "
             "home, whether a poster, a model or a little book, and bring it in by <date>. We'll also be "
             "picking up a few words of <language>, which Mrs Okafor speaks fluently.",
     "asks": {"<country>": (("What country are the class learning about?", "The topic is <country>."),),
              "<date>": (("When are the home projects due?", "The projects are due by <date>."),),
              "<language>": (("Which language will the children learn some words of?",
                              "They will learn some <language>."),)}},
    {"genre": "note to parents",
     "text": "A reminder that sports day is on <date> on the big field. Children should come to school in "
             "their PE kit with a hat and a water bottle. After the races there will be a staff against "
             "Year 6 <sport> match, which is always chaotic. Parents are welcome from <time>.",
     "asks": {"<date>": (("When is sports day?", "Sports day is on <date>."),),
              "<sport>": (("What game will the teachers play against the oldest pupils?",
                           "They will play <sport>."),),
              "<time>": (("What time can parents come to watch?", "Parents can come from <time>."),)}},
    {"genre": "note to parents",
     "text": "Dear parents, your child has been offered a free place in our new after-school music club, "
             "run by <name>. Every pupil will learn the <instrument>, and instruments can be borrowed for "
             "the whole term. Sessions take place in the hall every <weekday> and finish at half past four.",
     "asks": {"<name>": (("Who runs the music club?", "The music club is run by <name>."),),
              "<instrument>": (("What instrument will the children be taught?",
                                "They will learn the <instrument>."),),
              "<weekday>": (("On which day does the music club meet?", "It meets every <weekday>."),)}},
    {"genre": "note to parents",
     "text": "Some news from Class 2: we have a new class pet, an adorable <animal> the children have named "
             "<word>. During the holidays families take turns looking after it, so do let me know if you "
             "can help. Next week we'll also visit the <shop> on the corner to learn about handling money.",
     "asks": {"<animal>": (("What kind of animal is the class pet?",
                            "The class pet is an adorable <animal>."),),
              "<word>": (("What is the class pet called?", "The class pet is called <word>."),),
              "<shop>": (("Where is Class 2 going next week?", "They are visiting the <shop>."),)}},
    # Gardener's and allotment diary
    {"genre": "garden diary",
     "text": "<month>, first week, and dry at last. Dug over the bed by the shed at last and spread the "
             "manure. The farmer over the hedge is already bringing in his <crop>. Old <name> from plot "
             "twelve came over to lend me a hoe and gave me far too much advice. The robin followed me "
             "around all morning.",
     "asks": {"<month>": (("When did I dig over the bed by the shed?", "It was in <month>."),),
              "<crop>": (("What is the farmer next to the allotment harvesting?",
                          "The farmer is bringing in <crop>."),),
              "<name>": (("Who lent me a hoe?", "<name> from plot twelve lent me a hoe."),)}},
    {"genre": "garden diary",
     "text": "Saturday. Rain all morning, so I sat in the shed sorting seed packets and drinking <drink> "
             "from the flask. When it cleared, I planted out the <flower> seedlings along the fence. The "
             "<tree> by the gate is dropping its leaves already, which seems early to me.",
     "asks": {"<drink>": (("What was I drinking in the shed?", "I was drinking <drink>."),),
              "<flower>": (("What did I plant along the fence?", "I planted <flower> seedlings."),),
              "<tree>": (("Which tree is losing its leaves early?",
                           "The <tree> by the gate is dropping its leaves early."),)}},
    {"genre": "garden diary",
     "text": "Harvest day. Picked <count> kilos of plums from the old tree, far more than we can possibly "
             "eat. Gave a bag to the couple on plot seven and another to <first name>, who runs the "
             "allotment shop on Sundays. Jam-making tomorrow, if I can find enough clean jars.",
     "asks": {"<count>": (("How many kilos of plums did I pick?", "I picked <count> kilos of plums."),),
              "<first name>": (("Who looks after the allotment shop?",
                                "<first name> runs the allotment shop."),)}},
    {"genre": "garden diary",
     "text": "Pests again. Something has been at the lettuces, slugs most likely, though my neighbour "
             "swears it's the local <animal>. I've put down wool pellets and a beer trap. The water butt is "
             "almost empty, and the committee says the new pipe won't be connected until <date>.",
     "asks": {"<animal>": (("What does the neighbour blame for the eaten lettuces?",
                            "The neighbour blames the local <animal>."),),
              "<date>": (("When will the allotment get its new water pipe?",
                          "The pipe will be connected on <date>."),)}},
    {"genre": "garden diary",
     "text": "Committee meeting tonight in the hut. We voted to spend £<price> on a new compost bay, and "
             "<name> was elected treasurer after Doris stepped down. Plot rents go up in the <season>, "
             "which nobody was pleased about. Home by nine, muddy boots and all.",
     "asks": {"<price>": (("How much will the new compost bay cost?", "The compost bay costs £<price>."),),
              "<name>": (("Who is the new treasurer of the allotments?", "The new treasurer is <name>."),),
              "<season>": (("When are the plot rents rising?", "Rents go up in the <season>."),)}},
    {"genre": "garden diary",
     "text": "Sunny at last. Sat on the bench for an hour watching the bees in the <flower> border. My "
             "grandchild <first name> came to help and found a frog under the rhubarb leaves, which made "
             "their day. We sowed carrots in the far bed, and they wrote all the labels themselves.",
     "asks": {"<flower>": (("Which flowers were the bees visiting?",
                            "The bees were in the <flower> border."),),
              "<first name>": (("What is my grandchild called?", "My grandchild is <first name>."),)}},
    {"genre": "garden diary",
     "text": "Plans for next year, written by the fire. More beans, fewer courgettes and definitely no "
             "pumpkins. I'd like to plant a young <tree> in the corner where the old shed stood, and dig a "
             "pond for the frogs. The seed catalogue from <company> came this morning, so I'll order by "
             "<month>.",
     "asks": {"<tree>": (("What tree do I want to plant in the corner?", "I want to plant a young <tree>."),),
              "<company>": (("Who sent the seed catalogue?", "The catalogue came from <company>."),),
              "<month>": (("When do I mean to order my seeds?", "I'll order by <month>."),)}},
    # Pet adoption profiles
    {"genre": "adoption profile",
     "text": "Meet <name>, a gentle <dog breed> who came to us when his owner moved into a care home. He's "
             "<number word> years old, house-trained and walks nicely on a lead. He'd suit a quiet home "
             "without cats. He loves a fuss and will lean against your legs until you give in.",
     "asks": {"<name>": (("What is the dog up for adoption called?", "The dog is called <name>."),),
              "<dog breed>": (("What breed is the rescue dog?", "He is a gentle <dog breed>."),),
              "<number word>": (("How old is the dog?", "He is <number word> years old."),)}},
    {"genre": "adoption profile",
     "text": "<word> is a shy tabby cat looking for her forever home. She was found living under a garden "
             "shed on <street> and took weeks to trust our volunteers. Now she purrs the moment you walk "
             "in. She's <number word> years old and would love a home where she can go outside.",
     "asks": {"<word>": (("What is the tabby's name?", "The tabby cat is called <word>."),),
              "<street>": (("Where was the cat discovered?", "She was found on <street>."),),
              "<number word>": (("What age is the cat?", "She is <number word> years old."),)}},
    {"genre": "adoption profile",
     "text": "These two rabbit brothers, Biscuit and Crumble, must be rehomed together as they're "
             "inseparable. They were handed in by a family in <town> who were moving abroad. They like "
             "fresh greens, digging, and being left alone while they eat. The adoption fee of £<price> "
             "covers their vaccinations.",
     "asks": {"<town>": (("Where did the rabbits live before?", "They came from a family in <town>."),),
              "<price>": (("How much does it cost to adopt the rabbits?", "The fee is £<price>."),)}},
    {"genre": "adoption profile",
     "text": "Why not sponsor <name>, the oldest <animal> at our wildlife park? She came to us <number "
             "word> years ago after being hurt on a busy road, and she has ruled her enclosure ever since. "
             "Sponsors receive a certificate, a photo and a newsletter twice a year.",
     "asks": {"<name>": (("Which animal at the park can you sponsor?", "You can sponsor <name>."),),
              "<animal>": (("What kind of creature is the one you can sponsor?",
                            "She is the park's oldest <animal>."),),
              "<number word>": (("How long has she lived at the wildlife park?",
                                 "She arrived <number word> years ago."),)}},
    {"genre": "adoption profile",
     "text": "<name> is a bouncy young <dog breed> cross with boundless energy and not much sense. He needs "
             "an active family, ideally with a garden and someone at home most of the day. He's been "
             "neutered and microchipped. Please note he is allergic to <allergen>, so his new owners will "
             "need to be careful.",
     "asks": {"<name>": (("What is the energetic dog called?", "The dog is called <name>."),),
              "<dog breed>": (("What sort of dog is he?", "He is part <dog breed>."),),
              "<allergen>": (("What must the dog be kept away from?", "He is allergic to <allergen>."),)}},
    {"genre": "adoption profile",
     "text": "Our foster carer <first name> writes: Bramble has been with me for six weeks and has come on "
             "so well. She was terrified of the hoover at first, and now she naps right through it. She'll "
             "do anything for a bit of <cheese>. She's ready for a home of her own, ideally near <city> so "
             "I can visit.",
     "asks": {"<first name>": (("Who has been fostering Bramble?", "<first name> has been fostering her."),),
              "<cheese>": (("What treat does Bramble love?", "Bramble loves <cheese>."),),
              "<city>": (("Where would the foster carer like Bramble to be rehomed?",
                          "She would like Bramble to live near <city>."),)}},
    {"genre": "adoption profile",
     "text": "Luna and Pepper are sister cats, both black with white socks. They're affectionate but can be "
             "nervous around small children. Their profile number is <code>, so please quote it when you "
             "apply. Home visits are carried out by our volunteer, <name>, and applications close on "
             "<date>.",
     "asks": {"<code>": (("What number should you give when applying for the two cats?",
                          "Their profile number is <code>."),),
              "<name>": (("Who does the home visits?", "The home visits are done by <name>."),),
              "<date>": (("What is the deadline for applying?", "Applications close on <date>."),)}},
    # Short professional bios
    {"genre": "professional bio",
     "text": "<name> grew up in <town> and studied <subject> at university. After a decade at <company>, "
             "she set up her own consultancy, helping small charities find funding. She is a trustee of the "
             "local food bank and, outside work, an enthusiastic if rather slow marathon runner.",
     "asks": {"<town>": (("Where is the consultant from?", "She grew up in <town>."),),
              "<subject>": (("What was her degree in?", "She studied <subject>."),),
              "<company>": (("Where did she work before going independent?", "She worked at <company>."),)}},
    {"genre": "professional bio",
     "text": "Dr <name> trained in <city> and has worked at our practice since it first opened. She speaks "
             "<language> as well as English and has a special interest in sports injuries. Patients can "
             "book with her on any day except <weekday>, when she teaches at the medical school.",
     "asks": {"<city>": (("Where did the doctor do her training?", "She trained in <city>."),),
              "<language>": (("Which other language does the doctor speak?", "She also speaks <language>."),),
              "<weekday>": (("On which day can't patients see the doctor?",
                             "She is not available on <weekday>."),)}},
    {"genre": "professional bio",
     "text": "Our speaker this evening, <name>, spent many years as a qualified <job> before turning to "
             "writing. Her first novel, set in a fishing village in <country>, was shortlisted for several "
             "prizes. She now lives on the coast with her partner and two noisy dogs.",
     "asks": {"<job>": (("What did the speaker do for a living before writing?",
                         "She worked as a qualified <job>."),),
              "<country>": (("Where does her first novel take place?", "The novel is set in <country>."),),
              "<name>": (("Who is giving tonight's talk?", "The speaker is <name>."),)}},
    {"genre": "professional bio",
     "text": "<name> plays the <instrument> with <band>, who have toured widely since forming at college. "
             "Before music took over, he taught <subject> at a secondary school for six years. He still "
             "runs a free workshop for young players every summer.",
     "asks": {"<instrument>": (("What instrument does he play in the group?", "He plays the <instrument>."),),
              "<band>": (("Which band is he in?", "He plays with <band>."),),
              "<subject>": (("What did he teach before becoming a musician?", "He taught <subject>."),)}},
    {"genre": "professional bio",
     "text": "Head chef <name> learned to cook in her grandmother's kitchen in <country>, where Sunday "
             "lunch meant <food> for twenty people. She trained in London and ran a busy hotel kitchen "
             "before opening this restaurant. Her menus change with the seasons and rely on small local "
             "farms.",
     "asks": {"<name>": (("Who is in charge of the restaurant's kitchen?", "The head chef is <name>."),),
              "<country>": (("Where did the chef first learn to cook?",
                             "She learned to cook in <country>."),),
              "<food>": (("What did the family eat at Sunday lunch?", "Sunday lunch was <food>."),)}},
    {"genre": "professional bio",
     "text": "Coach <name> joined <team> as head of youth development last season. A former professional "
             "player, he retired early after a knee injury and moved into coaching. He holds a degree in "
             "<subject>, and parents say he has a gift for explaining things simply.",
     "asks": {"<team>": (("Which club does the coach work for?", "He works for <team>."),),
              "<subject>": (("What did the coach study?", "He has a degree in <subject>."),),
              "<name>": (("Who is head of youth development at the club?",
                           "The head of youth development is Coach <name>."),)}},
    {"genre": "professional bio",
     "text": "<name> is the founder of <company>, a small design studio known for homes built from "
             "<material>. Before that, she spent ten years restoring old farm buildings in the north. She "
             "lectures part time and sits on the town's planning committee.",
     "asks": {"<company>": (("What is the name of her studio?", "Her studio is <company>."),),
              "<material>": (("What do her houses tend to be made of?", "They are built from <material>."),),
              "<name>": (("Who started the design studio?", "The studio was founded by <name>."),)}},
    {"genre": "professional bio",
     "text": "<name> has taught <subject> at <school> for <count> years and is now head of the sixth form. "
             "Her work on helping shy pupils speak up in class has been shared with schools across the "
             "region. Outside school, she sings in a choir and grows more tomatoes than her family can eat.",
     "asks": {"<subject>": (("Which subject does she teach?", "She teaches <subject>."),),
              "<school>": (("Which school does she work at?", "She works at <school>."),),
              "<count>": (("How long has she been teaching there?",
                           "She has taught there for <count> years."),)}},
    {"genre": "professional bio",
     "text": "Volunteer spotlight: <first name> has been helping at our Saturday repair café for three "
             "years. By day a qualified <job>, our volunteer spends weekends mending toasters, lamps and the "
             "odd sewing machine. Ask about the best part and you'll hear: the tea and gossip afterwards.",
     "asks": {"<first name>": (("Which volunteer is featured this month?",
                                "The featured volunteer is <first name>."),),
              "<job>": (("What is the volunteer's day job?",
                          "By day the volunteer is a qualified <job>."),)}},
)

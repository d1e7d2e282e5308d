"""Attributes of a person for the English corpus: key, label, value kind and phrasings.

A phrasing is a template with these slots, so one template serves "I" and "she":
  {v} the value; {a} "a" or "an" for the value; {I} {my} {me} the person (I/my/me in first person,
  she/her/her in a third-person statement, "Dana"/"Dana's"/"Dana" in a third-person question);
  [x|y] x in first person, y in third ("[live|lives]").
`says`/`asks` are train phrasings; `hsays`/`hasks` appear only in the held-out split. Attributes with
`generic=True` also take the generic frames of `english_text` ("My {label} is {v}."). Held-out
attribute kinds are listed in `HELDOUT_PERSON`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attr:
    key: str                      # the fact's name: QA.kind and meta["facts"] key
    label: str                    # noun phrase for generic frames: "cat's name"
    kind: str                     # value kind: an english_values POOLS or SYNTH name
    says: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    hsays: tuple[str, ...] = ()
    hasks: tuple[str, ...] = ()
    generic: bool = True          # whether "my {label} is {v}" reads as English for this attribute


def _named(rel: str) -> Attr:
    """A relative or acquaintance whose name is the value."""
    return Attr(f"{rel} name", f"{rel}'s name", "name",
                (f"{{my}} {rel} is called {{v}}.", f"{{my}} {rel} goes by {{v}}.",
                 f"{{I}} [have|has] {'an' if rel[0] in 'aeiou' else 'a'} {rel} named {{v}}."),
                (f"What's {{my}} {rel} called?", f"What is the name of {{my}} {rel}?",
                 f"Who is {{my}} {rel}?"),
                (f"{{v}} is the name of {{my}} {rel}.",), (f"What name does {{my}} {rel} go by?",))


def _pet(animal: str) -> Attr:
    return Attr(f"{animal} name", f"{animal}'s name", "name",
                (f"{{my}} {animal} is called {{v}}.", f"{{I}} [have|has] a {animal} named {{v}}.",
                 f"{{I}} named {{my}} {animal} {{v}}."),
                (f"What's {{my}} {animal} called?", f"What did {{I}} name {{my}} {animal}?",
                 f"What is the name of {{my}} {animal}?"),
                (f"{{my}} {animal} answers to {{v}}.",), (f"Which name did {{my}} {animal} get?",))


def _plain(key: str, kind: str, says: tuple[str, ...] = (), asks: tuple[str, ...] = (),
           hsays: tuple[str, ...] = (), hasks: tuple[str, ...] = (), label: str = "",
           generic: bool = True) -> Attr:
    """An attribute whose key reads as its own label ("locker code") unless `label` is given."""
    return Attr(key, label or key, kind, says, asks, hsays, hasks, generic)


def _fav(thing: str, kind: str, says: tuple[str, ...] = (), asks: tuple[str, ...] = ()) -> Attr:
    """A favourite; "favorite" spelling appears in questions too, as users type both."""
    return Attr(f"favourite {thing}", f"favourite {thing}", kind,
                (f"{{I}} [love|loves] {{v}} more than any other {thing}.",
                 f"If {{I}} had to pick one {thing}, it would be {{v}}.") + says,
                (f"What is {{my}} favorite {thing}?", f"Which {thing} [do|does] {{I}} like best?") + asks,
                (f"No {thing} beats {{v}}, as far as {{I}} [am|is] concerned.",),
                (f"Which {thing} [do|does] {{I}} prefer over all others?",))


def _job(key: str, who: str, whose: str, hsay: str) -> Attr:
    """A job held by the person (who="{I}") or a relative (who="{my} mother"): these take an article,
    so they have no generic frames."""
    me = who == "{I}"
    work, be, earn, do = ("[work|works]", "[am|is]", "[earn|earns]", "[do|does]") if me else \
        ("works", "is", "earns", "does")
    return Attr(key, key, "job",
                (f"{who} {work} as {{a}} {{v}}.", f"{who} {be} {{a}} {{v}}.",
                 f"{who} {earn} a living as {{a}} {{v}}."),
                (f"What {do} {who} do for a living?", f"What is {whose} job?", f"What {do} {who} work as?"),
                (hsay,), (f"What line of work {be} {who} in?",), generic=False)


_RELATIVES = ("sister", "brother", "mother", "father", "grandmother", "grandfather", "son", "daughter",
              "partner", "best friend", "cousin", "uncle", "aunt", "niece", "nephew", "boss",
              "neighbour", "flatmate", "doctor", "dentist", "landlord", "coach", "piano teacher",
              "godmother", "childhood friend")
_PETS = ("cat", "dog", "parrot", "rabbit", "horse", "goldfish", "tortoise", "hamster")

PERSON: tuple[Attr, ...] = tuple(_named(r) for r in _RELATIVES) + tuple(_pet(a) for a in _PETS) + (
    Attr("pet", "pet", "animal", ("{I} [keep|keeps] {a} {v} as a pet.", "At home {I} [have|has] {a} {v}.",
                                  "{I} [look|looks] after {a} {v} at home."),
         ("What kind of pet [do|does] {I} have?", "What animal [do|does] {I} keep at home?"),
         ("{I} [share|shares] the flat with {a} {v}.",), ("Which animal lives with {me}?",), generic=False),
    Attr("dog breed", "dog's breed", "dog breed", ("{my} dog is {a} {v}.", "{I} [own|owns] {a} {v}.",
                                                   "The dog {I} walk[|s] every morning is {a} {v}."),
         ("What breed is {my} dog?", "What kind of dog [do|does] {I} have?"),
         ("{my} dog, {a} {v}, sleeps on the sofa.",), ("Which breed of dog [do|does] {I} own?",), generic=False),
    _plain("nickname", "name", ("Everyone calls {me} {v}.", "{my} friends call {me} {v}."),
           ("What do people call {me}?", "What nickname [do|does] {I} go by?")),
    _plain("middle name", "name", ("{my} middle name is {v}, after {my} grandfather.",)),
    _plain("mother's maiden name", "name", ("Before she married, {my} mother was called {v}.",)),
    _plain("city", "city", ("{I} [live|lives] in {v}.", "These days {I} [am|is] based in {v}.",
                            "Home for {me} is {v} now."),
           ("Where [do|does] {I} live?", "Which city [do|does] {I} live in?", "What city is {my} home?"),
           ("{I} [rent|rents] a small flat in {v}.",), ("In which city [am|is] {I} living?",)),
    _plain("hometown", "city", ("{I} grew up in {v}.", "{I} [am|is] originally from {v}."),
           ("Where did {I} grow up?", "Where [am|is] {I} from originally?")),
    _plain("birthplace", "city", ("{I} was born in {v}.",), ("Where was {I} born?",)),
    _plain("home country", "country", ("{my} family comes from {v}.", "{I} [am|is] from {v}."),
           ("Which country [am|is] {I} from?",)),
    _plain("dream destination", "country", ("{I} [dream|dreams] of visiting {v} one day.",),
           ("Which country [do|does] {I} want to visit?",)),
    _plain("last holiday", "city", ("{my} last holiday was in {v}.", "Last summer {I} went to {v}."),
           ("Where did {I} go on holiday last?",), label="last holiday destination"),
    _plain("sister's city", "city", ("{my} sister lives in {v}.",), ("Where does {my} sister live?",)),
    _plain("parents' city", "city", ("{my} parents live in {v}.",), ("Where do {my} parents live?",)),
    _plain("street", "street", ("{I} [live|lives] on {v}.", "{my} address is on {v}."),
           ("What street [do|does] {I} live on?",)),
    _plain("office city", "city", ("{my} office is in {v}.", "{I} [commute|commutes] to {v} for work."),
           ("Where is {my} office?",)),
    _plain("honeymoon destination", "city", ("{I} spent {my} honeymoon in {v}.",),
           ("Where did {I} go on {my} honeymoon?",)),
    _plain("university city", "city", ("{I} went to university in {v}.",), ("Where did {I} study?",)),
    _plain("grandmother's village", "town", ("{my} grandmother lives in a village called {v}.",),
           ("What is the village where {my} grandmother lives?",)),
    _plain("neighbourhood", "town", ("{I} [live|lives] in a neighbourhood called {v}.",),
           ("What is {my} neighbourhood called?",)),
    _job("job", "{I}", "{my}", "By profession {I} [am|is] {a} {v}."),
    _job("previous job", "{I}", "{my} old", "Before this job {I} worked as {a} {v}."),
    _job("mother's job", "{my} mother", "{my} mother's", "{my} mother has been {a} {v} for years."),
    _job("father's job", "{my} father", "{my} father's", "{my} father trained as {a} {v}."),
    _job("sister's job", "{my} sister", "{my} sister's", "{my} sister recently qualified as {a} {v}."),
    _plain("dream job", "job", ("One day {I} would love to be {a} {v}.", "{I} always wanted to be {a} {v}.",
                                "If {I} could start over, {I} would train as {a} {v}."),
           ("What is {my} dream job?", "What [do|does] {I} want to be one day?"),
           ("Secretly {I} [wish|wishes] to become {a} {v}.",), ("Which job [do|does] {I} dream of?",),
           generic=False),
    _plain("employer", "company", ("{I} [work|works] for {v}.", "{I} got a job at {v}."),
           ("Who [do|does] {I} work for?", "Which company [do|does] {I} work at?")),
    _plain("school", "school", ("{I} went to {v}.", "{I} was a pupil at {v}."),
           ("Which school did {I} go to?",)),
    _plain("degree subject", "subject", ("{I} studied {v} at university.", "{my} degree is in {v}."),
           ("What did {I} study?", "What is {my} degree in?")),
    _plain("favourite school subject", "subject", ("At school {I} liked {v} best.",),
           ("What subject did {I} like best at school?",)),
    _plain("office floor", "floor", ("{my} office is on floor {v}.",), ("Which floor is {my} office on?",)),
    _plain("employee number", "code", ("{my} staff ID is {v}.",), ("What is {my} staff ID?",)),
    _plain("project codename", "word", ("The project {I} [am|is] on is codenamed {v}.",),
           ("What is {my} project codenamed?",)),
    _fav("colour", "colour", ("{I} [paint|paints] everything {v} if {I} can.",), ("What colour [do|does] {I} like most?",)),
    _fav("food", "food", ("{I} could eat {v} every day.",), ("What [do|does] {I} like to eat most?",)),
    _fav("fruit", "fruit"),
    _fav("drink", "drink", ("{I} [drink|drinks] {v} all day long.",), ("What [do|does] {I} like to drink?",)),
    _fav("band", "band", ("{I} [have|has] seen {v} live four times.",), ("Which band [do|does] {I} love?",)),
    _fav("kind of music", "genre", ("{I} mostly [listen|listens] to {v}.",), ("What music [do|does] {I} listen to?",)),
    _fav("kind of film", "film genre", ("{I} mostly [watch|watches] {v}.",), ("What films [do|does] {I} like?",)),
    _fav("sport", "sport", ("{I} never miss[|es] a {v} match on TV.",)),
    _fav("flower", "flower"),
    _fav("animal", "animal"),
    _fav("season", "season", ("{I} [am|is] happiest in {v}.",)),
    _fav("day of the week", "weekday", ("{v} is the best day of the week for {me}.",)),
    _fav("city", "city", ("No city feels like {v} to {me}.",)),
    _fav("author", "name", ("{I} [have|has] read every book by {v}.",), ("Who is {my} favorite writer?",)),
    _fav("singer", "name", ("{I} [know|knows] every song by {v}.",)),
    _fav("football team", "team", ("{I} [support|supports] {v}.",), ("Which team [do|does] {I} support?",)),
    _fav("book", "word", ("{I} [reread|rereads] {v} every winter.",)),
    _fav("board game", "word", ("{I} [play|plays] {v} every Friday with friends.",)),
    _fav("restaurant", "word", ("{I} eat[|s] at {v} whenever {I} can.",), ("Where [do|does] {I} like to eat out?",)),
    _fav("ice cream flavour", "flavour", ("{I} always [order|orders] {v} ice cream.",)),
    _fav("cheese", "cheese"),
    _fav("dessert", "food"),
    _plain("least favourite food", "food", ("{I} can't stand {v}.", "{I} [hate|hates] {v}."),
           ("What food [do|does] {I} dislike?", "Which dish [do|does] {I} hate?")),
    _plain("hobby", "hobby", ("In {my} free time {I} [enjoy|enjoys] {v}.", "{I} [spend|spends] weekends on {v}."),
           ("What [do|does] {I} do in {my} free time?", "What is {my} hobby?")),
    _plain("hobby to try", "hobby", ("Next year {I} [want|wants] to try {v}.",
                                     "{I} [am|is] curious about {v} and might start soon.",
                                     "{I} [have|has] always wanted to take up {v}."),
           ("What [do|does] {I} want to try next year?", "Which new hobby [am|is] {I} thinking of?"),
           ("Some day soon {I} will give {v} a go.",), ("What hobby is on {my} wish list?",),
           generic=False),
    _plain("sport played", "sport", ("{I} [play|plays] {v} on weekends.", "{I} [am|is] in a {v} club."),
           ("What sport [do|does] {I} play?",), label="sport"),
    _plain("instrument", "instrument", ("{I} [play|plays] the {v}.", "{I} [have|has] been learning the {v}."),
           ("Which instrument [do|does] {I} play?", "What [do|does] {I} play?"),
           ("{I} took up the {v} as a child.",), ("Which instrument did {I} take up as a child?",)),
    _plain("language learning", "language", ("{I} [am|is] learning {v}.", "{I} take[|s] {v} lessons.",
                                             "{I} practise[|s] {v} with an app every night."),
           ("Which language [am|is] {I} learning?", "What language [am|is] {I} studying?"),
           ("{I} signed up for an evening class in {v}.",), ("Which language [do|does] {I} have lessons in?",),
           generic=False),
    _plain("first language", "language", ("{my} first language is {v}.", "{I} grew up speaking {v}."),
           ("What is {my} mother tongue?",)),
    _plain("second language", "language", ("{I} also [speak|speaks] {v}.",), ("What else [do|does] {I} speak?",)),
    _plain("gym day", "weekday", ("{I} go[|es] to the gym every {v}.",), ("When [do|does] {I} go to the gym?",)),
    _plain("book club name", "word", ("{my} book club is called {v}.",)),
    _plain("team", "team", ("{I} [play|plays] for {v} on Sundays.",), ("Which team [do|does] {I} play for?",)),
    _plain("allergy", "allergen", ("{I} [am|is] allergic to {v}.", "Anything with {v} makes {me} ill."),
           ("What [am|is] {I} allergic to?", "What allergy [do|does] {I} have?")),
    _plain("blood type", "blood type", ("{my} blood group is {v}.",), ("What blood group [am|is] {I}?",)),
    _plain("shoe size", "shoe size", ("{I} take[|s] a size {v} shoe.", "{I} wear[|s] size {v} shoes."),
           ("What size shoes [do|does] {I} wear?",)),
    _plain("height", "height", ("{I} [am|is] {v} centimetres tall.",), ("How tall [am|is] {I}?",)),
    _plain("age", "age", ("{I} [am|is] {v} years old.", "{I} just turned {v}."), ("How old [am|is] {I}?",)),
    _plain("eye colour", "eye colour", ("{I} [have|has] {v} eyes.",), ("What colour are {my} eyes?",)),
    _plain("medication", "word", ("{I} take[|s] {v} every morning.",), ("What medicine [do|does] {I} take?",)),
    _plain("locker code", "code", ("The code for {my} locker is {v}.", "{my} gym locker opens with {v}."),
           ("What's the code for {my} locker?", "How [do|does] {I} open {my} locker?")),
    _plain("door code", "code", ("The code for {my} front door is {v}.",), ("How [do|does] {I} get in the building?",)),
    _plain("gate code", "code", ("The garden gate opens with {v}.",)),
    _plain("bike lock code", "code", ("{my} bike lock combination is {v}.",), ("What opens {my} bike lock?",)),
    _plain("safe combination", "code", ("The safe in {my} office opens with {v}.",)),
    _plain("alarm code", "code", ("To switch off {my} house alarm, {I} type {v}.",)),
    _plain("wifi password", "word", ("The wifi at {my} place is {v}.", "{my} home wifi password is {v}."),
           ("What's the wifi password at {my} place?",)),
    _plain("membership number", "code", ("{my} gym membership number is {v}.",)),
    _plain("library card number", "code", ("{my} library card has the number {v}.",)),
    _plain("passport number", "code", ("{my} passport number is {v}.",)),
    _plain("phone extension", "code", ("At work {I} can be reached on extension {v}.",)),
    _plain("flat number", "floor", ("{I} [live|lives] in flat {v}.",), ("Which flat [do|does] {I} live in?",)),
    _plain("house number", "small number", ("{my} house is number {v}.", "{I} [live|lives] at number {v}."),
           ("What number is {my} house?",)),
    _plain("lucky number", "small number", ("{my} lucky number has always been {v}.",)),
    _plain("bus number", "small number", ("{I} take[|s] the number {v} bus to work.",),
           ("Which bus [do|does] {I} take to work?",)),
    _plain("parking space", "small number", ("{I} always park[|s] in space {v}.",), ("Where [do|does] {I} park?",)),
    _plain("seat number", "small number", ("At the theatre {I} always book[|s] seat {v}.",)),
    _plain("phone number", "phone", ("{my} mobile number is {v}.", "{I} can be reached on {v}."),
           ("What's {my} mobile number?",)),
    _plain("username", "username", ("Online {I} go[|es] by {v}.", "{my} login name is {v}."),
           ("What is {my} online handle?",)),
    _plain("train time", "time", ("{my} train leaves at {v} every morning.",), ("When does {my} train leave?",)),
    _plain("alarm time", "time", ("{my} alarm goes off at {v}.", "{I} get[|s] up at {v} on weekdays."),
           ("What time [do|does] {I} get up?",)),
    _plain("yoga class time", "time", ("{my} yoga class starts at {v}.",), ("When does {my} yoga class start?",)),
    _plain("rent", "price", ("{my} rent is {v} pounds a month.", "{I} pay {v} pounds a month in rent."),
           ("How much rent [do|does] {I} pay?",)),
    _plain("phone bill", "price", ("{my} phone bill comes to {v} dollars a month.",),
           ("How much is {my} phone bill?",)),
    _plain("birthday", "date", ("{my} birthday is on {v}.", "{I} was born on {v}.", "{I} celebrate[|s] {my} birthday on {v}."),
           ("When is {my} birthday?", "What day [do|does] {I} celebrate {my} birthday?"),
           ("Every year on {v}, {I} [have|has] a party for {my} birthday.",), ("On which date [am|is] {I} a year older?",)),
    _plain("anniversary", "date", ("{my} wedding anniversary is on {v}.",), ("When is {my} wedding anniversary?",)),
    _plain("mother's birthday", "date", ("{my} mother's birthday is on {v}.",), ("When is {my} mum's birthday?",)),
    _plain("sister's birthday", "date", ("{my} sister was born on {v}.",), ("When was {my} sister born?",)),
    _plain("birth year", "year", ("{I} was born in the year {v}.",), ("What year was {I} born?",)),
    _plain("year moved", "year", ("{I} moved here in {v}.", "{I} [have|has] lived here since {v}.",
                                  "It was {v} when {I} moved to this town."),
           ("When did {I} move here?", "Since when [have|has] {I} lived here?"),
           ("{I} arrived here back in {v}.",), ("How long ago did {I} move here, what year?",), generic=False),
    _plain("graduation year", "year", ("{I} graduated in {v}.",), ("What year did {I} graduate?",)),
    _plain("start year", "year", ("{I} started at {my} current job in {v}.", "{I} joined {my} company in {v}.",
                                  "{I} [have|has] been in {my} current job since {v}."),
           ("When did {I} start {my} job?", "What year did {I} join {my} company?"),
           ("{my} first day at work was back in {v}.",), ("Since which year [have|has] {I} had this job?",),
           generic=False),
    _plain("holiday start", "date", ("{my} holiday starts on {v}.",), ("When does {my} holiday begin?",),
           label="holiday start date"),
    _plain("exam date", "date", ("{my} driving test is on {v}.",), ("When is {my} driving test?",),
           label="driving test date"),
    _plain("dentist appointment", "date", ("{I} [am|is] seeing the dentist on {v}.",),
           ("When [am|is] {I} seeing the dentist?",)),
    _plain("car", "car", ("{I} [drive|drives] a {v}.", "{my} car is a {v}.", "{I} bought a used {v} last year."),
           ("What car [do|does] {I} drive?", "What kind of car [do|does] {I} have?"),
           ("The car in {my} driveway is a {v}.",), ("Which model of car [do|does] {I} own?",),
           label="car model"),
    _plain("first car", "car", ("{my} first car was an old {v}.",), ("What was {my} first car?",)),
    _plain("dream car", "car", ("One day {I} [want|wants] to own a {v}.",), ("What car [do|does] {I} dream of?",)),
    _plain("car colour", "colour", ("{my} car is painted {v}.",), ("What colour is {my} car?",)),
    _plain("bike colour", "colour", ("{my} bike is {v}.",), ("What colour is {my} bike?",)),
    _plain("front door colour", "colour", ("{I} painted {my} front door {v}.",), ("What colour is {my} front door?",)),
    _plain("kitchen colour", "colour", ("The walls of {my} kitchen are {v}.",), ("What colour is {my} kitchen?",)),
    _plain("boat name", "name", ("{my} little boat is called {v}.",), ("What's {my} boat called?",)),
    _plain("car nickname", "name", ("{I} call {my} car {v}.",), ("What nickname did {I} give {my} car?",)),
    _plain("houseplant name", "name", ("{I} named {my} houseplant {v}.",), ("What's {my} plant called?",)),
    _plain("laptop name", "word", ("{my} laptop is named {v} on the network.",)),
    _plain("gym", "word", ("{my} gym is called {v}.", "{I} train[|s] at a gym called {v}."),
           ("Which gym [do|does] {I} go to?",)),
    _plain("local cafe", "word", ("{my} local cafe is called {v}.",), ("What's the cafe near {me} called?",)),
    _plain("podcast", "word", ("{I} host[|s] a small podcast called {v}.",), ("What is {my} podcast called?",)),
    _plain("star sign", "star sign", ("{I} [am|is] a {v}, if you believe in star signs.",),
           ("What is {my} zodiac sign?",)),
    _plain("coffee order", "drink", ("{I} always [order|orders] {a} {v} at the cafe.",),
           ("What [do|does] {I} usually order at the cafe?",)),
    _plain("sister's shop", "shop", ("{my} sister runs {a} {v}.", "{my} sister owns {a} {v} in town.",
                                     "{my} sister opened {a} {v} last spring."),
           ("What kind of shop does {my} sister run?", "What business does {my} sister have?"),
           ("{my} sister spends her days running {a} {v}.",), ("What does {my} sister's shop sell, what kind is it?",),
           generic=False),
    _plain("holiday cottage village", "town", ("{my} family has a cottage in {v}.",),
           ("Where is {my} family's cottage?",)),
    _plain("wedding venue", "town", ("{I} got married in {v}.",), ("Where did {I} get married?",)),
)

# About a fifth of the person attributes, never drawn in the train split.
HELDOUT_PERSON = frozenset({
    "nephew name", "landlord name", "coach name", "godmother name", "parrot name", "hamster name",
    "middle name", "birthplace", "honeymoon destination", "previous job", "father's job",
    "degree subject", "favourite flower", "favourite singer", "favourite cheese", "least favourite food",
    "second language", "blood type", "height", "library card number", "gate code", "bus number",
    "parking space", "yoga class time", "phone bill", "anniversary", "graduation year", "exam date",
    "bike colour", "boat name", "star sign", "podcast", "username", "grandmother's village", "first car",
})

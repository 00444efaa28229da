"""Who a request is for becomes the catalog's rule for that audience."""

from __future__ import annotations

import pytest

from bot.audience import AudienceRules, read_audience, without_the_absent
from bot.errors import ConfigError
from bot.understanding import Reader

GENRES = ["Action", "Animation", "Children", "Comedy", "Crime", "Horror", "Sci-Fi",
          "Thriller", "War"]


@pytest.mark.parametrize(("message", "group", "left"), [
    ("a funny movie for my 6-year-old", "young_child", "a funny movie for my"),
    ("something my 8 year old will like", "young_child", "something my will like"),
    ("for a toddler", "young_child", "for a"),
    ("a movie for kids", "child", "a movie for"),
    ("for my 11 yo", "child", "for my"),
    ("something for teenagers", "teen", "something for"),
    ("my 15-year-old", "teen", "my"),
    ("for grown-ups", "adult", "for"),
    ("movie night with the whole family", "family", "movie night with"),
    ("the kids and my 4 year old", "young_child", "the and my"),  # the youngest decides
    ("for my nephew who is 9", "child", "for my"),
    ("movies my grandma would like", "adult", "movies would like"),
    ("something for me and my wife", "adult", "something and"),
    ("for the grandkids", "child", "for"),
    ("for kids under 10 years old", "child", "for"),  # 9 at most
    ("my twins are 7, something for a rainy day", "young_child", "my , something for a rainy day"),
    ("watching my niece, shes 2 and a half", "young_child", "watching , and a half"),
    ("a film the whole fam can watch", "family", "a film can watch"),
    ("just me and the wife tonight", "adult", "just tonight"),
    ("my lil one is 5 and obsessed w trains", "young_child", "my and obsessed w trains"),
    ("nephews are 8 and 11, need a film", "young_child", ", need a film"),
    # an age said for the people named by who they are says more than the word
    ("movie for my daughter and her mates, they're all 16", "teen", "movie for and her mates,"),
    ("girls night in, all of us in our 30s", "adult", ", all of us"),  # no 1930s
    ("me my husband and our 2 kids (7 and 13)", "young_child", "me and our 2"),
    ("for my niece, she just turned 9 last week", "child", "for , last week"),
    ("its for me, im 34", "adult", "its ,"),
    ("my 14 yr old says cartoons are for BABIES now", "teen",
     "my says cartoons are for BABIES now"),  # an opinion of cartoons
    ("and for me, after she's in bed, a heist film", "adult",
     "and , after she's in bed, a heist film"),
    ("babysitting twin toddlers and their 10yo brother", "young_child",
     "babysitting twin and their brother"),
    # ages said the way people say them
    ("my lad's 7 and has watched frozen 400 times", "young_child",
     "my and has watched frozen 400 times"),
    ("family film night, the youngest is 3 and the eldest is 14", "young_child",
     "family film night, the and the"),
    ("kuch acchi si movie batao, mera beta 4 saal ka hai", "young_child",
     "kuch acchi si movie batao, mera beta ka hai"),
    ("film for my 13th birthday sleepover", "teen", "film for my sleepover"),
    ("lads night in, all of us late 20s", "adult", "in,"),  # no films of 1926-29
    ("something all 3 generations can sit thru", "family", "something can sit thru"),
    ("the baby is 18 months, anything gentle?", "young_child",
     "the is 18 months, anything gentle?"),
])
def test_ages_and_groups(message, group, left):
    audience, rest = read_audience(message)
    assert audience is not None and audience.group == group
    assert " ".join(rest.split()) == left


@pytest.mark.parametrize("message", ["explain it like I'm 10", "a comedy", "say it like im 5"])
def test_no_audience(message):
    assert read_audience(message)[0] is None


def test_the_age_of_whom_a_story_is_about_is_no_audience():
    assert read_audience("a movie about a 10 year old who solves mysteries")[0] is None
    assert read_audience("a movie where some kid blows 100 dollars")[0] is None
    assert read_audience("the main character is an 8 year old genius")[0] is None


def test_who_is_away_is_not_who_it_is_for():
    rest = without_the_absent("adults only tonight, kids are at grandmas")
    assert read_audience(rest)[0].group == "adult"
    rest = without_the_absent("just us tonight, the kids are finally asleep")
    assert read_audience(rest)[0] is None and "kids" not in rest
    assert read_audience(without_the_absent("for the kids, they are bored"))[0] is not None
    rest = without_the_absent("the kids are grown and gone, its just me and hubby now")
    assert read_audience(rest)[0].group == "adult"


def test_the_rule_names_only_the_catalogs_own_values():
    rules = AudienceRules.of({"genres": GENRES})
    young = rules.rules["young_child"]
    assert young.filters == ("genres=Children|Animation", "genres!=Horror|War|Crime|Thriller")
    assert not AudienceRules.of({"category": ["Snacks"]}).active  # a shop: no rule applies


def test_a_young_child_gets_the_rule_as_hard_filters():
    reader = Reader({"genres": GENRES}, audiences=AudienceRules.of({"genres": GENRES}))
    said = reader.read("a funny space movie for my 6-year-old")
    assert said.audience is not None and said.audience.age == 6
    assert "genres=Children|Animation" in said.filters and "Children" in said.wanted
    assert "6" not in said.query and "year" not in said.query


@pytest.mark.parametrize("message", ["use words a kid would get", "explain it like I'm 10",
                                     "movies less than 10 years old"])
def test_words_about_the_words_or_a_films_age_are_no_audience(message):
    reader = Reader({"genres": GENRES}, audiences=AudienceRules.of({"genres": GENRES}))
    said = reader.read(message)
    assert said.audience is None and "Children" not in said.wanted


@pytest.mark.parametrize("message", ["I'm not really looking for anything family friendly",
                                     "nothing for kids, it's just me"])
def test_an_audience_turned_down_is_no_audience(message):
    reader = Reader({"genres": GENRES}, audiences=AudienceRules.of({"genres": GENRES}))
    said = reader.read(message)
    assert said.audience is None and not said.filters and "Children" not in said.wanted
    assert "Children" in said.excluded


def test_a_teams_own_rule_is_checked():
    with pytest.raises(ConfigError, match="unknown audience 'toddlers'"):
        AudienceRules.of({"genres": GENRES}, {"toddlers": {}})
    with pytest.raises(ConfigError, match="unknown key"):
        AudienceRules.of({"genres": GENRES}, {"teen": {"forbid": {"genres": ["Horror"]}}})
    own = AudienceRules.of({"genres": GENRES}, {"teen": {"never": {"genres": ["horror"]}}})
    assert own.rules["teen"].filters == ("genres!=Horror",)


def test_a_team_states_its_own_rules_in_a_file(world, tmp_path):
    """RECBOT_AUDIENCE_RULES: a YAML file replaces the default rules for every catalog."""
    from bot.bot import Bot
    from bot.context import Context
    from bot.settings import Settings

    rules = tmp_path / "audience.yaml"
    rules.write_text("teen:\n  never: {genres: [Horror, Romance]}\n", encoding="utf-8")
    folder, chroma, embedder = world
    settings = Settings.from_env({"RECBOT_DATA_DIR": str(tmp_path),
                                  "RECBOT_AUDIENCE_RULES": str(rules)})
    bot = Bot(Context(settings, client=chroma, embedder=embedder))
    said = bot.view("movies").reader.read("a movie for teenagers")
    assert said.audience_filters == ["genres!=Horror|Romance"]
    reply = bot.reply("s1", "a movie for teenagers")
    assert reply.picks and all(p.why for p in reply.picks)
    assert not bot.view("movies").reader.read("for my 5 year old").audience_filters  # replaced

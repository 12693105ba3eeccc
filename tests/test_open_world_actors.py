"""Open-world actors (#13), table-driven over sentences written for these tests (spaCy):
field dictionaries, actors found in the text (with affiliation), things that are never
actors, and membership stated in the text."""

from __future__ import annotations

import pytest

from kg.actors.resolve import resolve_actors
from kg.model import Article, ArticleActors, Extraction
from kg.pipeline import extract_parsed


def _parse(backend, text: str, published: str = "2013-06-01"):
    return next(backend.parse([Article(id="case", text=text, published=published)]))


def actors_of(backend, text: str) -> ArticleActors:
    return resolve_actors(_parse(backend, text))


def extract(backend, text: str) -> Extraction:
    return extract_parsed(_parse(backend, text))


# (sentence, actor id, type, affiliation): entities only the Phoenix field dictionaries
# know, and gazetteer actors that gained a Phoenix name or affiliation.
FIELD = [
    ("Thein Sein criticized the United States.", "thein-sein", "person", "myanmar"),
    ("Chuck Hagel met Japan's defence chief.", "chuck-hagel", "person", "united-states"),
    ("Leon Panetta warned Iran on Monday.", "leon-panetta", "person", "united-states"),
    ("Mariano Rajoy Brey criticized Catalonia.", "mariano-rajoy-brey", "person", "spain"),
    ("Felipe Calderon Hinojosa criticized the United States.", "felipe-calderon-hinojosa",
     "person", "mexico"),
    ("Alvaro Uribe Velez accused Venezuela.", "alvaro-uribe-velez", "person", "colombia"),
    ("Salam Fayyad urged Israel to stop.", "salam-fayyad", "person", "palestine"),
    ("Serzh Sargsyan visited Moscow.", "serzh-sargsyan", "person", "armenia"),
    ("Jakaya Kikwete praised Kenya.", "jakaya-kikwete", "person", "tanzania"),
    ("Hailemariam Desalegn met Egypt's leaders.", "hailemariam-desalegn", "person",
     "ethiopia"),
    ("Manuel Zelaya denounced the coup.", "manuel-zelaya", "person", "honduras"),
    ("Kurmanbek Bakiyev fled to Belarus.", "kurmanbek-bakiyev", "person", "kyrgyzstan"),
    ("Alan Garcia signed a deal with Chile.", "alan-garcia", "person", "peru"),
    ("Sergei Lavrov criticized NATO.", "sergei-lavrov", "person", "russia"),
    ("John Kerry met Iran's negotiators.", "john-kerry", "person", "united-states"),
    ("Laurent Fabius warned Syria.", "laurent-fabius", "person", "france"),
    ("Guido Westerwelle visited Poland.", "guido-westerwelle", "person", "germany"),
    ("Yang Jiechi held talks with Japan.", "yang-jiechi", "person", "china"),
    ("Ahmet Davutoglu criticized Israel.", "ahmet-davutoglu", "person", "turkey"),
    ("Mohammad Javad Zarif met European diplomats.", "mohammad-javad-zarif", "person",
     "iran"),
    ("Catherine Ashton urged Serbia to talk.", "catherine-ashton", "person",
     "united-kingdom"),
    ("Hosni Mubarak rejected the plan.", "hosni-mubarak", "person", "egypt"),
    ("Robert Mugabe attacked Britain.", "robert-mugabe", "person", "zimbabwe"),
    ("Paul Kagame rejected the report.", "paul-kagame", "person", "rwanda"),
    ("Salva Kiir accused Sudan of bombing.", "salva-kiir", "person", "south-sudan"),
    ("Evo Morales expelled the US ambassador.", "evo-morales", "person", "bolivia"),
    ("Rafael Correa criticized Colombia.", "rafael-correa", "person", "ecuador"),
    ("Hun Sen accused Thailand.", "hun-sen", "person", "cambodia"),
    ("The Movement for the Emancipation of the Niger Delta attacked oil sites.",
     "movement-for-the-emancipation-of-the-niger-delta", "group", None),
    ("The Eastern Turkistan Islamic Movement threatened China.",
     "eastern-turkistan-islamic-movement", "group", None),
    ("The Real Irish Republican Army threatened Britain.", "real-irish-republican-army",
     "group", None),
    ("The Revolutionary United Front attacked Freetown.", "revolutionary-united-front",
     "group", None),
    ("The Kosovo Liberation Army attacked Serb police.", "kosovo-liberation-army", "group",
     None),
    ("The Nordic Council criticized Russia.", "nordic-council", "organization", None),
    ("The Andean Community met in Lima.", "andean-community", "organization", None),
    ("The Union of South American Nations condemned the coup.",
     "union-of-south-american-nations", "organization", None),
    ("The West African Development Bank lent money to Togo.",
     "west-african-development-bank", "organization", None),
    ("The Arab Cooperation Council met in Baghdad.", "arab-cooperation-council",
     "organization", None),
    ("The Universal Postal Union warned members.", "universal-postal-union",
     "organization", None),
    ("Vladimir Putin criticized NATO.", "vladimir-putin", "person", "russia"),
    ("Abdel Fattah al-Sisi warned Ethiopia.", "abdel-fattah-el-sisi", "person", "egypt"),
]

# Field entries that are not read: companies, NGOs, media, persons Phoenix lists as an
# organisation or group, generic phrases, one-word person names.
FIELD_NEGATIVE = ["Gazprom", "Toyota", "A.H. Belo Corporation", "Stefan Frowein",
                  "UN Resident", "U.N. Monitor", "Salamat Hashim", "Brian Murgatroyd",
                  "Indian UN Peacekeeper", "Abu Omar al Saif", "Hassan", "Ariff"]


@pytest.mark.parametrize(("text", "actor_id", "kind", "affiliation"), FIELD,
                         ids=[c[1] for c in FIELD])
def test_field_dictionary_actors(spacy_backend, text, actor_id, kind, affiliation):
    actors = actors_of(spacy_backend, text).actors
    assert actor_id in actors, sorted(actors)
    assert actors[actor_id].type == kind
    assert actors[actor_id].affiliation == affiliation


@pytest.mark.parametrize("name", FIELD_NEGATIVE)
def test_field_entries_left_out(name):
    from kg.actors.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    assert gaz.lookup_name(name) is None and gaz.lookup_person(name) is None


def test_field_counts():
    from kg.actors.field import merge_field
    from kg.actors.gazetteer import read_gazetteer, read_persons

    gaz = read_persons(read_gazetteer())
    before = len(gaz.actors)
    counts = merge_field(gaz)
    assert counts.persons > 15000 and counts.groups > 400 and counts.organisations > 50
    assert len(gaz.actors) == before + counts.persons + counts.groups + counts.organisations
    assert all(a.affiliation in gaz.actors for a in gaz.actors.values() if a.affiliation)


# (sentence, actor id, type, affiliation): actors no dictionary knows, found in the text.
TEXT = [
    ("Chinese foreign ministry spokesperson Lin Jian condemned the United States.",
     "lin-jian", "person", "china"),
    ("Egypt's Foreign Minister Badr Abdelatty criticized Israel.", "badr-abdelatty",
     "person", "egypt"),
    ("Russian Foreign Ministry spokeswoman Maria Zakharova criticized Britain.",
     "maria-zakharova", "person", "russia"),
    ("Iranian Foreign Minister Abbas Araghchi criticized Washington.", "abbas-araghchi",
     "person", "iran"),
    ("Turkish Defence Minister Yasar Guler met NATO officials.", "yasar-guler", "person",
     "turkey"),
    ("Japanese ambassador Koji Tomita criticized China.", "koji-tomita", "person", "japan"),
    ("Qatari envoy Mohammed Al-Khulaifi met Hamas leaders.", "mohammed-al-khulaifi",
     "person", "qatar"),
    ("Kenyan Interior Minister Kipchumba Murkomen criticized Uganda.",
     "kipchumba-murkomen", "person", "kenya"),
    ("Polish Foreign Ministry spokesman Pawel Wronski criticized Belarus.",
     "pawel-wronski", "person", "poland"),
    ("Brazil's Foreign Minister Mauro Vieira met Argentina's president.", "mauro-vieira",
     "person", "brazil"),
    ("India's External Affairs Minister Subrahmanyam Jaishankar criticized Pakistan.",
     "s-jaishankar", "person", "india"),
    ("Ukrainian Defence Minister Rustem Umerov thanked Britain.", "rustem-umerov",
     "person", "ukraine"),
    ("German government spokesman Steffen Hebestreit criticized Russia.",
     "steffen-hebestreit", "person", "germany"),
    ("Israeli army spokesman Daniel Hagari accused Hamas.", "daniel-hagari", "person",
     "israel"),
    ("Saudi Foreign Minister Faisal bin Farhan met Iran's envoy.",
     "faisal-bin-farhan-al-saud", "person", "saudi-arabia"),
    ("Pakistani Prime Minister Shehbaz Sharif criticized India.", "shehbaz-sharif",
     "person", "pakistan"),
    ("Kremlin spokesman Dmitry Peskov criticized Kyiv.", "dmitry-peskov", "person", None),
    ("French Foreign Minister Jean-Noel Barrot met Algeria's minister.",
     "jean-noel-barrot", "person", "france"),
    ("Chinese ambassador Xie Feng criticized Washington.", "xie-feng", "person", "china"),
    ("South Korean Unification Minister Kim Yung-ho criticized North Korea.",
     "kim-yung-ho", "person", "south-korea"),
    ("Mexican Economy Minister Marcelo Ebrard criticized the United States.",
     "marcelo-ebrard", "person", "mexico"),
    ("Nigerian Information Minister Mohammed Idris criticized Niger.", "mohammed-idris",
     "person", "nigeria"),
    ("Spanish Foreign Minister Jose Manuel Albares criticized Israel.",
     "jose-manuel-albares", "person", "spain"),
    ("Ethiopian Water Minister Habtamu Itefa criticized Egypt.", "habtamu-itefa",
     "person", "ethiopia"),
    ("Lin Jian, a spokesperson for China's foreign ministry, criticized Japan.",
     "lin-jian", "person", "china"),
    ("Niger's military junta accused France of interference.", "niger", "state", None),
    ("The junta that seized power in Niamey demanded that French troops leave.", "niger",
     "state", None),
    ("The junta in Mali expelled the French ambassador.", "mali", "state", None),
    ("Coup leaders in Gabon criticized France.", "gabon", "state", None),
    ("Syrian rebels attacked the army.", "rebels-syria", "group", None),
    ("Rebels in Sudan attacked the capital.", "rebels-sudan", "group", None),
    ("Militants in Mali attacked French troops.", "militants-mali", "group", None),
    ("Somali militants attacked Kenya.", "militants-somalia", "group", None),
    ("Separatists in Ukraine attacked the army.", "separatists-ukraine", "group", None),
    ("Insurgents in Afghanistan attacked NATO troops.", "insurgents-afghanistan", "group",
     None),
    ("The rebels attacked government forces.", "rebels-case", "group", None),
    ("Nigerian militias attacked Cameroon.", "militias-nigeria", "group", None),
    ("The Wagner Group criticized the Russian army.", "wagner-group", "group", None),
    ("The Sahel Alliance criticized ECOWAS.", "sahel-alliance", "organization", None),
    ("Ilhan Meridor criticized Turkey.", "ilhan-meridor", "person", None),
    ("Shadow Europe minister Graham Brady criticized France.", "graham-brady", "person",
     None),
    ("Oxfam adviser Max Lawson criticized the G7.", "max-lawson", "person", "oxfam"),
]


@pytest.mark.parametrize(("text", "actor_id", "kind", "affiliation"), TEXT,
                         ids=[f"{n}-{c[1]}" for n, c in enumerate(TEXT)])
def test_actors_from_text(spacy_backend, text, actor_id, kind, affiliation):
    actors = actors_of(spacy_backend, text).actors
    assert actor_id in actors, sorted(actors)
    assert actors[actor_id].type == kind
    assert actors[actor_id].affiliation == affiliation


# Several mentions of one new actor in an article: one actor, every mention carries the
# affiliation.
MERGES = [
    ("Chinese foreign ministry spokesperson Lin Jian condemned the United States. "
     "Lin said Washington must stop.", "lin-jian", "china"),
    ("Egypt's Foreign Minister Badr Abdelatty met Turkey's envoy. Mr Abdelatty later "
     "criticized Israel.", "badr-abdelatty", "egypt"),
    ("Polish Foreign Ministry spokesman Pawel Wronski spoke on Monday. Wronski criticized "
     "Belarus.", "pawel-wronski", "poland"),
    ("Rebels in Sudan attacked the capital. The rebels later criticized Egypt.",
     "rebels-sudan", None),
    ("The junta in Niger expelled the French ambassador. The junta later criticized ECOWAS.",
     "niger", None),
]


@pytest.mark.parametrize(("text", "actor_id", "affiliation"), MERGES,
                         ids=[c[1] for c in MERGES])
def test_mentions_of_a_new_actor_merge(spacy_backend, text, actor_id, affiliation):
    result = actors_of(spacy_backend, text)
    mentions = [m for by_token in result.by_sentence for m in by_token.values()
                if m.actor.id == actor_id]
    assert {m.sentence for m in mentions} == {0, 1}
    assert {m.actor.affiliation for m in mentions} == {affiliation}
    same_kind = [a for a in result.actors.values()
                 if a.type == result.actors[actor_id].type and a.id != actor_id
                 and a.id.split("-")[-1] == actor_id.split("-")[-1]]
    assert not same_kind


def test_affiliation_is_in_relation_json(spacy_backend):
    mentions = extract(spacy_backend, "Egypt's Foreign Minister Badr Abdelatty criticized "
                                      "Israel.").mentions
    subject = [m.subject.to_json() for m in mentions if m.predicate == "criticizes"]
    assert subject and subject[0]["affiliation"] == "egypt"
    assert "affiliation" not in mentions[0].object.to_json()  # unknown: no key


# (sentence, ids or labels that must not be actors).
NEVER = [
    ("Reuters reported that Iran condemned Israel.", "reuters"),
    ("Iran condemned Israel, AFP reported.", "afp"),
    ("Xinhua said China criticized Japan.", "xinhua"),
    ("China criticized Japan, Xinhua News Agency reported.", "xinhua-news-agency"),
    ("TASS reported that Russia warned NATO.", "tass"),
    ("Russia warned NATO, Interfax reported.", "interfax"),
    ("The Associated Press reported that Iran threatened Israel.", "associated-press"),
    ("The BBC reported that Britain criticized Russia.", "bbc"),
    ("CNN reported that Israel attacked Gaza.", "cnn"),
    ("Al Jazeera reported that Qatar criticized Egypt.", "al-jazeera"),
    ("KCNA said North Korea threatened the United States.", "kcna"),
    ("Yonhap reported that South Korea protested to Japan.", "yonhap"),
    ("IRNA said Iran warned Saudi Arabia.", "irna"),
    ("Anadolu Agency reported that Turkey criticized Greece.", "anadolu-agency"),
    ("The Global Times said China opposes US sanctions.", "global-times"),
    ("The New York Times reported that Washington criticized Beijing.", "new-york-times"),
    ("Sputnik reported that Moscow criticized Kyiv.", "sputnik"),
    ("RIA Novosti said Russia condemned the strike.", "ria-novosti"),
    ("Bloomberg reported that China sanctioned US firms.", "bloomberg"),
    ("The Saudi Press Agency said Riyadh criticized Tehran.", "saudi-press-agency"),
    ("The Korea Herald said Seoul criticized Tokyo.", "korea-herald"),
    ("Kyodo News reported that Japan protested to China.", "kyodo-news"),
    ("China criticized Japan, the People's Daily said.", "people-s-daily"),
    ("Dawn News reported that Pakistan criticized India.", "dawn-news"),
    ("Officials criticized the plan.", "officials"),
    ("Officials said the talks would resume.", "officials"),
    ("A reporter asked the minister about Iran.", "reporter"),
    ("Senior officials criticized Russia on Monday.", "officials"),
    ("Speaking in Beijing, the minister criticized Japan.", "china"),
    ("The summit took place in Moscow last week.", "russia"),
    ("Talks were held in Geneva.", "geneva"),
    ("Protests spread in Paris on Sunday.", "france"),
    ("He flew to Kyiv on Monday.", "ukraine"),
    ("Gov't officials criticized the move.", "gov-t"),
    ("The government criticized the plan.", "government"),
    ("Reuters criticized nobody.", "reuters"),
    ("Citing Reuters, Iran condemned Israel.", "reuters"),
    ("Journalists asked Iran about the talks.", "journalists"),
    ("The AP said Israel attacked Gaza.", "ap"),
    ("Fox News said Washington criticized Moscow.", "fox-news"),
]


@pytest.mark.parametrize(("text", "forbidden"), NEVER,
                         ids=[f"{n}-{c[1]}" for n, c in enumerate(NEVER)])
def test_never_actors(spacy_backend, text, forbidden):
    result = actors_of(spacy_backend, text)
    assert forbidden not in result.actors, sorted(result.actors)
    assert not [a for a in result.actors.values() if a.type == "person"
                and a.label.lower().replace(" ", "-") == forbidden]


# An ORG span that names a place, medium or known person is never a person minted from it.
TYPED = [
    ("Sisi said that all options are open.", "abdel-fattah-el-sisi", "person"),
    ("Orban said Hungary would veto the plan.", "viktor-orban", "person"),
    ("Maduro accused the United States.", "nicolas-maduro", "person"),
    ("The OSCE criticized Russia.", "osce", "organization"),
    ("The Organization for Security and Co-operation in Europe criticized Russia.",
     "osce", "organization"),
]


@pytest.mark.parametrize(("text", "actor_id", "kind"), TYPED, ids=[c[0][:20] for c in TYPED])
def test_one_id_per_entity(spacy_backend, text, actor_id, kind):
    actors = actors_of(spacy_backend, text).actors
    assert actor_id in actors and actors[actor_id].type == kind, sorted(actors)
    short = actor_id.split("-")[-1]
    assert short not in actors or short == actor_id


# (sentence, expected (member, organisation) pairs, pairs that must not be found).
MEMBERSHIP = [
    ("CSTO members Armenia and Russia disagreed.", {("armenia", "csto"), ("russia", "csto")}),
    ("Russia and China, permanent members of the 15-member Security Council, vetoed it.",
     {("russia", "security-council"), ("china", "security-council")}),
    ("Kazakhstan, a member of the Shanghai Cooperation Organisation, supports the plan.",
     {("kazakhstan", "sco")}),
    ("Nigeria, a member of ECOWAS, criticized Niger.", {("nigeria", "ecowas")}),
    ("Brazil, a member of BRICS, met India.", {("brazil", "brics")}),
    ("BRICS members China and India disagreed.", {("china", "brics"), ("india", "brics")}),
    ("Saudi Arabia, a member of OPEC, cut output.", {("saudi-arabia", "opec")}),
    ("OPEC members Iraq and Kuwait agreed.", {("iraq", "opec"), ("kuwait", "opec")}),
    ("G7 members Japan and Canada criticized China.", {("japan", "g7"), ("canada", "g7")}),
    ("Italy, a member of the G7, met China.", {("italy", "g7")}),
    ("G20 members Indonesia and Turkey criticized Russia.",
     {("indonesia", "g20"), ("turkey", "g20")}),
    ("Argentina, a member of the G20, criticized Britain.", {("argentina", "g20")}),
    ("NATO member Poland criticized Russia.", {("poland", "nato")}),
    ("Finland joined NATO in 2023.", {("finland", "nato")}),
    ("Sweden became a member of NATO.", {("sweden", "nato")}),
    ("Belarus, a member of the CSTO, criticized Poland.", {("belarus", "csto")}),
    ("Iran joined the Shanghai Cooperation Organisation.", {("iran", "sco")}),
    ("Egypt joined BRICS.", {("egypt", "brics")}),
    ("Permanent members France and Britain criticized Russia at the Security Council.",
     set()),
    ("EU member Hungary blocked the sanctions.", {("hungary", "european-union")}),
    ("EU members France and Germany criticized Poland.",
     {("france", "european-union"), ("germany", "european-union")}),
    ("ASEAN members Vietnam and the Philippines criticized China.",
     {("vietnam", "asean"), ("philippines", "asean")}),
    ("Mali, a member of ECOWAS, left the bloc.", {("mali", "ecowas")}),
    ("Ukraine is not a member of NATO.", set()),
    ("Turkey, a NATO member, criticized Sweden.", {("turkey", "nato")}),
    ("Japan, a G7 member, criticized China.", {("japan", "g7")}),
    ("India, a BRICS member, criticized China.", {("india", "brics")}),
    ("Armenia, a CSTO member, criticized Russia.", {("armenia", "csto")}),
    ("Venezuela, an OPEC member, criticized the United States.", {("venezuela", "opec")}),
    ("Kyrgyzstan, a member of the CSTO, criticized Tajikistan.", {("kyrgyzstan", "csto")}),
    ("Pakistan, an SCO member, criticized India.", {("pakistan", "sco")}),
    ("Ghana, a member of ECOWAS, criticized Mali.", {("ghana", "ecowas")}),
]


@pytest.mark.parametrize(("text", "expected"), MEMBERSHIP,
                         ids=[f"{n}" for n in range(len(MEMBERSHIP))])
def test_membership_from_text(spacy_backend, text, expected):
    facts = actors_of(spacy_backend, text).member_facts
    found = {(f.member.id, f.organization.id) for f in facts if not f.negated}
    assert expected <= found, found
    assert not [f for f in facts if not f.negated and f.member.type != "state"]


NOT_MEMBERS = [
    ("Russia criticized the Security Council.", "security-council"),
    ("China met OPEC officials.", "opec"),
    ("Ukraine is not a member of NATO.", "nato"),
    ("Serbia wants to join the EU one day.", None),
    ("Iran criticized BRICS.", "brics"),
    ("Officials of the SCO met in Astana.", "sco"),
    ("The CSTO criticized Armenia.", "csto"),
    ("ECOWAS threatened Niger.", "ecowas"),
    ("The G7 criticized China.", "g7"),
    ("Reuters said OPEC cut output.", "opec"),
]


@pytest.mark.parametrize(("text", "org"), NOT_MEMBERS, ids=[c[0][:25] for c in NOT_MEMBERS])
def test_no_membership_without_statement(spacy_backend, text, org):
    facts = actors_of(spacy_backend, text).member_facts
    assert not [f for f in facts if not f.negated and (org is None or
                                                        f.organization.id == org)]


OUTLET_NAMES = ["BBC Radio 4", "CNN International", "France Info", "MENAFN", "Xinhua",
                "Nezavisimaya Gazeta", "Korea Herald", "Saudi Press Agency"]


@pytest.mark.parametrize("name", OUTLET_NAMES)
def test_outlet_names_are_no_actors(spacy_backend, name):
    result = actors_of(spacy_backend, f"{name} quoted the minister on Monday.")
    assert not [a for a in result.actors.values() if name.split()[0].lower() in a.id], \
        sorted(result.actors)

"""Everything the data files may name, declared once: POS, slots, flags, predicates, roles.

The loader checks each row against these declarations and fails with `FILE:LINE: unknown
flag 'x' (known: ...)`, so a misspelt name never silently does nothing. Adding a name here
is half of adding a feature; the other half is the code that reads it.
"""

from __future__ import annotations

from kg.model import STANCE_PREDICATES

PREDICATES: tuple[str, ...] = STANCE_PREDICATES

# The cue token's UPOS (PROPN counts as NOUN): it selects the frames (the constructions of
# kg/relations/constructions that find the cue's subject and object) an entry can start.
POS: dict[str, tuple[str, ...]] = {
    "VERB": ("participle_modifier", "passive_frame", "verb_frame"),
    "NOUN": ("light_verb", "noun_frame"),
    "ADJ": ("copular_adjective",),
    "ADP": ("copular_preposition",),
}

# Where a cue's object is (cues.tsv `objects`); any other name is a preposition below.
SLOTS: dict[str, str] = {
    "obj": "direct object (nsubj:pass when passive)",
    "ccomp": "subject of a complement clause: 'demanded that X ...'",
    "poss": "the possessor: 'Kyiv's supporters'",
    "compound": "a bare compound or nmod actor: 'EU membership'",
}
PREPOSITIONS: frozenset[str] = frozenset({
    "about", "against", "at", "between", "by", "for", "from", "in", "into", "of", "on", "over",
    "to", "toward", "towards", "upon", "with",
})

# Flags of cues.tsv; a value-taking flag is written `name=value`.
FLAGS: dict[str, str] = {
    "symmetric": "coordinated subjects with no object relate both ways ('A and B met')",
    "mutual": "'between A and B' / signing parties relate both ways; states, not leaders",
    "policy": "=P: when the object is a plan (plan_noun), the predicate becomes P",
    "thank": "'A thanked B for its support' gives B -> A",
    "no_visitor": "not when the object is a person or a visitor_noun",
    "person_object": "only when the object is a person ('visited Xi', not 'visited Moscow')",
    "aid_object": "only when the object is an aid_noun ('sent weapons')",
    "to_clause": "only with a to-infinitive complement that is not a call_purpose",
    "reverse_modifier": "as a participle modifier, the modified noun acts ('Iran-aligned "
                        "Houthis')",
    "mediator": "the subject mediates between the parties of a 'between' phrase",
    "not_particle": "not when the token is a particle or adverb ('fought back')",
}
VALUE_FLAGS: dict[str, tuple[str, ...]] = {"policy": PREDICATES}

# Roles of words.tsv, and what the code uses each for. `pairs` roles list `a>b` pairs.
ROLES: dict[str, str] = {
    "light_verb": "verbs whose object noun carries the stance ('voiced opposition')",
    "speech_verb": "reporting verbs: their subject is the source",
    "negation": "negating adverbs and determiners",
    "negating_verb": "verbs that negate their complement ('refuse to')",
    "negating_noun": "nouns that negate their complement ('refusal to')",
    "future_aux": "auxiliaries of future modality",
    "hypothetical_aux": "auxiliaries of hypothetical modality",
    "ability_aux": "auxiliaries that, negated, state a refusal ('cannot support')",
    "future_verb": "verbs whose xcomp is future ('plans to')",
    "intention_verb": "verbs whose xcomp is an asserted intention ('vowed to')",
    "object_control": "verbs whose object is the xcomp's subject ('urged X to')",
    "condition_mark": "subordinators of conditions",
    "place_case": "prepositions that make a capital a place ('in Beijing')",
    "motion_word": "words of travel that make a capital a place ('trip to Moscow')",
    "leader_title": "titles of leaders (one or two words)",
    "former_word": "modifiers that make a title past ('former president')",
    "institution_noun": "nouns a capital modifies as an actor ('Moscow government')",
    "group_description": "descriptions of organisations ('the alliance')",
    "call_purpose": "verbs that state the purpose of a call, not a demand",
    "characterize_verb": "verbs whose 'as' phrase or xcomp characterises their object",
    "characterizing_verb": "verbs of the characterisation construction",
    "negative_evaluation": "negative evaluations ('irrational', 'a mistake')",
    "rejecting_evaluation": "evaluations that reject rather than criticise",
    "hypothetical_modifier": "noun modifiers of future events ('upcoming talks')",
    "hypothetical_governor": "verbs whose object is only hypothetical ('proposed talks')",
    "nonstate_people": "people a demonym does not make into the state",
    "aid_noun": "things given as aid",
    "retracting_verb": "verbs that withdraw an objection ('lifted its veto')",
    "visitor_noun": "visitors who are received, not accepted",
    "threat_governor": "verbs that make an attack a threat ('threatened to strike')",
    "deontic_aux": "auxiliaries of obligation ('should')",
    "plan_noun": "plans and statements (policy objects and antecedent acts)",
    "group_noun_state": "plural nouns for states ('the two countries')",
    "group_noun_actor": "plural nouns for actors of any collective type ('both allies')",
    "group_noun_person": "plural nouns for persons ('the two leaders')",
    "group_noun_any": "plural nouns for any actors ('both sides')",
    "act_noun": "nouns of acts whose earlier agent owns 'the X'",
    "act_verb_noun": "pairs: verb>noun it nominalises ('decide>decision')",
    "definite_det": "determiners of a definite reference back",
    "relational_role": "role nouns whose named apposition is the subject ('ally Russia')",
    "relational_noun": "nouns whose 'with' phrase names the owner ('ties with X')",
    "relative_pronoun": "relative pronouns that stand for their noun",
    "speaker_pronoun": "first-person plural pronouns: the speaker's side",
    "attribution_case": "prepositions of attribution ('according to')",
    "acting_object_mark": "marks of an adverbial whose actor is the object ('accused X of')",
    "partitive": "quantifiers whose 'of' phrase holds the noun ('one of')",
    "joint_modifier": "modifiers that make all parties relate ('joint drills')",
    "honorific": "words before a name that are not part of it ('Mr', 'President')",
    "male_pronoun": "pronouns that refer back to a man",
    "female_pronoun": "pronouns that refer back to a woman",
    "neuter_pronoun": "pronouns that refer back to a state or organisation (as subject)",
    "plural_pronoun": "pronouns that refer back to a set of actors",
    "member_noun": "nouns of membership ('NATO member Poland')",
    "joining_verb": "verbs whose subject becomes a member of the object ('joined NATO')",
    "comprising_verb": "verbs whose subject has the object as members ('comprises')",
    "presidency_noun": "nouns whose possessor is a member of the modifier ('presidency')",
    "fellow_role": "role nouns that with fellow_modifier make a member ('other NATO leaders')",
    "fellow_modifier": "modifiers of fellow membership ('other', 'fellow')",
    "raising_verb": "verbs whose 'it' subject is expletive ('it seems that')",
    "singular_definite_det": "determiners of a singular description ('the alliance')",
    "plural_definite_det": "determiners of a plural group reference ('the two countries')",
    "ambiguous_title": "leader_title words that are no title alone ('head', 'chief')",
    "lowercase_nontitle": "titles that, lowercase, name another office ('UK chancellor')",
    "person_honorific": "honorifics that make a possessor a person ('Mr Brown's')",
    "seat_name": "seats of government that stand for their state only where they act",
    "news_outlet": "news agencies and outlets (full names): never actors, not persons",
    "armed_group_noun": "nouns for non-state armed groups ('the rebels'): an actor of their own",
    "junta_noun": "nouns for a junta or coup leaders: they stand for the state they rule",
    "media_head": "last words of a media name ('Global Times', 'X News Agency'): no actor",
    "counterpart_noun": "role nouns that take the title of their possessor's leader",
    "group_number": "pairs: number word>count ('both>2') of 'the two countries'",
}
PAIR_ROLES: frozenset[str] = frozenset({"act_verb_noun", "group_number"})


def known(names: object) -> str:
    return ", ".join(sorted(names))  # type: ignore[call-overload]

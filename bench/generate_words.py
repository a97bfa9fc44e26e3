"""The words of the generated portfolio: people, companies and notes as a real one holds them.

A portfolio kept by a small agency in Europe is not "Account 0001": its contacts are
Dutch, English, German, French, Spanish, Polish, Japanese and more, with the diacritics
their names carry (Łukasz Wójcik, Françoise Lefèvre, Yūki Satō), companies with a legal
form of their country, and notes of every length: most empty, many one sentence, some a
paragraph typed after a long call, a few a page pasted from an e-mail. Text of real
lengths and real characters is what makes sorting, searching, the CSV and the cards do
real work, so the benchmark measures that work too.

Every function draws from the `random.Random` it is given, so the words are the same
for the same seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scoring.limits import NAME_MAX, NOTE_MAX


@dataclass(frozen=True)
class Language:
    first: tuple[str, ...]
    last: tuple[str, ...]
    # Company names: "{last}" is a surname, "{word}" a trade or an invented word.
    companies: tuple[str, ...]
    words: tuple[str, ...]


# fmt: off
LANGUAGES: dict[str, Language] = {
    "nl": Language(
        first=("Jan", "Sanne", "Daan", "Anouk", "Pieter", "Femke", "Bram", "Lotte", "Joost", "Ilse",
               "Maarten", "Eline", "Sjoerd", "Marieke", "Thijs", "Noor", "IJsbrand", "Willemijn"),
        last=("de Vries", "van Dijk", "Bakker", "Jansen", "Visser", "Smit", "de Jong", "van den Berg",
              "Mulder", "Bos", "van Leeuwen", "Dekker", "Hoekstra", "van der Meer", "Kuiper", "Brouwer"),
        companies=("{last} {word} B.V.", "{word} {last}", "Studio {last}", "{last} & Zonen", "De {word}",
                   "Stichting {word}"),
        words=("Installatietechniek", "Bakkerijen", "Zonnewijzer", "Groene Vallei", "Adviesgroep",
               "Vastgoed", "Tuinarchitectuur", "Drukkerij", "Kinderopvang", "Scheepsbouw"),
    ),
    "en": Language(
        first=("James", "Emily", "Oliver", "Charlotte", "Harry", "Sophie", "George", "Amelia", "Jack",
               "Grace", "Thomas", "Chloe", "Liam", "Siobhan", "Rhys", "Aoife"),
        last=("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "O'Brien",
              "Murphy", "Hughes", "Walker", "Robinson", "Clarke", "Fitzgerald", "Armstrong-Jones"),
        companies=("{last} & Sons Ltd", "{word} Ltd", "{last} {word}", "{word} Partners LLP",
                   "The {word} Company", "{last} Consulting"),
        words=("Harbour Line", "Blue Meadow", "Northgate", "Copper Kettle", "Ironbridge", "Silverstone",
               "Oak & Ember", "Greenfield", "Brightwater", "Kingsway Logistics"),
    ),
    "de": Language(
        first=("Jürgen", "Anna", "Lukas", "Marie", "Jonas", "Lena", "Felix", "Sophie", "Maximilian",
               "Hannah", "Günther", "Käthe", "Björn", "Uwe"),
        last=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Schröder",
              "Köhler", "Groß", "Hoffmann", "Schäfer", "Krüger", "Weiß"),
        companies=("{last} {word} GmbH", "{last} & {last2} KG", "Bäckerei {last}", "{word} AG",
                   "{last} Söhne GmbH & Co. KG"),
        words=("Maschinenbau", "Haustechnik", "Straßenbau", "Gebäudereinigung", "Möbelwerkstätten",
               "Brauerei", "Softwareentwicklung", "Elektrotechnik"),
    ),
    "fr": Language(
        first=("Françoise", "Hélène", "Étienne", "Jérôme", "Chloé", "Léa", "Amélie", "François",
               "Noël", "Anne-Sophie", "Jean-Baptiste", "Zoé", "Loïc", "Maëlle"),
        last=("Lefèvre", "Dubois", "Moreau", "Laurent", "Girard", "Rousseau", "Fournier", "Bérenger",
              "Lemaître", "Chevalier", "Dupré", "Gauthier"),
        companies=("{word} {last} SARL", "Atelier {last}", "{last} et Fils", "{word} SAS",
                   "Les {word} de Provence"),
        words=("Menuiserie", "Boulangerie", "Conseil", "Éditions", "Vins", "Architectes Associés",
               "Transports", "Galerie"),
    ),
    "es": Language(
        first=("José", "María", "Sofía", "Lucía", "Martín", "Alejandro", "Inés", "Álvaro", "Begoña",
               "Íñigo", "Pilar", "Joaquín"),
        last=("García", "Núñez", "Peña", "Martínez", "López", "Sánchez", "Fernández", "Gómez",
              "Jiménez", "Muñoz", "Ibáñez", "Domínguez"),
        companies=("{word} {last} S.L.", "Grupo {last}", "{last} y Asociados", "{word} S.A."),
        words=("Construcciones", "Distribuciones", "Bodegas", "Consultoría", "Panadería", "Reformas",
               "Hermanos"),
    ),
    "pl": Language(
        first=("Łukasz", "Zofia", "Małgorzata", "Krzysztof", "Agnieszka", "Paweł", "Katarzyna",
               "Michał", "Wojciech", "Żaneta", "Jędrzej", "Ewa"),
        last=("Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Zając", "Król",
              "Kaczmarek", "Piątek", "Grabowski", "Szymańska"),
        companies=("{word} {last} Sp. z o.o.", "{last} i Wspólnicy", "P.H.U. {last}", "{word} S.A."),
        words=("Budownictwo", "Usługi Transportowe", "Piekarnia", "Meble", "Systemy Informatyczne",
               "Drukarnia"),
    ),
    "ja": Language(
        first=("Haruto", "Yūki", "Sakura", "Ren", "Aoi", "Takumi", "Hina", "Kōji", "Yui", "Sōta",
               "Mei", "Daiki"),
        last=("Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura",
              "Kobayashi", "Katō", "Ōta", "Kōno"),
        companies=("{last} Shōji K.K.", "{last} Seisakusho Co., Ltd.", "{word} {last}", "{word} K.K."),
        words=("Kōgyō", "Trading", "Design", "Sangyō", "Denki"),
    ),
    "tr": Language(
        first=("Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Emre", "Gülşen", "Çağlar"),
        last=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan"),
        companies=("{last} {word} A.Ş.", "{last} Ltd. Şti.", "{word} {last}"),
        words=("İnşaat", "Tekstil", "Gıda", "Lojistik"),
    ),
    "pt": Language(
        first=("João", "Inês", "Gonçalo", "Beatriz", "Tomás", "Conceição"),
        last=("Gonçalves", "Magalhães", "Simões", "Araújo", "Conceição", "Fontes"),
        companies=("{word} {last} Lda.", "{last} & Filhos"),
        words=("Construções", "Cerâmica", "Vinhos", "Transportes"),
    ),
    "nordic": Language(
        first=("Søren", "Åsa", "Bjørn", "Ingrid", "Mikael", "Sigrún", "Øystein", "Linnéa"),
        last=("Jørgensen", "Åberg", "Lindqvist", "Halvorsen", "Sæther", "Nyström", "Björk"),
        companies=("{last} {word} AB", "{word} A/S", "{last} AS"),
        words=("Bygg", "Design", "Fiskeri", "Rådgivning"),
    ),
}
# fmt: on
LANGUAGE_NAMES = tuple(LANGUAGES)
LANGUAGE_WEIGHTS = (25, 18, 15, 10, 8, 7, 6, 4, 3, 4)

# Rare but real: a company name far longer than a column of a list.
LONG_COMPANIES = (
    "Stichting Vrienden van het Museum voor Hedendaagse Kunst en Vormgeving Noord-Holland",
    "Gemeinnützige Gesellschaft für berufliche Bildung und Beschäftigungsförderung Süd-West mbH",
    "Association des Commerçants et Artisans du Quartier Saint-Étienne et des Environs",
)


def pick_language(rng: random.Random) -> str:
    return rng.choices(LANGUAGE_NAMES, weights=LANGUAGE_WEIGHTS)[0]


def person(rng: random.Random, language: str) -> str:
    """A contact's name as people type it: mostly "First Last", sometimes two first names,
    initials or a title."""
    words = LANGUAGES[language]
    first, last = rng.choice(words.first), rng.choice(words.last)
    roll = rng.random()
    if roll < 0.05:
        name = f"{first[0]}. {last}"
    elif roll < 0.09:
        name = f"{first} {rng.choice(words.first)} {last}"
    elif roll < 0.11:
        name = f"Dr. {first} {last}"
    else:
        name = f"{first} {last}"
    return name[:NAME_MAX]


def company(rng: random.Random, language: str) -> str:
    """The contact's company: empty for a freelancer, now and then very long, and mostly of the
    contact's own country (an international firm otherwise)."""
    roll = rng.random()
    if roll < 0.07:
        return ""
    if roll < 0.08:
        return rng.choice(LONG_COMPANIES)[:NAME_MAX]
    if roll < 0.25:
        language = pick_language(rng)
    words = LANGUAGES[language]
    last = rng.choice(words.last)
    made = rng.choice(words.companies).format(
        last=last[0].upper() + last[1:],  # "Van Dijk Drukkerij": a particle that starts a name is capitalised
        last2=rng.choice(words.last),
        word=rng.choice(words.words),
    )
    return made[:NAME_MAX]


# --- notes ----------------------------------------------------------------------------------------

SCREEN_SENTENCES = (
    "Met at a conference in Utrecht; they came to us.",
    "Referral from an old client who vouched for them.",
    "Asked for a 20% discount in the first call and wanted every hour itemised.",
    "The founder came to the first meeting herself and signed off the brief on the spot.",
    "Net 30, no haggling, and they sent the purchase order the same afternoon.",
    "Three people in the room, none of whom could decide anything.",
    "They had already worked with two agencies this year and spoke badly of both.",
    "Budget is approved for Q3 but the scope keeps growing with every e-mail.",
    "Replied within the hour, with answers to every question.",
    "Wanted a fixed price for something they could not yet describe.",
    "The brief was clear and fits what we do best.",
    "Their last invoice with a supplier went to collections, according to a former employee.",
    "Nice people; the project itself is dull but well paid.",
    "Second call went well; the CFO joined and asked good questions.",
    "Called on a Sunday evening to 'just quickly' change the deadline.",
    "Ze willen eerst een pilot van zes weken, daarna pas een contract.",
    "Erstes Gespräch sehr angenehm, Budget steht, Entscheidung bis Ende des Monats.",
    "Très bon contact avec la directrice ; le devis est accepté sans remarque.",
    "Quieren empezar ya, pero el presupuesto todavía no está aprobado.",
    "Rozmowa konkretna, płacą w terminie według referencji.",
)
CHECKIN_SENTENCES = (
    "Invoice paid on time again.",
    "Invoice paid 12 days late after one reminder.",
    "Two requests this month that were not in the scope; we billed them separately.",
    "Missed the steering meeting without telling us.",
    "Our champion is leaving in June; the new manager has not introduced himself yet.",
    "Good month: they sent a thank-you note to the whole team.",
    "Asked for weekend work twice; we said no once.",
    "The project is on track and the team enjoys it.",
    "They cut the budget by a third without changing the deadline.",
    "Payment arrived after 45 days and only after a phone call to finance.",
    "Quiet month, nothing to report.",
    "New CEO since last week; priorities may change.",
    "Respectful as always, even when the release slipped.",
    "Raised their voice at a junior designer in the review; I spoke to them about it.",
    "Renewed for another year at the same rate.",
    "Betaling weer op tijd, sfeer in het overleg goed.",
    "Rechnung erst nach der zweiten Mahnung bezahlt.",
    "Le nouveau responsable ne répond plus aux e-mails.",
    "Han pedido tres cambios fuera del alcance este mes.",
)
EVIDENCE_SENTENCES = (
    "Invoice {n} paid {d} days late after {r} reminders.",
    "E-mail from their project lead asking for work outside the agreed scope ({r} items).",
    "Call with the finance department: payment promised by Friday, arrived {d} days later.",
    "They cancelled the review meeting for the {r}th time in a row, {d} minutes before it started.",
    "Message on Saturday 22:40 asking for changes by Monday morning.",
    "Written confirmation that the contract is renewed; rate unchanged.",
    "Meeting notes: the new director wants to renegotiate the rate ({d}% lower).",
    "Thank-you e-mail from the managing director after the launch.",
    "Complaint from our designer about the tone in the review call; I was present.",
    "Factuur {n} pas na {d} dagen betaald.",
)
OUTCOME_NOTES = (
    "",
    "",
    "Project delivered; they may come back next year.",
    "We ended it after the third late payment in a row.",
    "They moved everything in-house after a reorganisation.",
    "Bankruptcy announced; the last invoice will not be paid.",
)


def _sentences(rng: random.Random, pool: tuple[str, ...], count: int) -> str:
    """`count` different sentences of the pool, their numbers filled in."""
    return " ".join(
        sentence.format(n=rng.randint(1000, 9999), d=rng.randint(3, 90), r=rng.randint(2, 5))
        if "{" in sentence
        else sentence
        for sentence in rng.sample(pool, min(count, len(pool)))
    )


def note(rng: random.Random, pool: tuple[str, ...]) -> str:
    """A note of a real length: half empty, a third one sentence, some a paragraph of a few
    hundred characters, now and then several paragraphs typed after a long call."""
    roll = rng.random()
    if roll < 0.5:
        return ""
    if roll < 0.83:
        return _sentences(rng, pool, 1)
    if roll < 0.97:
        return _sentences(rng, pool, rng.randint(3, 8))
    paragraphs = [_sentences(rng, pool, rng.randint(3, 8)) for _ in range(rng.randint(3, 8))]
    return "\n\n".join(paragraphs)[:NOTE_MAX]


def screen_note(rng: random.Random) -> str:
    return note(rng, SCREEN_SENTENCES)


def checkin_note(rng: random.Random) -> str:
    return note(rng, CHECKIN_SENTENCES)


def evidence_note(rng: random.Random) -> str:
    """An entry of the paper trail: never empty, one to three sentences."""
    return _sentences(rng, EVIDENCE_SENTENCES, rng.choices((1, 2, 3), weights=(6, 3, 1))[0])


def outcome_note(rng: random.Random) -> str:
    return rng.choice(OUTCOME_NOTES)


SHARE_LABELS = ("", "", "", "For the accountant", "Sent to their CFO", "Board meeting", "For Marta (finance)")


def share_label(rng: random.Random) -> str:
    return rng.choice(SHARE_LABELS)

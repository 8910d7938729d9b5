"""Dutch-like news sentences: per-topic headline, lead and follow-up templates with slots.

The templates are written for this generator. They mention recurring people and organisations
(Poetin, Kim Jong-un, Zelensky, Trump, Rutte, NAVO, VN, EU, Hezbollah ...) so that later stages can
recognise entities and group stories. Slots: `{a}`/`{b}` an actor of the topic, `{day}` a weekday,
`{n}` a small number, `{m}` a larger number, `{pct}` a percentage, `{place}` the dateline place in
normal case.
"""
# Template sentences read best unbroken, so long lines are allowed in this data module.
# ruff: noqa: E501

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

from wiredesk.generate.vocab import MONTHS, WEEKDAYS


@dataclass(frozen=True, slots=True)
class Topic:
    """Templates of one recurring news topic."""

    actors: tuple[str, ...]
    stories: tuple[tuple[str, str], ...]  # (headline, lead sentence)
    follows: tuple[str, ...]


_ANP_QUOTE = "Dat heeft een woordvoerder gezegd tegen het Algemeen Nederlands Persbureau (ANP)."

TOPICS: dict[str, Topic] = {
    "oekraine": Topic(
        actors=(
            "de Oekraïense president Volodymyr Zelensky",
            "president Zelensky",
            "de Russische president Vladimir Poetin",
            "Kremlin-woordvoerder Dmitri Peskov",
            "het Oekraïense leger",
            "het Russische ministerie van Defensie",
            "NAVO-chef Mark Rutte",
        ),
        stories=(
            (
                "Zelensky: aanvallen op energienet moeten stoppen",
                "{a} heeft {day} gezegd dat de aanvallen op de energie-infrastructuur moeten stoppen.",
            ),
            (
                "Doden bij raketaanval op {place}",
                "Bij een Russische raketaanval op {place} zijn {day} zeker {n} mensen om het leven gekomen.",
            ),
            (
                "Honderden drones neergeschoten boven Oekraïne",
                "{a} meldt dat in de nacht van {day} {m} drones zijn neergeschoten boven het land.",
            ),
            (
                "Kyiv en Moskou ruilen gevangenen",
                "Oekraïne en Rusland hebben {day} elk {m} gevangenen uitgewisseld, meldt {a}.",
            ),
            (
                "Zelensky vraagt om meer luchtafweer",
                "{a} heeft de westerse bondgenoten opgeroepen meer luchtafweersystemen te leveren.",
            ),
            (
                "Russische opmars bij {place} gestuit",
                "Het Oekraïense leger zegt {day} een Russische opmars bij {place} te hebben gestuit.",
            ),
            (
                "Poetin sluit bestand voorlopig uit",
                "{a} sluit een staakt-het-vuren voorlopig uit zolang de NAVO wapens blijft leveren.",
            ),
            (
                "Rutte belooft Oekraïne steun",
                "NAVO-chef Mark Rutte heeft Oekraïne in {place} blijvende steun toegezegd.",
            ),
        ),
        follows=(
            "Volgens {b} zijn daarbij ook burgers gewond geraakt.",
            "Het Kremlin reageerde niet direct op de beschuldigingen.",
            'Zelensky sprak van een "wrede aanval op gewone mensen".',
            "De VN roepen beide partijen op burgers te ontzien.",
            'Poetin zei eerder dat Rusland zijn doelen in Oekraïne "hoe dan ook" zal bereiken.',
            "Sinds het begin van de oorlog zijn volgens de VN meer dan {m} burgers omgekomen.",
            "De NAVO houdt volgende week overleg over extra steun.",
            'Het ministerie van Defensie in Moskou spreekt van een "vergeldingsactie".',
            "In {place} viel urenlang de stroom uit.",
            'Peskov noemde de westerse wapenleveranties "olie op het vuur".',
        ),
    ),
    "korea": Topic(
        actors=(
            "de Noord-Koreaanse leider Kim Jong-un",
            "Kim Jong-un",
            "de Russische president Vladimir Poetin",
            "het Noord-Koreaanse persbureau KCNA",
            "de Zuid-Koreaanse regering",
            "Kims zus Kim Yo-jong",
        ),
        stories=(
            (
                "Kim Jong-un bezoekt wapenfabriek",
                "{a} heeft {day} een bezoek gebracht aan een wapenfabriek, meldt KCNA.",
            ),
            (
                "Noord-Korea test nieuwe raket",
                "Noord-Korea heeft {day} opnieuw een ballistische raket afgevuurd richting de Japanse Zee.",
            ),
            (
                "Poetin ontvangt Kim in {place}",
                "Kim Jong-un en Vladimir Poetin hebben in {place} gesproken over militaire samenwerking.",
            ),
            (
                "Seoul bezorgd over banden Moskou en Pyongyang",
                '{a} waarschuwt voor een "gevaarlijke" toenadering tussen Moskou en Pyongyang.',
            ),
            (
                "Kim laat meer munitie maken",
                "Volgens {a} heeft Kim Jong-un de productie van munitie laten opvoeren.",
            ),
            (
                "Poetin doet Kim een auto cadeau",
                "Vladimir Poetin heeft Kim Jong-un een auto cadeau gedaan, meldt {a}.",
            ),
        ),
        follows=(
            "Zuid-Korea en Japan veroordeelden de lancering.",
            'Kim sprak volgens staatsmedia van een "historisch moment".',
            "De Verenigde Staten beschuldigen Pyongyang ervan Rusland van wapens te voorzien.",
            'Poetin zei dat beide landen "als broeders" samenwerken.',
            "De VN-Veiligheidsraad komt {day} bijeen over de kwestie.",
            "Het bericht zegt er niet bij hoe lang het bezoek duurt.",
            "Het is de {n}e rakettest van dit jaar.",
        ),
    ),
    "midden_oosten": Topic(
        actors=(
            "het Israëlische leger",
            "Hezbollah",
            "Hamas",
            "premier Benjamin Netanyahu",
            "het Rode Kruis",
            "de VN-hulporganisatie UNRWA",
            "het Libanese ministerie van Gezondheid",
        ),
        stories=(
            (
                "Israël voert nieuwe aanvallen uit in Libanon",
                "Het Israëlische leger heeft {day} doelen van Hezbollah in het zuiden van Libanon aangevallen.",
            ),
            (
                "Doden bij luchtaanval op {place}",
                "Bij een luchtaanval op {place} zijn {day} volgens {a} zeker {n} doden gevallen.",
            ),
            (
                "Hezbollah klaar voor lang conflict",
                "Hezbollah zegt klaar te zijn voor een lang conflict met Israël.",
            ),
            (
                "Rode Kruis slaat alarm over situatie in {place}",
                "{a} waarschuwt dat de humanitaire situatie in {place} snel verslechtert.",
            ),
            (
                "Hulpkonvooi bereikt {place}",
                "Een konvooi met {m} vrachtwagens hulpgoederen heeft {day} {place} bereikt, meldt {a}.",
            ),
            (
                "Netanyahu wijst voorstel voor bestand af",
                "Premier Benjamin Netanyahu heeft een voorstel voor een bestand met Hamas afgewezen.",
            ),
        ),
        follows=(
            "Duizenden burgers sloegen op de vlucht.",
            "Israël zegt alleen militaire doelen te treffen.",
            "Hezbollah-leider Naim Qassem dreigde met vergelding.",
            "De VN roepen op tot een onmiddellijk staakt-het-vuren.",
            "Volgens {b} is er een groot tekort aan medicijnen en brandstof.",
            "Egypte en Qatar proberen te bemiddelen tussen Israël en Hamas.",
            _ANP_QUOTE,
        ),
    ),
    "iran": Topic(
        actors=(
            "de Iraanse minister van Buitenlandse Zaken",
            "de Amerikaanse president Donald Trump",
            "het Internationaal Atoomenergieagentschap (IAEA)",
            "de hoogste leider van Iran",
            "de Amerikaanse regering",
        ),
        stories=(
            (
                "Iran en VS praten in {place} over kernprogramma",
                "{a} zegt dat {day} in {place} wordt gesproken over het Iraanse kernprogramma.",
            ),
            (
                "Trump dreigt Iran met sancties",
                'Donald Trump heeft Iran gewaarschuwd dat het land "grote problemen" krijgt zonder akkoord.',
            ),
            (
                "IAEA: Iran verrijkt meer uranium",
                "Volgens het IAEA beschikt Iran inmiddels over {m} kilo verrijkt uranium.",
            ),
            (
                "Teheran wijst eisen Washington af",
                "{a} wijst de Amerikaanse eisen over het kernprogramma van de hand.",
            ),
        ),
        follows=(
            'Trump zei in een interview dat hij "alle opties" openhoudt.',
            "Oman treedt op als bemiddelaar.",
            "Europese landen dringen aan op een nieuw akkoord.",
            "De vorige ronde van de gesprekken leverde niets op.",
            "Iran ontkent dat het een kernwapen wil ontwikkelen.",
            "De VS verscherpten vorige maand de sancties tegen Teheran.",
        ),
    ),
    "vs": Topic(
        actors=(
            "de Amerikaanse president Donald Trump",
            "president Trump",
            "het Witte Huis",
            "een federale rechter",
            "de Democraten in het Congres",
            "gouverneur Gavin Newsom",
        ),
        stories=(
            (
                "Trump kondigt nieuwe importheffingen aan",
                "Donald Trump heeft {day} nieuwe importheffingen van {pct} procent aangekondigd.",
            ),
            (
                "Rechter blokkeert besluit Trump",
                "Een federale rechter heeft een besluit van het Witte Huis over immigratie tijdelijk geblokkeerd.",
            ),
            (
                'Trump wil "zachtere hand" bij immigratie',
                'De aanpak van immigranten kan wat "zachter", zegt {a} in een interview.',
            ),
            (
                "Witte Huis vervangt topambtenaar",
                "{a} heeft bekendgemaakt dat het hoofd van een federale dienst wordt vervangen.",
            ),
            (
                "Duizenden betogen in {place} tegen Trump",
                "In {place} zijn {day} duizenden mensen de straat opgegaan tegen het beleid van Trump.",
            ),
        ),
        follows=(
            "Trump meldde het op zijn eigen platform Truth Social.",
            'De Democraten spreken van "machtsmisbruik".',
            "Het Witte Huis gaat in beroep tegen de uitspraak.",
            "Volgens peilingen steunt {n} procent van de Amerikanen het besluit.",
            '"We moeten nog steeds streng zijn", aldus Trump.',
            "Canada en Mexico kondigden tegenmaatregelen aan.",
        ),
    ),
    "navo": Topic(
        actors=(
            "NAVO-chef Mark Rutte",
            "secretaris-generaal Rutte",
            "de NAVO",
            "de Amerikaanse minister van Defensie",
            "de Duitse bondskanselier Friedrich Merz",
        ),
        stories=(
            (
                "Rutte wil hogere defensie-uitgaven",
                "{a} roept de lidstaten op hun defensie-uitgaven te verhogen tot {pct} procent.",
            ),
            (
                "NAVO-ministers overleggen in {place}",
                "{a} heeft {day} in {place} gesproken met de ministers van Defensie van de bondgenoten.",
            ),
            (
                "NAVO houdt oefening in {place}",
                "De NAVO begint {day} in {place} met een grote oefening met {m} militairen.",
            ),
            (
                "Rutte waarschuwt voor Russische dreiging",
                "{a} waarschuwt dat Rusland binnen enkele jaren een NAVO-land kan aanvallen.",
            ),
        ),
        follows=(
            'Rutte sprak van "een kwestie van overleven".',
            "Niet alle lidstaten halen de afgesproken norm.",
            "De VS dringen al jaren aan op hogere uitgaven in Europa.",
            "De oefening duurt tot en met {day}.",
            _ANP_QUOTE,
        ),
    ),
    "europa": Topic(
        actors=(
            "Europese Commissie-voorzitter Ursula von der Leyen",
            "de EU",
            "de Franse president Emmanuel Macron",
            "het Europees Parlement",
            "de EU-ministers van Buitenlandse Zaken",
        ),
        stories=(
            (
                "EU eens over nieuw sanctiepakket",
                "De EU-landen zijn het {day} eens geworden over een nieuw pakket sancties tegen Rusland.",
            ),
            (
                "Von der Leyen presenteert plan voor industrie",
                "{a} heeft in {place} een plan gepresenteerd om de Europese industrie te versterken.",
            ),
            (
                "Roep om miljarden voor Europese defensie",
                "{a} wil dat de lidstaten {m} miljard euro vrijmaken voor gezamenlijke defensie.",
            ),
            (
                "Boeren protesteren in {place}",
                "Duizenden boeren zijn {day} in {place} de straat opgegaan tegen nieuwe EU-regels.",
            ),
        ),
        follows=(
            "Hongarije blokkeerde het voorstel eerder.",
            "Het plan moet nog worden goedgekeurd door de lidstaten.",
            'Volgens Von der Leyen is het een "historische stap".',
            "Nederland stemde voor, België onthield zich.",
            "De Europese ministers komen {day} opnieuw bijeen in Brussel.",
        ),
    ),
    "ramp": Topic(
        actors=("de reddingsdiensten", "de lokale autoriteiten", "de politie", "het Rode Kruis"),
        stories=(
            (
                "Doden door lawine bij {place}",
                "Bij een lawine bij {place} zijn {day} {n} skiërs om het leven gekomen, melden {a}.",
            ),
            (
                "Zware overstromingen in {place}",
                "Door zware regenval zijn in en rond {place} duizenden mensen geëvacueerd.",
            ),
            (
                "Aardbeving schudt {place} op",
                "Een aardbeving met een kracht van {n2} heeft {day} de regio rond {place} getroffen.",
            ),
            (
                "Brand verwoest woonwijk in {place}",
                "Een grote brand heeft {day} tientallen huizen in {place} verwoest, melden {a}.",
            ),
        ),
        follows=(
            "Er worden nog {n} mensen vermist.",
            "Volgens {b} is de kans op nieuwe schade groot.",
            "Hulpverleners zochten de hele nacht naar overlevenden.",
            "De regering heeft de noodtoestand uitgeroepen.",
            "Het is de zwaarste ramp in de regio in {n} jaar.",
        ),
    ),
    "verkeer": Topic(
        actors=("Rijkswaterstaat", "ProRail", "de NS", "de politie", "de veiligheidsregio"),
        stories=(
            (
                "Treinverkeer rond {place} plat",
                "Het treinverkeer rond {place} ligt {day} urenlang stil door een storing, meldt {a}.",
            ),
            (
                "Lange files door ongeluk bij {place}",
                "Door een ongeluk op de A{n} bij {place} staan lange files, meldt {a}.",
            ),
            (
                "Veerdienst hervat na storing",
                "De veerdienst bij {place} vaart weer na een storing van {n} uur.",
            ),
            ("Nieuwe brug bij {place} geopend", "{a} opent {day} een nieuwe brug bij {place}."),
            (
                "Schiphol schrapt vluchten door storm",
                "Op Schiphol zijn {day} {m} vluchten geschrapt vanwege harde wind.",
            ),
        ),
        follows=(
            "Reizigers worden aangeraden de reisplanner te raadplegen.",
            "Er reden bussen in plaats van treinen.",
            "De oorzaak van de storing wordt onderzocht.",
            "Volgens {b} duurt de hinder nog tot de avondspits.",
            _ANP_QUOTE,
            "De weg was ruim {n} uur afgesloten.",
        ),
    ),
    "weer": Topic(
        actors=("het KNMI", "Weeronline", "Rijkswaterstaat", "de veiligheidsregio"),
        stories=(
            (
                "Code oranje voor storm",
                "Het KNMI heeft voor {day} code oranje afgegeven vanwege zware windstoten.",
            ),
            (
                "KNMI waarschuwt voor gladheid",
                "Het KNMI waarschuwt voor gladheid door ijzel in het noorden van het land.",
            ),
            (
                "Warmste {day} ooit gemeten",
                "In De Bilt is {day} een temperatuur van 1{n2},{n2} graden gemeten, meldt {a}.",
            ),
            (
                "Hoogwater in rivieren stijgt",
                "Het water in de grote rivieren stijgt de komende dagen verder, verwacht {a}.",
            ),
        ),
        follows=(
            "Weggebruikers wordt gevraagd voorzichtig te zijn.",
            "De windstoten kunnen oplopen tot {m} kilometer per uur.",
            "Het vorige record is {n} jaar oud.",
            "Dijkwachten houden de situatie nauwlettend in de gaten.",
            "Volgens {b} wordt het in het weekend rustiger.",
        ),
    ),
    "misdaad": Topic(
        actors=("de politie", "het Openbaar Ministerie", "de rechtbank", "de marechaussee"),
        stories=(
            (
                "Explosie bij woning in {place}",
                "Bij een woning in {place} is in de nacht van {day} een explosief ontploft, meldt {a}.",
            ),
            (
                "Verdachte opgepakt na steekpartij in {place}",
                "De politie heeft {day} een man van {n} jaar aangehouden na een steekpartij in {place}.",
            ),
            (
                "Celstraf geëist voor drugssmokkel",
                "Het OM heeft {n} jaar cel geëist tegen een man die drugs smokkelde via de haven.",
            ),
            (
                "Douane vindt {m} kilo cocaïne",
                "In de haven van Rotterdam heeft {a} {m} kilo cocaïne onderschept.",
            ),
        ),
        follows=(
            "Er raakte niemand gewond.",
            "De politie zoekt getuigen.",
            "De verdachte zit vast in beperking.",
            "De rechtbank doet over twee weken uitspraak.",
            "Het is de {n}e explosie in de stad dit jaar.",
        ),
    ),
    "zorg": Topic(
        actors=(
            "het RIVM",
            "de minister van Volksgezondheid",
            "de Inspectie Gezondheidszorg",
            "ziekenhuizen",
            "huisartsen",
        ),
        stories=(
            ("RIVM ziet griep toenemen", "Het RIVM ziet het aantal griepgevallen snel toenemen."),
            (
                "Wachtlijsten in ggz groeien",
                "De wachtlijsten in de ggz zijn opnieuw gegroeid, meldt {a}.",
            ),
            (
                "Ziekenhuis in {place} stopt met afdeling",
                "Het ziekenhuis in {place} stopt met de afdeling verloskunde, tot onvrede van de gemeente.",
            ),
            ("Zorg slaat alarm over personeel", "{a} slaat alarm over het tekort aan personeel."),
        ),
        follows=(
            "Vooral ouderen lopen risico.",
            "Volgens {b} is er geen snelle oplossing.",
            "De minister belooft de Kamer {day} een brief.",
            "Patiënten moeten gemiddeld {n} weken wachten.",
        ),
    ),
    "wonen": Topic(
        actors=(
            "het kadaster",
            "de woningcorporaties",
            "de minister van Volkshuisvesting",
            "de gemeente",
            "het CBS",
        ),
        stories=(
            (
                "Huizenprijzen stijgen verder",
                "De huizenprijzen zijn het afgelopen kwartaal met {pct} procent gestegen, meldt {a}.",
            ),
            (
                "Minder nieuwbouw dan gepland",
                "Er zijn dit jaar veel minder nieuwe woningen gebouwd dan gepland, zegt {a}.",
            ),
            (
                "Huurders in {place} krijgen compensatie",
                "Huurders van een flat in {place} krijgen een vergoeding na jaren van achterstallig onderhoud.",
            ),
            (
                "CBS: woningtekort groeit",
                "Het woningtekort is opgelopen tot {m} woningen, becijfert het CBS.",
            ),
        ),
        follows=(
            "Vooral starters hebben het moeilijk.",
            "Volgens {b} is de bouw te traag op gang gekomen.",
            "De minister wil de regels voor nieuwbouw versoepelen.",
            "Een gemiddelde woning kost nu ruim {m} euro.",
        ),
    ),
    "cultuur": Topic(
        actors=("het museum", "de organisatie", "de gemeente", "het Rijksmuseum", "de Efteling"),
        stories=(
            (
                "Kaasmarkt trekt recordaantal bezoekers",
                "Op de kaasmarkt in {place} zijn {day} recordaantallen bezoekers afgekomen.",
            ),
            (
                "Museum krijgt schilderij terug",
                "{a} heeft een lang vermist schilderij teruggekregen.",
            ),
            (
                "Beschadigde kroon wordt gerestaureerd",
                "Een kostbare kroon die bij een kraak beschadigd raakte, wordt volledig gerestaureerd, meldt {a}.",
            ),
            (
                "Festival in {place} uitverkocht",
                "Het festival in {place} is binnen {n} minuten uitverkocht.",
            ),
        ),
        follows=(
            'Volgens {b} is het een "bijzonder moment".',
            "De restauratie duurt naar verwachting {n} maanden.",
            "Vorig jaar kwamen er nog {m} bezoekers.",
            "Het werk is vanaf {day} weer te zien.",
        ),
    ),
    "economie": Topic(
        actors=(
            "De Nederlandsche Bank",
            "de ECB",
            "het CBS",
            "ECB-president Christine Lagarde",
            "het Centraal Planbureau",
        ),
        stories=(
            ("ECB verlaagt rente", "De ECB heeft de rente met een kwart procentpunt verlaagd."),
            (
                "Inflatie daalt naar {pct} procent",
                "De inflatie in Nederland is in {month} gedaald naar {pct} procent, meldt het CBS.",
            ),
            (
                "CPB verwacht meer groei",
                "{a} verwacht dat de economie volgend jaar met {pct} procent groeit.",
            ),
            (
                "Beurs in Amsterdam hoger",
                "De beurs in Amsterdam is {day} hoger gesloten na sterke cijfers uit de VS.",
            ),
        ),
        follows=(
            "Vooral energie werd goedkoper.",
            "Lagarde sloot verdere verlagingen niet uit.",
            "De AEX eindigde {pct} procent hoger.",
            "Volgens {b} blijft de arbeidsmarkt krap.",
        ),
    ),
    "bedrijven": Topic(
        actors=("ASML", "Philips", "Shell", "KLM", "Ahold Delhaize"),
        stories=(
            (
                "{a} boekt hogere winst",
                "{a} heeft over het afgelopen kwartaal een winst van {m} miljoen euro geboekt.",
            ),
            ("{a} schrapt banen", "{a} schrapt {m} banen om kosten te besparen."),
            (
                "FNV dreigt met staking",
                "De vakbond FNV dreigt met acties bij {b} als er geen nieuwe cao komt.",
            ),
            (
                "{a} verkoopt belang",
                "{a} verkoopt een belang in een buitenlandse dochter voor {m} miljoen euro.",
            ),
        ),
        follows=(
            "Het aandeel steeg {pct} procent.",
            "De onderneming verwacht een moeilijk jaar.",
            'Volgens de FNV is het bod "een belediging".',
            _ANP_QUOTE,
        ),
    ),
    "kabinet": Topic(
        actors=(
            "premier Dick Schoof",
            "het kabinet",
            "de minister van Financiën",
            "de minister van Asiel en Migratie",
            "de ministerraad",
        ),
        stories=(
            (
                "Kabinet presenteert plannen voor koopkracht",
                "{a} heeft {day} plannen gepresenteerd om de koopkracht te verbeteren.",
            ),
            (
                "Kabinet trekt extra geld uit voor defensie",
                "{a} trekt {m} miljoen euro extra uit voor defensie.",
            ),
            (
                "Ministerraad eens over asielwetten",
                "Na een lange vergadering is de ministerraad het {day} eens geworden over de asielwetten.",
            ),
            (
                "Schoof wil snel akkoord over begroting",
                "{a} wil voor de zomer een akkoord over de begroting.",
            ),
        ),
        follows=(
            'De oppositie spreekt van "een sigaar uit eigen doos".',
            "Het voorstel gaat nu naar de Tweede Kamer.",
            'Schoof zei na afloop "tevreden" te zijn.',
            _ANP_QUOTE,
        ),
    ),
    "kamer": Topic(
        actors=(
            "de Tweede Kamer",
            "een Kamermeerderheid",
            "de Eerste Kamer",
            "de oppositie",
            "Kamerlid Jesse Klaver",
        ),
        stories=(
            (
                "Kamer stemt in met huurwet",
                "{a} heeft {day} ingestemd met een wet die de huren moet beteugelen.",
            ),
            (
                "Kamer wil debat over asiel",
                "{a} wil een debat met de minister over de opvang van asielzoekers.",
            ),
            (
                "Motie van wantrouwen verworpen",
                "Een motie van wantrouwen tegen de minister is {day} verworpen.",
            ),
            (
                "Senaat stemt tegen klimaatwet",
                "De Eerste Kamer heeft een wetsvoorstel over het klimaatbeleid verworpen.",
            ),
        ),
        follows=(
            "Alleen de oppositie stemde voor.",
            'De minister noemde de kritiek "onterecht".',
            "Het debat duurde tot diep in de nacht.",
            "{n} Kamerleden stemden tegen.",
        ),
    ),
    "voetbal": Topic(
        actors=(
            "Ajax",
            "PSV",
            "Feyenoord",
            "AZ",
            "FC Twente",
            "het Nederlands elftal",
            "bondscoach Ronald Koeman",
        ),
        stories=(
            ("{a} wint topper", "{a} heeft {day} met {n2}-1 gewonnen van {b}."),
            (
                "PSV blijft koploper",
                "PSV blijft koploper in de Eredivisie na een overwinning op {b}.",
            ),
            (
                "Koeman roept nieuwe spelers op",
                "Bondscoach Ronald Koeman heeft voor de interlands drie nieuwe spelers opgeroepen.",
            ),
            (
                "{a} uitgeschakeld in Europa",
                "{a} is in de Europa League uitgeschakeld na een nederlaag in {place}.",
            ),
        ),
        follows=(
            "De winnende treffer viel in de blessuretijd.",
            "Het verschil met de nummer twee is {n} punten.",
            'Koeman sprak van "een logische keuze".',
            "Het stadion was uitverkocht.",
        ),
    ),
    "schaatsen": Topic(
        actors=("Jutta Leerdam", "Femke Kok", "Joy Beune", "Jenning de Boo", "de KNSB"),
        stories=(
            ("{a} wint in {place}", "{a} heeft {day} in {place} de 1000 meter gewonnen."),
            (
                "{a} rijdt wereldrecord",
                "{a} heeft in {place} een wereldrecord gereden op de 500 meter.",
            ),
            ("KNSB maakt selectie bekend", "De KNSB heeft de selectie voor het WK bekendgemaakt."),
            ("{a} tweede in {place}", "{a} is in {place} als tweede geëindigd achter {b}."),
        ),
        follows=(
            "Het was de {n}e zege van het seizoen.",
            'De ijsvloer was volgens de rijders "perfect".',
            "Het WK begint over {n} weken.",
        ),
    ),
    "wielrennen": Topic(
        actors=(
            "Mathieu van der Poel",
            "Demi Vollering",
            "Wout van Aert",
            "Tadej Pogačar",
            "de wielerploeg Visma-Lease a Bike",
        ),
        stories=(
            ("{a} wint rit naar {place}", "{a} heeft {day} de rit naar {place} gewonnen."),
            (
                "{a} pakt leiderstrui",
                "{a} heeft na de etappe naar {place} de leiderstrui overgenomen.",
            ),
            (
                "Valpartij in slotfase bij {place}",
                "Een zware valpartij in de slotfase bij {place} kostte {a} de overwinning.",
            ),
        ),
        follows=(
            "De ploeg maakt zich zorgen over de schade.",
            "Het verschil in het klassement is {n} seconden.",
            "De koers wordt {day} vervolgd.",
        ),
    ),
    "f1": Topic(
        actors=("Max Verstappen", "Lando Norris", "Charles Leclerc"),
        stories=(
            ("{a} wint in {place}", "{a} heeft {day} de Grote Prijs van {place} gewonnen."),
            ("{a} start vanaf pole", "{a} start {day} vanaf pole position in {place}."),
            (
                "{a} snelste in training",
                "{a} was de snelste in de tweede vrije training in {place}.",
            ),
        ),
        follows=(
            'Verstappen sprak van "een lastige race".',
            "Het verschil in het kampioenschap is {n} punten.",
            "Leclerc viel uit met motorpech.",
        ),
    ),
    "regio": Topic(
        actors=(
            "de gemeente",
            "de provincie Zeeland",
            "het waterschap Scheldestromen",
            "de brandweer",
            "de politie",
        ),
        stories=(
            (
                "Gemeente wil nieuwe sporthal in {place}",
                "{a} wil in {place} een nieuwe sporthal bouwen van {m} duizend euro.",
            ),
            (
                "Brand in schuur bij {place}",
                "Bij een brand in een schuur in {place} is {day} veel schade ontstaan, meldt de brandweer.",
            ),
            (
                "Dijk bij {place} wordt versterkt",
                "Het waterschap begint {day} met het versterken van de dijk bij {place}.",
            ),
            (
                "Markt in {place} verhuist",
                "De weekmarkt in {place} verhuist na {n} jaar naar het Havenplein.",
            ),
            (
                "Strandpaviljoen mag blijven",
                "Een strandpaviljoen bij {place} mag blijven staan, heeft {a} besloten.",
            ),
            (
                "Veerdienst vaart weer",
                "De veerdienst tussen Vlissingen en Breskens vaart weer na een storing van {n} uur.",
            ),
        ),
        follows=(
            "Omwonenden zijn blij met het besluit.",
            "De werkzaamheden duren naar verwachting {n} maanden.",
            "Volgens {b} is er geen gevaar voor omwonenden.",
            "De gemeenteraad neemt {day} een besluit.",
            "Er raakte niemand gewond.",
        ),
    ),
}

_SMALL_WORDS = {"aan", "de", "am", "op", "van", "der", "sur", "den"}


@functools.lru_cache(maxsize=4096)
def normal_case(place: str) -> str:
    """`KOMSOMOLSK AAN DE AMOER` -> `Komsomolsk aan de Amoer`, `'S-HERTOGENBOSCH` -> `'s-Hertogenbosch`."""
    words = []
    for i, word in enumerate(place.split(" ")):
        low = word.lower()
        if i > 0 and low in _SMALL_WORDS:
            words.append(low)
            continue
        parts = [p[:1].upper() + p[1:] for p in low.split("-")]
        joined = "-".join(parts)
        if joined.startswith("'S-"):
            joined = "'s-" + joined[3:]
        words.append(joined)
    return " ".join(words)


class _Slots(dict[str, str]):
    """Slot values computed on first use (most templates use one or two slots)."""

    def __init__(self, rng: random.Random, topic: Topic, place: str) -> None:
        super().__init__()
        self.rng = rng
        self.topic = topic
        self.place = place

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in ("a", "b"):
            other = self.get("b" if key == "a" else "a")
            value = rng.choice(self.topic.actors)
            if value == other and len(self.topic.actors) > 1:
                value = rng.choice([a for a in self.topic.actors if a != other])
        elif key == "day":
            value = rng.choice(WEEKDAYS)
        elif key == "n":
            value = str(rng.randint(2, 60))
        elif key == "n2":
            value = str(rng.randint(3, 9))
        elif key == "m":
            value = str(rng.choice(_BIG) + rng.randint(0, 9))
        elif key == "pct":
            value = f"{rng.randint(1, 9)},{rng.randint(0, 9)}"
        elif key == "place":
            value = normal_case(self.place)
        elif key == "month":
            value = rng.choice(MONTHS)
        else:
            raise KeyError(key)
        self[key] = value
        return value


_BIG = (12, 35, 40, 75, 120, 150, 300, 450, 800, 1200, 2500)


def fill(
    template: str, rng: random.Random, topic: Topic, place: str, slots: dict[str, str] | None = None
) -> str:
    """Fill one template's slots from the topic's actors and random numbers.

    Passing the same `slots` to several templates keeps a headline and its lead consistent.
    """
    text = template.format_map(slots if slots is not None else _Slots(rng, topic, place))
    return text[:1].upper() + text[1:]


def new_slots(rng: random.Random, topic: Topic, place: str) -> dict[str, str]:
    """A fresh lazily filled slot table for one item."""
    return _Slots(rng, topic, place)


# A specific sentence per item (who said what, where): it makes every item's text its own, so
# that distinct wire items are not near-duplicates of each other.
_FIRST = (
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Femke",
    "Gert",
    "Hanna",
    "Ivo",
    "Joost",
    "Karin",
    "Lars",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sander",
    "Tessa",
    "Udo",
    "Vera",
    "Willem",
    "Yvonne",
    "Zeger",
    "Ahmed",
    "Fatima",
    "Kees",
    "Lotte",
    "Mehmet",
    "Sanne",
)
_LAST = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kok",
    "van Dam",
    "Verhoeven",
    "Schouten",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "van der Linden",
    "Maas",
    "Willems",
    "Goossens",
)
_WHO = (
    "woordvoerder {name}",
    "burgemeester {name}",
    "onderzoeker {name}",
    "directeur {name}",
    "ooggetuige {name}",
    "deskundige {name}",
    "wethouder {name}",
    "advocaat {name}",
    "econoom {name}",
    "politiek verslaggever {name}",
    "hoogleraar {name}",
    "omwonende {name}",
)
_SAID = ("zei", "verklaarde", "meldde", "vertelde", "benadrukte", "erkende")
_WHERE = (
    "tegen de regionale omroep",
    "op een persconferentie",
    "in een schriftelijke verklaring",
    "in een interview met een krant",
    "tegenover verslaggevers",
    "op sociale media",
    "in een radioprogramma",
    "na afloop van het overleg",
    "bij een bijeenkomst in {town}",
    "in een gesprek met de gemeenteraad van {town}",
)
_WHAT = (
    "dat er {n} mensen bij betrokken zijn",
    "dat de kosten oplopen tot {m} duizend euro",
    "dat een besluit uiterlijk {day} volgt",
    "dat de gesprekken tot diep in de nacht duurden",
    "dat het onderzoek zeker {n} weken in beslag neemt",
    "dat er nog veel vragen zijn",
    "dat de situatie {day} opnieuw wordt bekeken",
    "dat {n} procent van de betrokkenen tevreden is",
    "dat eerder {n} meldingen waren binnengekomen",
    "dat de maatregel {n} maanden geldt",
    'dat het om een "uitzonderlijke situatie" gaat',
    "dat men zich aan de afspraken houdt",
    "dat er binnen {n} dagen meer bekend wordt",
    "dat de teller inmiddels op {m} staat",
)
_TOWNS = (
    "Zwolle",
    "Amersfoort",
    "Middelburg",
    "Goes",
    "Terneuzen",
    "Den Bosch",
    "Apeldoorn",
    "Leiden",
    "Groningen",
    "Maastricht",
    "Haarlem",
    "Delft",
    "Breda",
    "Arnhem",
    "Venlo",
)


def detail_sentence(rng: random.Random) -> str:
    """One specific sentence: a named person saying something, somewhere."""
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    who = rng.choice(_WHO).format(name=name)
    where = rng.choice(_WHERE).format(town=rng.choice(_TOWNS))
    what = rng.choice(_WHAT).format(
        n=rng.randint(2, 95), m=rng.randint(11, 990), day=rng.choice(WEEKDAYS)
    )
    said = rng.choice(_SAID)
    if rng.random() < 0.5:
        return f"{who[:1].upper()}{who[1:]} {said} {where} {what}."
    return f"{where[:1].upper()}{where[1:]} {said} {who} {what}."

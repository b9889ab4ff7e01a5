"""This project's sentiment lexicons and language rules (our own work, same licence as the project).

Valences follow VADER's scale: -4 (extremely negative) .. +4 (extremely positive); most
entries are +-1..3. A word ending in `*` is a stem and matches any ending (the longest
matching stem wins), which is how the inflected languages (Finnish, Polish, Russian,
German) are covered with a few hundred entries. Accents are ignored when matching
(`cx_strip_accents`: "rápido" and "rapido" are the same word). English and Portuguese have
large packaged lexicons (VADER, LeIA); the entries here for them only add customer-service
words those lexicons lack (late, broken, refund, ...).

Written from general knowledge of each language's everyday and customer-service
vocabulary, not fitted to any evaluation data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rules:
    negations: tuple[str, ...]
    boosters: dict[str, float]
    contrasts: tuple[str, ...]
    false_friends: tuple[str, ...] = field(default_factory=tuple)


UP = 0.293
DOWN = -0.293


def _parse(spec: str) -> dict[str, float]:
    """'word:2 stem*:-1.5 ...' -> {word: 2.0, stem*: -1.5}; whitespace and newlines separate entries."""
    out: dict[str, float] = {}
    for item in spec.split():
        word, _, valence = item.rpartition(":")
        out[word.replace("_", " ").lower()] = float(valence)
    return out


RULES: dict[str, Rules] = {
    "en": Rules(
        negations=(
            "not",
            "no",
            "never",
            "none",
            "nobody",
            "nothing",
            "nowhere",
            "neither",
            "nor",
            "without",
            "cannot",
            "cant",
            "can't",
            "don't",
            "dont",
            "doesn't",
            "doesnt",
            "didn't",
            "didnt",
            "isn't",
            "isnt",
            "wasn't",
            "wasnt",
            "aren't",
            "arent",
            "weren't",
            "werent",
            "won't",
            "wont",
            "wouldn't",
            "wouldnt",
            "shouldn't",
            "shouldnt",
            "couldn't",
            "couldnt",
            "haven't",
            "havent",
            "hasn't",
            "hasnt",
            "hadn't",
            "hadnt",
            "ain't",
            "aint",
            "rarely",
            "seldom",
            "hardly",
        ),
        boosters={
            "very": UP,
            "really": UP,
            "so": UP,
            "extremely": UP,
            "absolutely": UP,
            "totally": UP,
            "completely": UP,
            "incredibly": UP,
            "super": UP,
            "highly": UP,
            "truly": UP,
            "too": UP,
            "most": UP,
            "quite": UP,
            "especially": UP,
            "utterly": UP,
            "fucking": UP,
            "slightly": DOWN,
            "somewhat": DOWN,
            "kinda": DOWN,
            "barely": DOWN,
            "almost": DOWN,
            "little": DOWN,
            "partly": DOWN,
        },
        contrasts=("but", "however", "although", "though", "yet"),
    ),
    "pt": Rules(
        negations=(
            "não",
            "nao",
            "nunca",
            "jamais",
            "nem",
            "nenhum",
            "nenhuma",
            "nada",
            "ninguém",
            "sem",
            "tampouco",
            "n",
            "ñ",
        ),
        boosters={
            "muito": UP,
            "muita": UP,
            "muitos": UP,
            "super": UP,
            "bem": UP,
            "extremamente": UP,
            "totalmente": UP,
            "demais": UP,
            "tão": UP,
            "tao": UP,
            "bastante": UP,
            "mega": UP,
            "completamente": UP,
            "realmente": UP,
            "absolutamente": UP,
            "pouco": DOWN,
            "meio": DOWN,
            "quase": DOWN,
        },
        contrasts=("mas", "porém", "porem", "contudo", "entretanto", "todavia"),
        false_friends=("pretend", "sensible", "push", "data", "parents", "comprehensive"),
    ),
    "es": Rules(
        negations=(
            "no",
            "nunca",
            "jamás",
            "jamas",
            "ni",
            "ningún",
            "ninguna",
            "ninguno",
            "nada",
            "nadie",
            "sin",
            "tampoco",
        ),
        boosters={
            "muy": UP,
            "mucho": UP,
            "mucha": UP,
            "muchísimo": UP,
            "súper": UP,
            "super": UP,
            "tan": UP,
            "totalmente": UP,
            "completamente": UP,
            "extremadamente": UP,
            "realmente": UP,
            "demasiado": UP,
            "bastante": UP,
            "re": UP,
            "poco": DOWN,
            "algo": DOWN,
            "casi": DOWN,
            "medio": DOWN,
        },
        contrasts=("pero", "sin embargo", "aunque", "sino"),
        false_friends=(
            "embarazada",
            "sensible",
            "actual",
            "once",
            "fin",
            "sole",
            "pie",
            "dice",
            "red",
            "bad",
        ),
    ),
    "de": Rules(
        negations=(
            "nicht",
            "nie",
            "niemals",
            "kein",
            "keine",
            "keiner",
            "keinen",
            "keinem",
            "nichts",
            "niemand",
            "ohne",
            "weder",
            "nirgends",
        ),
        boosters={
            "sehr": UP,
            "so": UP,
            "total": UP,
            "echt": UP,
            "wirklich": UP,
            "extrem": UP,
            "absolut": UP,
            "völlig": UP,
            "voll": UP,
            "super": UP,
            "mega": UP,
            "richtig": UP,
            "ziemlich": UP,
            "besonders": UP,
            "äußerst": UP,
            "zu": UP,
            "etwas": DOWN,
            "kaum": DOWN,
            "bisschen": DOWN,
            "wenig": DOWN,
            "fast": DOWN,
        },
        contrasts=("aber", "doch", "jedoch", "trotzdem", "allerdings", "sondern"),
        false_friends=(
            "die",
            "will",
            "hell",
            "arm",
            "gift",
            "also",
            "fast",
            "bald",
            "rock",
            "kind",
            "handy",
            "mist",
            "art",
            "bad",
            "rat",
            "fall",
            "hold",
            "bitte",
            "boot",
            "chef",
            "fun",
            "pest",
            "taste",
            "wind",
        ),
    ),
    "fr": Rules(
        negations=("ne", "n", "pas", "jamais", "rien", "personne", "aucun", "aucune", "sans", "ni"),
        boosters={
            "très": UP,
            "tres": UP,
            "trop": UP,
            "vraiment": UP,
            "tellement": UP,
            "super": UP,
            "hyper": UP,
            "totalement": UP,
            "complètement": UP,
            "extrêmement": UP,
            "absolument": UP,
            "si": UP,
            "grave": UP,
            "peu": DOWN,
            "assez": DOWN,
            "presque": DOWN,
            "plutôt": DOWN,
        },
        contrasts=("mais", "cependant", "pourtant", "toutefois", "néanmoins"),
        false_friends=(
            "pain",
            "sale",
            "chair",
            "coin",
            "four",
            "blessed",
            "rage",
            "crash",
            "ail",
            "lame",
            "pet",
            "fin",
            "chat",
            "mot",
            "hate",
        ),
    ),
    "it": Rules(
        negations=(
            "non",
            "mai",
            "niente",
            "nulla",
            "nessuno",
            "nessuna",
            "senza",
            "né",
            "neanche",
            "nemmeno",
            "neppure",
        ),
        boosters={
            "molto": UP,
            "troppo": UP,
            "davvero": UP,
            "veramente": UP,
            "tanto": UP,
            "tanta": UP,
            "super": UP,
            "proprio": UP,
            "assolutamente": UP,
            "completamente": UP,
            "così": UP,
            "estremamente": UP,
            "poco": DOWN,
            "quasi": DOWN,
            "abbastanza": DOWN,
        },
        contrasts=("ma", "però", "pero", "tuttavia", "invece"),
        false_friends=(
            "fine",
            "burro",
            "camera",
            "morbid",
            "pretend",
            "cane",
            "confetti",
            "parenti",
            "peste",
            "ape",
        ),
    ),
    "pl": Rules(
        negations=(
            "nie",
            "nigdy",
            "żaden",
            "żadna",
            "żadne",
            "żadnego",
            "nic",
            "niczego",
            "nikt",
            "bez",
            "ani",
        ),
        boosters={
            "bardzo": UP,
            "mega": UP,
            "super": UP,
            "naprawdę": UP,
            "strasznie": UP,
            "niesamowicie": UP,
            "całkowicie": UP,
            "totalnie": UP,
            "zupełnie": UP,
            "zbyt": UP,
            "za": UP,
            "tak": UP,
            "wyjątkowo": UP,
            "ogromnie": UP,
            "trochę": DOWN,
            "nieco": DOWN,
            "prawie": DOWN,
            "raczej": DOWN,
        },
        contrasts=("ale", "jednak", "lecz", "chociaż", "choć", "natomiast"),
        false_friends=("list", "ten", "pod", "data", "kosz", "pensja", "plan"),
    ),
    "fi": Rules(
        negations=(
            "ei",
            "en",
            "et",
            "emme",
            "ette",
            "eivät",
            "eikä",
            "älä",
            "ilman",
            "ikinä",
            "koskaan",
            "mitään",
        ),
        boosters={
            "tosi": UP,
            "todella": UP,
            "erittäin": UP,
            "hyvin": UP,
            "niin": UP,
            "aivan": UP,
            "täysin": UP,
            "super": UP,
            "ihan": UP,
            "liian": UP,
            "aika": UP,
            "melko": DOWN,
            "hieman": DOWN,
            "vähän": DOWN,
            "lähes": DOWN,
            "melkein": DOWN,
        },
        contrasts=("mutta", "kuitenkin", "vaikka", "silti"),
        false_friends=("kiva", "home", "halt", "lame"),
    ),
    "ru": Rules(
        negations=(
            "не",
            "нет",
            "ни",
            "никогда",
            "ничего",
            "никто",
            "никакой",
            "никакого",
            "без",
            "нельзя",
            "ничем",
        ),
        boosters={
            "очень": UP,
            "так": UP,
            "такой": UP,
            "такая": UP,
            "слишком": UP,
            "совсем": UP,
            "абсолютно": UP,
            "полностью": UP,
            "супер": UP,
            "реально": UP,
            "крайне": UP,
            "самый": UP,
            "самая": UP,
            "весьма": UP,
            "чуть": DOWN,
            "немного": DOWN,
            "почти": DOWN,
            "довольно": DOWN,
        },
        contrasts=("но", "однако", "зато", "хотя"),
    ),
}


LEXICONS: dict[str, dict[str, float]] = {
    # Customer-service words VADER lacks or rates as neutral.
    "en": _parse("""
        no_response:-1.5 no_reply:-1.5 never_responded:-2 never_replied:-2 took_forever:-2
        number:0 nothing_special:-0.9 no_answer:-1.5 still_no:-1 charged_double:-2 double_charged:-2
        late:-1.5 delayed:-1.8 delay:-1.5 delays:-1.5 overdue:-1.5 broken:-2 damaged:-2 defective:-2.2
        faulty:-2 refund:-0.8 unanswered:-1.5 crashing:-2 crashes:-1.8 crashed:-1.8 overcharged:-2.2
        rude:-2.2 unhelpful:-2 useless:-2 expensive:-1 overpriced:-1.8 recommend:1.8 recommended:1.8
        reliable:1.8 smooth:1.5 quick:1.2 fast:1.2 slow:-1.2 easy:1.5 hassle:-1.5 scam:-2.8
        ripoff:-2.5 transferred:-0.5 missing:-1.2 lost:-1.5 never_arrived:-2.5 well_packed:1.5
        """),
    "pt": _parse("""
        amo:3 adoro:3 adorando:2.5 amando:2.5 maravilhos*:3 incrível:2.8 incrivel:2.8 sensacional:3
        lindo:2.5 linda:2.5 lindos:2.5 lindas:2.5 bela:2 belo:2 diva:2 fofo:2 fofa:2 orgulho:2 feliz:2.8
        felicidade:3 saudade:-0.5 saudades:-0.5 aff:-1.5 afff:-1.5 pqp:-2 caralho:-1.5 porra:-1.5 droga:-1.8
        perdi:-1.5 perdeu:-1.2 chato:-2 chata:-2 raiva:-2.5 triste:-2.2 tristeza:-2.5 vergonha:-2.5 ridículo:-2.2
        horroroso:-3 nojo:-2.8 nojento:-2.8 medo:-2 preguiça:-1.2 cansado:-1.2 cansada:-1.2 odeio:-3 merda:-2.5
        eliminado:-1.2 eliminada:-1.2 injusto:-2 injustiça:-2.5 torcendo:1.5 arrasou:2.8 arrasando:2.8 mito:1.5
        parabéns:2.5 parabens:2.5 valeu:1.8 vlw:1.8 obg:1.5 amei:3 demais_de_bom:3
        de_especial:0 transferido:-1.2 sem_resposta:-1.8 resolveu:2.5 resolvido:2 cobrado_em:-1 em_dobro:-1.5
        atrasado:-1.8 atrasada:-1.8 atraso:-1.8 atrasou:-1.8 quebrado:-2 quebrou:-2 danificado:-2
        defeito:-2 defeituoso:-2 péssimo:-3 pessima:-3 pessimo:-3 horrível:-3 recomendo:2.2
        chegou:0.3 antes_do_prazo:2 no_prazo:1.5 rápido:1.5 rapida:1.5 rápida:1.5 ótimo:2.8 otimo:2.8
        ótima:2.8 otima:2.8 excelente:3 perfeito:3 adorei:3 amei:3 gostei:2 satisfeito:2.2
        insatisfeito:-2.2 decepcionado:-2.2 decepção:-2.2 lixo:-2.5 falhou:-2 cobrado:-0.8 caro:-1.2
        barato:0.8 lindo:2.5 linda:2.5 top:2 show:1.5 parabéns:2.5 obrigado:1.5 obrigada:1.5
        trava:-1.8 travando:-1.8 demora:-1.5 demorou:-1.5 errado:-1.8 faltou:-1.5 faltando:-1.5
        não_recebi:-2.5 nao_recebi:-2.5 não_chegou:-2.5 nao_chegou:-2.5 fácil:1.5 facil:1.5
        """),
    "es": _parse("""
        siento:-1 lo_siento:-1.2 pobre:-1.5 pobres:-1.5 feo:-2 fea:-2 feos:-2 raro:-1 falta:-1
        echo_de_menos:-1 extraño:-0.8 buen:1.8 buenísimo:3 espero:1 esperamos:1 interesante:1.5 rico:1.2 rica:1.2
        corazón:1.5 precios*:2.5 maravilla:3 brutal:1.5 flipante:2 emocionante:2.5 emocionado:2.5 emocionada:2.5
        ilusionado:2 increíbles:2.8 genial*:3 malísimo:-3 fatal*:-2.8 lamentable:-2.5 vergüenza:-2.5 miserable:-2.5
        enfermo:-1.8 asco*:-3 odio*:-3 triste*:-2.2 cabrea*:-2.5 desgracia:-2.5 grave:-1.5 preocupante:-2
        asesin*:-3 amenaza*:-1.8 despido*:-1.8 paro:-1 recortes:-1.5 recorte:-1.5 mentir*:-2.2 robando:-2.5
        dimisión:-1 ladron*:-2.5 ridícul*:-2.2 absurdo:-2 patético:-2.5 nefasto:-2.8 pesadilla:-2.8
        nada_especial:-1.5 transfirieron:-1.2 sin_respuesta:-1.8 bloquea:-1.8 se_cuelga:-1.8 cobraron:-0.8 dos_veces:-0.5
        bueno:2 buena:2 buenos:2 buenas:1 bien:1.5 mejor:2 mejores:2 genial:3 excelente:3 estupendo:3
        fantástico:3 fantástica:3 maravilloso:3 maravillosa:3 increíble:2.8 perfecto:3 perfecta:3
        bonito:2 bonita:2 precioso:2.5 preciosa:2.5 hermoso:2.5 hermosa:2.5 lindo:2.2 linda:2.2
        guapo:2 guapa:2 feliz:3 felices:3 felicidad:3 alegre:2.5 alegría:2.8 contento:2.2 contenta:2.2
        encanta:3 encantan:3 encantó:3 encantado:2.5 encantada:2.5 amo:3 amor:3 quiero:1 gusta:2
        gustan:2 gustó:2 disfrutar:2 disfruta:2 disfruté:2.2 divertido:2.2 divertida:2.2 gracias:2
        graciosa:1.5 gracioso:1.5 feliz_cumpleaños:3 felicidades:3 enhorabuena:3 éxito:2 ganar:1.5
        ganamos:2 ganó:1.5 orgullo:2 orgulloso:2.2 orgullosa:2.2 ilusión:2 esperanza:1.5 fuerza:1
        apoyo:1 ayuda:1 gran:1.5 grande:1 top:2 crack:2 guay:2.5 chulo:2 mola:2.5 bravo:2.5 ánimo:2
        risa:2 jaja:2 jajaja:2.5 jajajaja:2.5 jeje:1.5 besos:2 beso:2 abrazo:2 abrazos:2 suerte:1.8
        paz:1.8 rápido:1.2 rápida:1.2 fácil:1.5 recomiendo:2.2 recomendable:2 satisfecho:2 satisfecha:2
        amable:2 gratis:1 barato:0.8 mal:-2 malo:-2.2 mala:-2.2 malos:-2.2 malas:-2.2 peor:-2.5
        peores:-2.5 pésimo:-3 pésima:-3 horrible:-3 horribles:-3 terrible:-3 terribles:-3 fatal:-2.8
        asco:-3 asqueroso:-3 odio:-3 odiar:-3 odia:-3 triste:-2.2 tristes:-2.2 tristeza:-2.5
        llorar:-2 lloro:-2 llorando:-2 miedo:-2 pena:-2 lástima:-2 vergüenza:-2.5 vergonzoso:-2.5
        enfadado:-2.2 enfadada:-2.2 enojado:-2.2 cabreado:-2.5 harto:-2.2 harta:-2.2 problema:-1.5
        problemas:-1.5 error:-1.5 errores:-1.5 falla:-1.8 fallo:-1.8 culpa:-1.8 mentira:-2.2
        mentiras:-2.2 mentiroso:-2.5 corrupto:-2.5 corrupción:-2.5 robo:-2.5 robar:-2.5 ladrón:-2.5
        ladrones:-2.5 muerte:-2.5 muerto:-2.5 muertos:-2.5 matar:-3 mató:-3 asesinato:-3 ataque:-2.5
        atentado:-3 guerra:-2.5 crisis:-2 violencia:-2.8 dolor:-2 enfermo:-1.8 enferma:-1.8 aburrido:-1.8
        aburrida:-1.8 cansado:-1.2 cansada:-1.2 difícil:-1 imposible:-1.5 desastre:-2.8 basura:-2.5
        mierda:-2.8 joder:-2 puta:-2.5 puto:-2.5 idiota:-2.8 imbécil:-3 estúpido:-2.8 estúpida:-2.8
        tonto:-2 tonta:-2 ridículo:-2.2 ridícula:-2.2 decepción:-2.5 decepcionado:-2.5 decepcionada:-2.5
        injusto:-2.2 injusticia:-2.5 sufrir:-2.2 peligro:-2 preocupa:-1.5 preocupado:-1.5 perder:-1.5
        perdió:-1.5 perdimos:-2 derrota:-2 fracaso:-2.5 retraso:-1.8 tarde:-0.8 roto:-2 rota:-2
        estafa:-3 caro:-1.2 cara:-0.3 lento:-1.2 lenta:-1.2 nunca_llegó:-2.5 queja:-1.5 reclamación:-1.2
        """),
    "de": _parse("""
        antwortet_nicht:-1.8 nie_angekommen:-2.2 nicht_angekommen:-2.2
        schön*:2.5 wunderschön*:3 traum*:2 lach*:2 lächerlich*:-2 gelacht:2 spannend*:2 interessant*:1.5
        liebling*:2.5 hübsch*:2.2 süß*:2.2 niedlich*:2.2 witzig*:2 freundlich*:2 herrlich*:3 großartig*:3 gelungen*:2
        glücklich*:3 fröhlich*:2.5 begeistert*:2.8 wow:2.5 yay:2.5 juhu:2.5 jippie:2.5 hurra:2.5 geil*:2.5 klasse*:2.5
        nein:-1 leider:-1.5 schade:-2 traurig*:-2.5 enttäusch*:-2.5 ärger*:-2 nerv*:-2 langweil*:-2 hässlich*:-2.5
        schlimm*:-2.5 schrecklich*:-3 furchtbar*:-3 blöd*:-2.2 dumm*:-2.5 bescheuert*:-2.5 beschissen*:-3 kotz*:-2.5
        scheiß*:-2.5 verdammt*:-2 krank*:-1.8 tot*:-2.5 hass*:-3 angst*:-2 sorge*:-1.5 traurigkeit:-2.5 ekel*:-2.5
        müde:-1.2 mies*:-2.5 problem*:-1.5 fehler*:-1.5 katastroph*:-3 versag*:-2.5 verlier*:-1.5 verlor*:-1.5
        nichts_besonderes:0 fehlgeschlagen:-2 belastet:-1 weiterverbunden:-1.2 keine_antwort:-1.8 stürzt:-1.8 abgestürzt:-2 immer_noch:-0.5
        gut:2 gute:2 guter:2 gutes:2 guten:1 besser:1.8 beste:2.5 besten:2.2 bester:2.5 toll:2.8 tolle:2.8
        toller:2.8 super:2.8 klasse:2.5 prima:2.5 genial:3 geil:2.5 geile:2.5 schön:2.5 schöne:2.5
        schönen:2.2 schöner:2.2 wunderbar:3 wunderschön:3 großartig:3 hervorragend:3 ausgezeichnet:3
        perfekt:3 spitze:2.5 cool:2 lieb:2 liebe:2.8 lieben:2.8 liebt:2.8 liebe_grüße:1.5 mag:1.5
        glücklich:3 glück:2.5 freude:2.8 freue:2.5 freuen:2.5 freut:2.5 froh:2.2 lustig:2 spaß:2.5
        danke:2 dankbar:2.5 vielen_dank:2.5 gratuliere:2.8 glückwunsch:2.8 herzlichen:1.5 erfolg:2
        erfolgreich:2 gewonnen:2 sieg:2 stolz:2 hoffnung:1.5 hoffe:1 empfehlen:2 empfehlenswert:2.5
        zufrieden:2.2 schnell:1.2 einfach:0.8 freundlich:2 hilfreich:2 lecker:2.5 hammer:2 yeah:1.5
        haha:2 hahaha:2.5 juhu:2.5 endlich:1 schlecht:-2.5 schlechte:-2.5 schlechter:-2.5 schlimm:-2.5
        schlimmer:-2.5 schlimmste:-3 furchtbar:-3 schrecklich:-3 grausam:-3 katastrophe:-3
        katastrophal:-3 mies:-2.5 scheiße:-3 scheisse:-3 scheiß*:-2.5 kacke:-2.5 mist:-2 blöd:-2.2
        blöde:-2.2 doof:-2 dumm:-2.5 dumme:-2.5 idiot:-2.5 idioten:-2.5 hass:-3 hasse:-3 hassen:-3
        traurig:-2.5 trauer:-2.5 leider:-1.5 schade:-2 angst:-2 wut:-2.5 wütend:-2.5 ärger:-2
        ärgerlich:-2.2 sauer:-2 nervig:-2.2 nervt:-2.2 langweilig:-2 enttäuscht:-2.5 enttäuschend:-2.5
        enttäuschung:-2.5 problem:-1.5 probleme:-1.5 fehler:-1.5 kaputt:-2.2 defekt:-2.2 falsch:-1.5
        tot:-2.5 tod:-2.5 tote:-2.5 toten:-2.5 töten:-3 getötet:-3 mord:-3 anschlag:-3 angriff:-2.5
        krieg:-2.5 terror:-3 gewalt:-2.8 krise:-2 gefahr:-2 gefährlich:-2 schmerz:-2 krank:-1.8
        peinlich:-2 skandal:-2.5 lüge:-2.5 lügen:-2.5 betrug:-3 unverschämt:-2.5 verloren:-1.8
        niederlage:-2 verspätet:-1.8 verspätung:-1.8 zu_spät:-1.8 teuer:-1.2 langsam:-1.2 leid:-1.5
        sorge:-1.5 sorgen:-1.5 unfall:-2 opfer:-2 verletzt:-2 streit:-2 schuld:-1.5 versagt:-2.5
        """),
    "fr": _parse("""
        menacé*:-1.5 menace*:-1.5 disparaître:-1.5 disparition:-1.5 inquiétant*:-2 inquiétude:-1.8
        assassin*:-3 victime*:-2 panne:-1.5 manque:-1.2 risque*:-1 polémique*:-1.5 pollution:-1.5 pollue*:-1.5
        révolte*:-1.5 rejette:-1 catastroph*:-3 désastre*:-3 scandal*:-2.5 dégât*:-2 détruit*:-2.2 destruction:-2.2
        tristement:-2 hélas:-1.8 malheur*:-2.5 succès:2.5 protection:1 protéger:1 soutien:1.5 belles:2 fête:2
        honneur:2 félicit*:3 magnifique*:3 superbe*:3 géni*:3 excell*:3 réussi*:2 heureu*:3 rigol*:2 drôle*:2
        adorabl*:2.8 sublime*:3 j'aime:2.5 aime:2 aimé:2 aimer:2.5 bonne_nouvelle:2.5 espoir*:1.5 progrès:1.5
        innov*:1 solidarité:1.5 merveill*:3 bienvenue:1.5 bravo*:2.8 dommage*:-1.8 horribl*:-3 affreu*:-3
        de_spécial:0 correct:0 abîmé*:-2 endommagé*:-2 échou*:-2 débité:-0.8 transféré:-1.2 toujours_pas:-1.2 site_plante:-1.8 bug*:-1.5
        bon:1.8 bonne:1.8 bons:1.8 bien:1.5 mieux:1.8 meilleur:2.5 meilleure:2.5 meilleurs:2.5
        génial:3 géniale:3 excellent:3 excellente:3 super:2.5 parfait:3 parfaite:3 magnifique:3
        merveilleux:3 merveilleuse:3 formidable:3 fantastique:3 incroyable:2.5 top:2 cool:2 chouette:2.5
        sympa:2 beau:2.2 belle:2.2 beaux:2.2 joli:2 jolie:2 adorable:2.8 heureux:3 heureuse:3
        bonheur:3 joie:2.8 content:2.2 contente:2.2 ravi:2.5 ravie:2.5 aime:2.5 aimer:2.5 adore:3
        j'adore:3 amour:3 merci:2 bravo:2.8 félicitations:3 gagné:2 victoire:2.2 réussi:2 réussite:2.2
        fier:2 fière:2 espoir:1.5 hâte:1.8 drôle:2 rire:2 mdr:2 lol:2 haha:2 ptdr:2.2 bisous:2
        recommande:2.2 rapide:1.2 facile:1.5 satisfait:2.2 satisfaite:2.2 gentil:2 gentille:2
        mauvais:-2.5 mauvaise:-2.5 mal:-2 pire:-3 nul:-2.5 nulle:-2.5 horrible:-3 affreux:-3
        terrible:-2.5 catastrophe:-3 honte:-2.5 honteux:-2.5 triste:-2.5 tristesse:-2.5 pleurer:-2
        peur:-2 colère:-2.5 énervé:-2.2 énervée:-2.2 marre:-2.2 déteste:-3 haine:-3 ennui:-1.5
        ennuyeux:-2 déçu:-2.5 déçue:-2.5 déception:-2.5 problème:-1.5 problèmes:-1.5 erreur:-1.5
        merde:-2.8 putain:-2 con:-2.5 conne:-2.5 connard:-3 débile:-2.5 idiot:-2.5 stupide:-2.5
        ridicule:-2.2 mort:-2.5 morts:-2.5 tué:-3 tués:-3 tuer:-3 attentat:-3 attaque:-2.5 guerre:-2.5
        terrorisme:-3 terroriste:-3 violence:-2.8 crise:-2 danger:-2 dangereux:-2 douleur:-2
        malade:-1.8 mensonge:-2.5 menteur:-2.5 scandale:-2.5 arnaque:-3 injuste:-2.2 raté:-2
        échec:-2.5 perdu:-1.8 défaite:-2 retard:-1.8 en_retard:-1.8 cassé:-2 cher:-0.8 lent:-1.2
        dommage:-1.8 malheureusement:-1.8 désolé:-1 désolée:-1 inquiet:-1.5 grave:-1.5 pauvre:-1.2
        """),
    "it": _parse("""
        buon:1.8 buona:2 buongiorno:1.5 buonanotte:1.5 speriamo:1.2 spero:1 avanti:1 evviva:2.5
        bellissim*:3 meravigli*:3 fantastic*:3 stupend*:3 magnific*:3 splendid*:3 fortunat*:2 emozion*:2
        colpa:-1.5 critica:-1.5 critiche:-1.5 casta:-1 vergogn*:-2.8 schif*:-3 orribil*:-3 terribil*:-3
        pessim*:-3 tristi:-2.5 sacrifici:-1.2 tasse:-1 crisi:-2 disoccupa*:-1.8 corrott*:-2.5 corruzion*:-2.5
        ladri:-2.5 ladro:-2.5 buffon*:-2 pagliacc*:-2 incompetent*:-2.5 disastr*:-3 fallimento:-2.5 peccato:-1.8
        arrabbiat*:-2.5 incazzat*:-2.5 odi*:-2.5 paur*:-2 deluden*:-2.5 delus*:-2.5 ridicol*:-2.2 squallid*:-2.5
        buono:2 buona:2 buoni:2 bene:1.8 meglio:1.8 migliore:2.5 migliori:2.5 ottimo:3 ottima:3
        bello:2.5 bella:2.5 belli:2.5 belle:2.2 bellissimo:3 bellissima:3 fantastico:3 fantastica:3
        meraviglioso:3 meravigliosa:3 grande:1.5 grandi:1 perfetto:3 perfetta:3 splendido:3
        stupendo:3 stupenda:3 felice:3 felici:3 contento:2.2 contenta:2.2 amore:3 amo:3 adoro:3
        piace:2 piacere:2 grazie:2 bravo:2.5 brava:2.5 bravi:2.5 complimenti:2.8 auguri:2.5 vittoria:2.2
        vinto:2 successo:2 forza:1.5 speranza:1.5 divertente:2 haha:2 ahah:2 ahahah:2.5 top:2
        consiglio:1 rapido:1.2 facile:1.5 gentile:2 simpatico:2 male:-2 cattivo:-2.5 cattiva:-2.5
        peggio:-2.5 peggiore:-3 pessimo:-3 pessima:-3 orribile:-3 terribile:-3 schifo:-3 vergogna:-2.8
        triste:-2.5 tristezza:-2.5 paura:-2 rabbia:-2.5 odio:-3 delusione:-2.5 deluso:-2.5 delusa:-2.5
        problema:-1.5 problemi:-1.5 errore:-1.5 merda:-3 cazzo:-2 idiota:-2.8 stupido:-2.5 ridicolo:-2.2
        morte:-2.5 morto:-2.5 morti:-2.5 ucciso:-3 attentato:-3 attacco:-2.5 guerra:-2.5 crisi:-2
        violenza:-2.8 pericolo:-2 dolore:-2 malato:-1.8 bugia:-2.5 bugiardo:-2.5 scandalo:-2.5
        truffa:-3 ingiusto:-2.2 sconfitta:-2 perso:-1.5 ritardo:-1.8 rotto:-2 caro:-0.5 lento:-1.2
        purtroppo:-1.8 peccato:-1.8 noioso:-2 stanco:-1.2 disastro:-3 schifoso:-3
        """),
    "pl": _parse("""
        kochany:2.5 kochana:2.5 cudown*:3 przepiękn*:3 wyśmienit*:3 rewelacyjn*:3 bezproblemow*:2
        zachwycon*:3 ekstra:2.5 git:1.5 spoko:1.5 haha*:2 hehe*:1.5 xd:2 dzięk*:2 podziękowa*:2
        wdzięczn*:2.5 solidn*:1.5 terminow*:1.5 rzeteln*:2 godny_polecenia:2.5 godna_polecenia:2.5 godne_polecenia:2.5 warto:1.5 zadowol*:2.2
        masakr*:-2.8 porażk*:-2.5 dramat*:-2.5 żałosn*:-2.8 skandaliczn*:-3 niedopuszczaln*:-2.8 denerwuj*:-2.2
        irytuj*:-2.2 wkurz*:-2.5 nieprzyjemn*:-2.2 niekompetent*:-2.5 bezczeln*:-2.8 chamsk*:-2.8 opryskliw*:-2.5
        zgubi*:-1.8 zagubion*:-1.8 nieaktualn*:-1 brak:-1 brakuje:-1.2 czekam:-0.8 czekał*:-0.8 nadal:-0.3
        zwrócić:-0.5 nieczynn*:-1.5 nieudan*:-2 tandet*:-2.5 badziew*:-2.8 szajs:-2.8 dziadostw*:-2.8
        nie_odpowiada:-1.8 nie_odpowiedział:-1.8 nie_odpowiedziała:-1.8 nie_dotarła:-2.2 nie_dotarło:-2.2
        przełącz*:-1.2 nadal_nie:-1.2 bez_odpowiedzi:-1.8 nic_szczególnego:0
        dobr*:2 dobrze:2 lepiej:1.8 lepsz*:1.8 najlepsz*:2.8 świetn*:3 super:2.5 wspaniał*:3 doskonał*:3
        znakomit*:3 rewelac*:3 genialn*:3 fajn*:2.5 piękn*:2.8 ładn*:2 miło:2.2 mił*:2.2 przyjemn*:2
        szczęśliw*:3 szczęście:2.8 radość:2.8 cieszę:2.5 cieszy:2.5 zadowolon*:2.2 polecam:2.5
        kocham:3 uwielbiam:3 lubię:2 dziękuję:2 dzięki:1.8 dziekuje:2 gratulacje:3 brawo:2.8 sukces:2.2
        wygral*:2 zwycięstw*:2.2 szybk*:1.2 szybko:1.2 sprawn*:1.5 łatw*:1.2 prost*:0.8 uczciw*:2
        profesjonaln*:2 pomocn*:2 uprzejm*:2 zgodn*:1 idealn*:3 zły:-2.5 zła:-2.5 złe:-2.5 źle:-2.2
        gorsz*:-2.5 gorzej:-2.5 najgorsz*:-3 fataln*:-3 okropn*:-3 straszn*:-2.8 koszmar*:-3 beznadziejn*:-3
        tragedi*:-3 tragiczn*:-3 katastrof*:-3 smutn*:-2.5 smutek:-2.5 żal:-2 płacz*:-2 strach:-2
        boję:-2 złość:-2.5 wściekł*:-2.8 nienawidzę:-3 nienawiść:-3 rozczarowan*:-2.5 zawiedzion*:-2.5
        problem*:-1.5 błąd:-1.5 błęd*:-1.5 awari*:-2 zepsu*:-2.2 uszkodzon*:-2.2 wadliw*:-2.2
        opóźni*:-1.8 spóźni*:-1.8 po_terminie:-1.8 późno:-1 drogo:-1.2 drog*:-0.3 za_drogo:-2 wolno:-0.8
        woln*:-0.5 zawiesz*:-1.8 nie_działa:-2 oszust*:-3 oszukan*:-3 skandal*:-2.5 żenad*:-2.8
        głupi*:-2.5 idiot*:-2.8 kurwa:-2.5 cholera:-2 niestety:-1.8 szkoda:-1.8 śmierć:-2.5 zginęł*:-3
        zabi*:-3 atak*:-2.5 wojn*:-2.5 kryzys*:-2 przemoc*:-2.8 chor*:-1.8 ból:-2 nudn*:-2 słab*:-2
        nieuprzejm*:-2.5 niemił*:-2.5 niezadowolon*:-2.5 reklamacj*:-1.5 zwrot:-0.3 podwójnie:-1
        """),
    "fi": _parse("""
        kiitollinen:2.5 kiitollis*:2.5 ihastu*:2.5 mahtavaa:3 parasta:2.8 huippu*:2.8 täydellinen:3
        superhyvä*:3 kätevä*:1.8 sujuva*:1.8 sujui:1.5 selkeä*:1.2 luotettava*:2 nopeaa:1.2 halpa:0.8 hyvää:2
        jes:2 jee:2 hah*:1.5 loistavaa:3 upeaa:3 hienosti:2.2 kivasti:2 ihanasti:2.5
        pettymys:-2.5 turhautu*:-2.2 suuttu*:-2.5 vihainen:-2.5 vihais*:-2.5 raivo*:-2.8 inhottava*:-2.8 kurja*:-2.2
        järkyttävä*:-3 järkyttäv*:-3 surkeaa:-3 onneton:-2.2 epäkohteliai*:-2.5 töykeää:-2.5
        kadonnut:-1.8 kadonn*:-1.8 puuttu*:-1.2 odota*:-0.8 jonottaa:-1 jono*:-0.5 huijattu:-3 reklamaatio*:-1.5
        palautus*:-0.3 ongelmia:-1.5 ongelmaa:-1.5 virheellinen:-2 virheellis*:-2 turha*:-2 hyödytön:-2.2
        ei_vastaa:-1.8 ei_vastannut:-1.8 liian_kauan:-1.8 kesti_kauan:-1.2 ei_saapunut:-2.2
        siirre*:-1.2 eikä_vastausta:-1.8 ei_mitään:0
        hyvä*:2 hyvi*:2 hyvin:1.2 parempi:1.8 paremm*:1.8 paras:2.8 parhai*:2.8 paraat:2.8 loistav*:3
        mahtav*:3 upea:3 upeat:3 upean:3 upeaa:3 ihana:3 ihanaa:3 ihanat:3 ihanan:3 hieno:2.5 hienoa:2.5
        hienon:2.5 hienot:2.5 kiva:2.2 kivaa:2.2 kivan:2.2 kivat:2.2 mukava*:2.2 hauska*:2 iloinen:2.8
        ilo*:2.5 onnellinen:3 onne*:2.8 onnea:2.8 kiitos:2 kiitti:2 kiitoksia:2.2 rakastan:3 rakkau*:3
        tykkään:2 tykkää*:2 erinomai*:3 täydelli*:3 nopea*:1.2 nopeasti:1.2 helppo*:1.5 helposti:1.5
        suosittel*:2.2 tyytyväi*:2.2 ystävälli*:2 avulia*:2 toimiva*:1.5 laadukas:2 laadukk*:2
        edullinen:1 edullis*:1 reilu*:1.5 onnistu*:1.5 voitto*:2 voitti:2 huono*:-2.5 huonosti:-2.2
        huonomp*:-2.5 huonoin*:-3 kamala*:-3 kauhea*:-3 kauhe*:-3 surkea*:-3 surke*:-3 karmea*:-3
        hirveä*:-3 hirve*:-3 paska*:-2.8 perkele:-2 vittu*:-2.5 surullinen:-2.5 surullis*:-2.5 suru*:-2.5
        itke*:-2 pelko:-2 pelottaa:-2 viha*:-2.5 vihaan:-3 ärsyttä*:-2.2 ärsyttävä*:-2.2 tylsä*:-2
        pettymys:-2.5 pettyny*:-2.5 petty*:-2.5 ongelma*:-1.5 virhe*:-1.5 vika:-1.8 vikaa:-1.8 viallinen:-2.2
        rikki:-2.2 hajosi:-2.2 myöhässä:-1.8 myöhästy*:-1.8 viivästy*:-1.8 hidas:-1.2 hitaa*:-1.2
        hitaasti:-1.2 kallis:-1.2 kallii*:-1.2 liian_kallis:-2 kaatu*:-1.8 jumittaa:-1.8 jumii*:-1.8
        epäonnistu*:-2 huijaus:-3 huijari*:-3 töykeä*:-2.5 tyly*:-2.5 valitettavasti:-1.8 harmi*:-1.8
        sota*:-2.5 kuoli*:-2.5 kuolema*:-2.5 tappo*:-3 hyökkäy*:-2.5 kriisi*:-2 väkivalta*:-2.8
        sairas*:-1.8 kipu*:-2 tyhmä*:-2.5 idiootti*:-2.8 ei_toimi:-2 ei_vastausta:-1.8 kahdesti:-0.5
        """),
    "ru": _parse("""
        прекрасно:3 отлично:3 замечательно:3 великолепно:3 чудесн*:3 потрясающ*:3 восхитительн*:3
        благодарю:2.2 спс:1.5 пасиб*:1.8 неплох*:1.2 достойн*:1.8 вкусн*:2
        надёжн*:2 надежн*:2 оперативн*:2 аккуратн*:1.5 профессионал*:2 советую:2.2 доволь*:2.2 понравилось:2.2
        отстой:-2.8 фигня:-2 хрень:-2.5 дерьм*:-2.8 кошмарн*:-3 безобрази*:-2.8 возмутительн*:-3 разочарова*:-2.5
        недоволен:-2.5 недовольн*:-2.5 раздражает:-2.2 раздража*:-2.2 обидно:-2 печально:-2.2 грустно:-2.2
        неприятн*:-2.2 некомпетентн*:-2.5 хамск*:-2.8 потерял*:-1.8 потерян*:-1.8 пропал*:-1.5 жду:-0.8 ждал*:-0.8
        неисправн*:-2.2 бесполезн*:-2.2 никакущ*:-2.5 ужасно:-3 отвратительно:-3 плохое:-2.5 плохой:-2.5
        не_отвечает:-1.8 не_ответил:-1.8 не_ответили:-1.8 не_пришла:-2.2 не_пришёл:-2.2 не_пришел:-2.2 не_пришло:-2.2
        переключ*:-1.5 сих_пор:-0.8 ничего_особенного:0
        хорош*:2 хорошо:2 лучше:1.8 лучш*:2.5 отличн*:3 прекрасн*:3 замечательн*:3 великолепн*:3
        супер:2.5 класс:2.5 классн*:2.5 круто:2.5 крут*:2.5 клёв*:2.5 клев*:2.5 здорово:2.5 шикарн*:3
        красив*:2.5 мил*:2.2 приятн*:2 идеальн*:3 счастлив*:3 счастье:3 радост*:2.8 рад:2.2 рада:2.2
        рады:2.2 радует:2.5 доволен:2.2 довольн*:2.2 люблю:3 любовь:3 любим*:2.5 нравится:2 нравятся:2
        понравил*:2 спасибо:2 благодар*:2 поздравля*:2.8 поздравлен*:2.8 молодец:2.8 молодцы:2.8 ура:2.5
        побед*:2 успех:2 успешн*:2 надежд*:1.5 смешн*:2 ахаха*:2.5 хаха*:2 весел*:2 быстр*:1.2 быстро:1.2
        удобн*:2 легк*:1.2 просто:0.5 рекоменду*:2.2 вежлив*:2 качествен*:2 выгодн*:1.5 плох*:-2.5
        плохо:-2.5 хуже:-2.5 худш*:-3 ужасн*:-3 ужас:-3 кошмар*:-3 отвратительн*:-3 мерзк*:-3 гадк*:-2.5
        груст*:-2.5 печаль*:-2.5 печальн*:-2.5 жаль:-2 страх*:-2 страшн*:-2.5 боюсь:-2 злой:-2.5 зла:-2
        злость:-2.5 бесит:-2.8 ненавижу:-3 ненавист*:-3 разочарован*:-2.5 проблем*:-1.5 ошибк*:-1.5
        сломал*:-2.2 сломан*:-2.2 брак:-2 бракован*:-2.2 поврежд*:-2 опоздал*:-1.8 опоздани*:-1.8
        задерж*:-1.8 поздно:-1 дорого:-1.5 дорог*:-0.5 медленн*:-1.2 долго:-1 зависа*:-1.8 виснет:-1.8
        обман*:-3 мошенни*:-3 развод:-2 хамств*:-2.8 грубо:-2.5 груб*:-2.5 глуп*:-2.5 дурак*:-2.5
        идиот*:-2.8 блин:-1.5 черт:-1.5 чёрт:-1.5 скучн*:-2 смерть:-2.5 смерти:-2.5 погиб*:-3 убит*:-3
        убил*:-3 убийств*:-3 тера*:-3 теракт*:-3 войн*:-2.5 атак*:-2.5 кризис*:-2 насили*:-2.8 боль:-2
        болезн*:-1.8 болен:-1.8 больн*:-1.5 скандал*:-2.5 позор*:-2.8 к_сожалению:-1.8 увы:-1.8
        неудобн*:-2 никак:-1 дважды:-0.5 не_работает:-2
        """),
}

# Emoji VADER's descriptions score as neutral or too weakly for how they are used.
EMOJI: dict[str, float] = {
    "😂": 2.0,
    "🤣": 2.0,
    "😍": 3.0,
    "😘": 2.8,
    "🥰": 3.0,
    "❤": 3.0,
    "♥": 2.8,
    "💕": 2.8,
    "💖": 2.8,
    "💙": 2.5,
    "💚": 2.5,
    "💛": 2.5,
    "💜": 2.5,
    "👍": 2.0,
    "👏": 2.2,
    "🙌": 2.2,
    "🔥": 1.5,
    "🎉": 2.5,
    "😊": 2.5,
    "🙂": 1.5,
    "😉": 1.5,
    "😁": 2.5,
    "😀": 2.5,
    "😃": 2.5,
    "😄": 2.5,
    "💪": 2.0,
    "✨": 1.5,
    "😭": -2.0,
    "😢": -2.2,
    "😞": -2.2,
    "😔": -2.0,
    "😡": -3.0,
    "😠": -2.8,
    "🤬": -3.0,
    "👎": -2.2,
    "😒": -2.0,
    "🙄": -1.8,
    "😩": -2.2,
    "😫": -2.2,
    "😤": -2.0,
    "💔": -2.8,
    "😱": -1.8,
    "🤮": -3.0,
    "😑": -1.2,
    "😕": -1.5,
    "🙁": -1.8,
    "☹": -2.0,
    "😣": -1.8,
    "😖": -2.0,
}

# Emoticons VADER's lexicon lacks (the others score with VADER's valences).
EMOTICONS: dict[str, float] = {"=(": -1.9, "^^": 1.5, "^_^": 2.0, "-_-": -1.2, "T_T": -2.0}

# Short English words that carry sentiment in tweets of every language; other English words
# of three letters or fewer are not looked up outside English (too many false friends).
SHORT_ENGLISH: frozenset[str] = frozenset(
    [
        "lol",
        "wow",
        "yay",
        "omg",
        "fun",
        "sad",
        "bad",
        "win",
        "wtf",
        "ugh",
        "meh",
        "top",
        "fab",
        "gr8",
        "thx",
        "luv",
    ]
)

"""Topic tags of an open text by multilingual keyword rules.

A text gets every topic one of whose keywords (stems: a keyword matches a word that starts
with it, accents ignored; `=word` matches that word only) occurs in it, in the fixed order of TOPICS; `primary_topic` is the
first of them, `other` when none matched. Keywords cover the eight languages of the scorer.
"""

from __future__ import annotations

import re

from cxm.sentiment.engine import strip_accents

TOPICS: tuple[str, ...] = ("delivery", "payment", "product", "support", "price", "app")
OTHER = "other"

_KEYWORDS: dict[str, str] = {
    "delivery": """
        deliver deliveries parcel package shipping shipment shipped courier arriv =late tracking dispatch
        order_arrived entreg encomend chegou cheg atras prazo frete correio transportador pacote envio
        envi paquete llegó llego retraso mensajer lieferung geliefert liefer paket versand zusteller spät
        verspät livraison livr colis arrivé arrive retard transporteur expédi dostaw przesył paczk
        kurier przyszł spóźni opóźni toimitu toimitet paketti lähety kuriiri myöhäs saapu доставк
        посылк курьер опоздал пришл задерж отправк
    """,
    "payment": """
        payment pay paid paying charge charged refund invoice card billing checkout_payment pagamento
        pagament pagar pague paguei cobr cartão cartao boleto reembols estorno pago cobro tarjeta factura zahlung bezahl
        abbuch rechnung karte erstatt paiement payé payer débit rembours factur carte płatno płac
        zapłac pobran zwrot_pieniędzy faktur karta maksu maksamin maksoi veloit lasku kortti hyvity оплат
        плат списал списан возврат карт счёт
    """,
    "product": """
        product quality item broke broken defect damaged faulty description produto qualidade
        quebr defeit danific descri producto calidad roto defectu produkt qualität kaputt defekt
        beschreibung produit qualité cassé défectu conforme jakość zepsu uszkodz wadliw opis towar tuote
        laatu rikki viallin hajo kuvau товар качеств сломал брак описани
    """,
    "support": """
        support agent service customer_service call transferred answer helpdesk staff atendiment
        atendente suporte =sac resposta ligação atención agente soporte respuesta kundenservice
        kundendienst mitarbeiter berater antwort hotline conseiller réponse appel obsługa
        konsultant infolinia odpowied przełącz asiakaspalvel asiakaspalvelu vastau puhelu
        operaattori поддержк оператор ответ переключ звонок
    """,
    "price": """
        price prices expensive cheap cost value_for_money overpriced preço preco caro barat custo
        precio caro barato coste preis teuer billig kosten prix cher coût tarif =cena =ceny =cenie =cenę drogo =drogi =droga =drogie
        =tani =tanio koszt hinta hinnat kallis kallii edullin halpa цен дорог дешев стоимост
    """,
    "app": """
        =app =apps application website site web online login password crash checkout aplicativo
        aplicación página sitio seite webseite anwendung application appli site_web aplikacj
        stron zawiesz logowa sovellu verkkosivu sivusto kaatu sovellus приложени сайт зависа
    """,
}


def _pattern(words: str) -> re.Pattern[str]:
    alternatives = []
    for keyword in sorted({strip_accents(k.replace("_", " ").lower()) for k in words.split()}):
        if keyword.startswith("="):
            alternatives.append(re.escape(keyword[1:]) + r"(?!\w)")
        else:
            alternatives.append(re.escape(keyword))
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


_PATTERNS: dict[str, re.Pattern[str]] = {topic: _pattern(words) for topic, words in _KEYWORDS.items()}


def topics_of(text: str | None) -> tuple[str, ...]:
    """Topics whose keywords occur in the text, in the order of TOPICS (empty when none)."""
    if not text:
        return ()
    normalised = strip_accents(text.lower())
    return tuple(topic for topic in TOPICS if _PATTERNS[topic].search(normalised))

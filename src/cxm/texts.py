"""Open-text templates for generated survey comments and ticket messages.

Each language has one positive and one negative sentence per topic, and neutral sentences.
The generator picks the topic from what happened to the customer (a late delivery gives a
delivery comment) and the tone from the score, so text analytics can find the causes later.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "pl", "pt", "es", "de", "fi", "ru", "fr")
TOPICS: tuple[str, ...] = ("delivery", "payment", "product", "support", "price", "app")

# language -> topic -> (positive, negative)
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "delivery": (
            "The parcel arrived early and well packed.",
            "My order arrived a week late and nobody told me why.",
        ),
        "payment": (
            "Paying was quick and simple.",
            "The payment failed twice and I was charged double.",
        ),
        "product": (
            "Great quality, exactly as described.",
            "The product broke after two days, very poor quality.",
        ),
        "support": (
            "The agent solved my problem in one call, thank you!",
            "I was transferred three times and still have no answer.",
        ),
        "price": ("Fair prices and good value for money.", "Far too expensive for what you get."),
        "app": ("The app is easy to use and fast.", "The website keeps crashing at checkout."),
    },
    "pl": {
        "delivery": (
            "Paczka przyszła szybko i była dobrze zapakowana.",
            "Zamówienie przyszło tydzień po terminie, nikt nic nie wyjaśnił.",
        ),
        "payment": (
            "Płatność była szybka i prosta.",
            "Płatność nie przeszła dwa razy, a pieniądze zostały pobrane podwójnie.",
        ),
        "product": (
            "Świetna jakość, zgodna z opisem.",
            "Produkt zepsuł się po dwóch dniach, bardzo słaba jakość.",
        ),
        "support": (
            "Konsultant rozwiązał mój problem od razu, dziękuję!",
            "Przełączano mnie trzy razy i nadal nie mam odpowiedzi.",
        ),
        "price": (
            "Uczciwe ceny, dobry stosunek jakości do ceny.",
            "Zdecydowanie za drogo jak na to, co się dostaje.",
        ),
        "app": ("Aplikacja jest prosta i szybka.", "Strona ciągle się zawiesza przy płatności."),
    },
    "pt": {
        "delivery": (
            "A encomenda chegou antes do prazo e bem embalada.",
            "Meu pedido chegou uma semana atrasado e ninguém explicou nada.",
        ),
        "payment": (
            "O pagamento foi rápido e fácil.",
            "O pagamento falhou duas vezes e fui cobrado em dobro.",
        ),
        "product": (
            "Ótima qualidade, exatamente como descrito.",
            "O produto quebrou depois de dois dias, qualidade péssima.",
        ),
        "support": (
            "O atendente resolveu meu problema na primeira ligação, obrigado!",
            "Fui transferido três vezes e continuo sem resposta.",
        ),
        "price": ("Preço justo e bom custo-benefício.", "Caro demais para o que oferece."),
        "app": (
            "O aplicativo é fácil de usar e rápido.",
            "O site trava toda vez na finalização da compra.",
        ),
    },
    "es": {
        "delivery": (
            "El paquete llegó antes de tiempo y bien embalado.",
            "Mi pedido llegó con una semana de retraso y nadie me avisó.",
        ),
        "payment": (
            "El pago fue rápido y sencillo.",
            "El pago falló dos veces y me cobraron el doble.",
        ),
        "product": (
            "Muy buena calidad, tal como se describe.",
            "El producto se rompió a los dos días, calidad pésima.",
        ),
        "support": (
            "El agente resolvió mi problema en una sola llamada, ¡gracias!",
            "Me transfirieron tres veces y sigo sin respuesta.",
        ),
        "price": (
            "Precios justos y buena relación calidad-precio.",
            "Demasiado caro para lo que ofrece.",
        ),
        "app": ("La aplicación es fácil de usar y rápida.", "La web se bloquea siempre al pagar."),
    },
    "de": {
        "delivery": (
            "Das Paket kam früher als erwartet und gut verpackt an.",
            "Meine Bestellung kam eine Woche zu spät und niemand hat sich gemeldet.",
        ),
        "payment": (
            "Die Bezahlung war schnell und einfach.",
            "Die Zahlung ist zweimal fehlgeschlagen und ich wurde doppelt belastet.",
        ),
        "product": (
            "Tolle Qualität, genau wie beschrieben.",
            "Das Produkt war nach zwei Tagen kaputt, sehr schlechte Qualität.",
        ),
        "support": (
            "Der Mitarbeiter hat mein Problem sofort gelöst, danke!",
            "Ich wurde dreimal weiterverbunden und habe immer noch keine Antwort.",
        ),
        "price": (
            "Faire Preise und ein gutes Preis-Leistungs-Verhältnis.",
            "Viel zu teuer für das, was man bekommt.",
        ),
        "app": (
            "Die App ist einfach und schnell.",
            "Die Webseite stürzt beim Bezahlen ständig ab.",
        ),
    },
    "fi": {
        "delivery": (
            "Paketti tuli nopeasti ja hyvin pakattuna.",
            "Tilaukseni tuli viikon myöhässä eikä kukaan kertonut miksi.",
        ),
        "payment": (
            "Maksaminen oli nopeaa ja helppoa.",
            "Maksu epäonnistui kahdesti ja minulta veloitettiin kaksinkertaisesti.",
        ),
        "product": (
            "Loistava laatu, juuri kuten kuvattiin.",
            "Tuote hajosi kahden päivän jälkeen, todella huono laatu.",
        ),
        "support": (
            "Asiakaspalvelija ratkaisi ongelmani heti, kiitos!",
            "Minut siirrettiin kolme kertaa eikä vastausta vieläkään ole.",
        ),
        "price": (
            "Reilut hinnat ja hyvä vastine rahalle.",
            "Aivan liian kallis siihen nähden mitä saa.",
        ),
        "app": ("Sovellus on helppokäyttöinen ja nopea.", "Verkkosivu kaatuu aina kassalla."),
    },
    "ru": {
        "delivery": (
            "Посылка пришла раньше срока и хорошо упакована.",
            "Заказ опоздал на неделю, и никто ничего не объяснил.",
        ),
        "payment": (
            "Оплата прошла быстро и просто.",
            "Платёж дважды не прошёл, а деньги списали два раза.",
        ),
        "product": (
            "Отличное качество, всё как в описании.",
            "Товар сломался через два дня, ужасное качество.",
        ),
        "support": (
            "Оператор сразу решил мою проблему, спасибо!",
            "Меня переключали три раза, а ответа до сих пор нет.",
        ),
        "price": (
            "Честные цены, хорошее соотношение цены и качества.",
            "Слишком дорого для такого качества.",
        ),
        "app": ("Приложение удобное и быстрое.", "Сайт постоянно зависает при оплате."),
    },
    "fr": {
        "delivery": (
            "Le colis est arrivé en avance et bien emballé.",
            "Ma commande est arrivée avec une semaine de retard sans explication.",
        ),
        "payment": (
            "Le paiement était rapide et simple.",
            "Le paiement a échoué deux fois et j'ai été débité deux fois.",
        ),
        "product": (
            "Excellente qualité, conforme à la description.",
            "Le produit s'est cassé au bout de deux jours, qualité médiocre.",
        ),
        "support": (
            "Le conseiller a réglé mon problème dès le premier appel, merci !",
            "J'ai été transféré trois fois et je n'ai toujours pas de réponse.",
        ),
        "price": (
            "Des prix justes et un bon rapport qualité-prix.",
            "Beaucoup trop cher pour ce que c'est.",
        ),
        "app": (
            "L'application est simple et rapide.",
            "Le site plante à chaque fois au moment de payer.",
        ),
    },
}

# language -> neutral sentence (for passives and middle scores)
NEUTRAL: dict[str, str] = {
    "en": "It was okay, nothing special.",
    "pl": "Było w porządku, nic szczególnego.",
    "pt": "Foi razoável, nada de especial.",
    "es": "Estuvo bien, nada especial.",
    "de": "Es war in Ordnung, nichts Besonderes.",
    "fi": "Ihan ok, ei mitään erikoista.",
    "ru": "Нормально, ничего особенного.",
    "fr": "C'était correct, rien de spécial.",
}

"""Text sentiment: the scorer on small fixed inputs, the dbt Python model, and real-data accuracy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from cxm import texts
from cxm.cli import main
from cxm.sentiment import (
    LABEL_THRESHOLD,
    SCORED_LANGUAGES,
    SUPPORTED_LANGUAGES,
    guess_language,
    label_of,
    lexicon_score,
    model_polarity,
    score,
)
from cxm.sentiment.bench import metrics, read_olist, run_benchmark
from cxm.sentiment.detect import detect_languages
from cxm.sentiment.model import MODEL_FILE, OLIST_CUTOFF, SentimentModel, load_model
from cxm.sentiment.topics import topics_of

from .conftest import REAL_DATA, REPO, Warehouse

# (language, text, expected label): everyday customer sentences, one clear tone each.
FIXED: list[tuple[str, str, str]] = [
    ("en", "The support team was great and solved it fast, thank you!", "positive"),
    ("en", "Terrible service, the parcel arrived broken and nobody answers.", "negative"),
    ("en", "The order number is 12345.", "neutral"),
    ("en", "The app is not good.", "negative"),
    ("pl", "Świetna obsługa, polecam!", "positive"),
    ("pl", "Fatalna jakość, produkt zepsuł się po tygodniu.", "negative"),
    ("pl", "Zamówienie złożyłem we wtorek.", "neutral"),
    ("pl", "Nie polecam tego sklepu.", "negative"),
    ("pl", "Kurier spóźnił się dwa dni, obsługa nie odpowiada na maile.", "negative"),
    ("pt", "Produto excelente, chegou antes do prazo. Recomendo!", "positive"),
    ("pt", "Péssimo atendimento, o pedido não chegou.", "negative"),
    ("pt", "Comprei na segunda-feira.", "neutral"),
    ("es", "Muy buena calidad y envío rápido, gracias.", "positive"),
    ("es", "Un desastre, el pedido llegó roto y tarde.", "negative"),
    ("es", "El pedido tiene dos artículos.", "neutral"),
    ("de", "Super Service, sehr freundlich und schnell!", "positive"),
    ("de", "Schlechte Qualität, leider kaputt angekommen.", "negative"),
    ("de", "Die Bestellung kam am Dienstag.", "neutral"),
    ("de", "Das war nicht gut.", "negative"),
    ("fi", "Loistava palvelu, kiitos nopeasta toimituksesta!", "positive"),
    ("fi", "Huono laatu, tuote hajosi heti.", "negative"),
    ("fi", "Tilasin paketin tiistaina.", "neutral"),
    ("fi", "Tuote oli ihan hyvä, mutta toimitus kesti liian kauan.", "negative"),
    ("fi", "En ole tyytyväinen.", "negative"),
    ("ru", "Отличный сервис, спасибо за быструю доставку!", "positive"),
    ("ru", "Ужасное качество, товар сломался через день.", "negative"),
    ("ru", "Заказ оформлен во вторник.", "neutral"),
    ("ru", "Не рекомендую, качество ужасное.", "negative"),
    ("ru", "Поддержка не отвечает уже неделю.", "negative"),
    ("fr", "Très bon produit, livraison rapide, merci !", "positive"),
    ("fr", "Service nul, colis abîmé et aucun remboursement.", "negative"),
    ("fr", "La commande contient deux articles.", "neutral"),
    ("it", "Ottimo prodotto, consegna veloce, grazie!", "positive"),
    ("it", "Pessimo servizio, pacco arrivato rotto.", "negative"),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"), FIXED, ids=[f"{x[0]}:{x[2]}:{i}" for i, x in enumerate(FIXED)]
)
def test_fixed_sentences_get_their_label(language: str, text: str, expected: str) -> None:
    (result,) = score([text], [language])
    assert result.label == expected, (text, result)
    assert result.polarity is not None and -1 <= result.polarity <= 1
    assert result.language == language


def test_every_required_language_has_a_lexicon() -> None:
    assert {"en", "pl", "pt", "es", "de", "fr", "fi", "ru"} <= set(SUPPORTED_LANGUAGES)


def test_negation_stops_at_the_end_of_the_clause() -> None:
    # "not" flips "recommend", but not "awful" after the comma
    (r,) = score(["I do not recommend it, the quality is awful."], ["en"])
    assert r.label == "negative"
    (flipped,) = score(["Not bad at all"], ["en"])
    assert flipped.label == "positive"


def test_negation_intensifiers_contrast_and_emoji() -> None:
    # the lexicon's rules, in the lexicon scorer (Polish, Finnish, Russian; half of the blend elsewhere)
    good, very_good, not_good = (
        r.polarity or 0.0 for r in lexicon_score(["good", "very good", "not good"], ["en"] * 3)
    )
    assert 0 < good < very_good and not_good < 0
    gut, sehr_gut, nicht_gut = (
        r.polarity or 0.0 for r in lexicon_score(["gut", "sehr gut", "nicht gut"], ["de"] * 3)
    )
    assert 0 < gut < sehr_gut and nicht_gut < 0
    # the shipped blend keeps the direction (the trained model does not keep the intensity order)
    for lang, words in (("en", ["good", "very good", "not good"]), ("de", ["gut", "sehr gut", "nicht gut"])):
        assert [r.label for r in score(words, [lang] * 3)] == ["positive", "positive", "negative"]
    # after "ale" (but) the second clause dominates
    (contrast,) = score(["Kurier był miły, ale paczka przyszła zepsuta."], ["pl"])
    assert contrast.label == "negative"
    smile, cry = score(["Zamówienie 😍", "Zamówienie 😡"], ["pl", "pl"])
    assert smile.label == "positive" and cry.label == "negative"
    inflected = score(["Obsługa była świetna.", "Świetnego dnia!"], ["pl", "pl"])
    assert all(r.label == "positive" for r in inflected)


def test_label_thresholds_edges() -> None:
    assert LABEL_THRESHOLD == 0.05
    assert label_of(0.05) == "positive" and label_of(-0.05) == "negative"
    assert label_of(0.0499) == "neutral" and label_of(-0.0499) == "neutral"


def test_empty_texts_have_no_score_and_lengths_must_match() -> None:
    empty = score([None, "", "   "], ["en", "pl", None])
    assert [(r.polarity, r.label, r.topics) for r in empty] == [(None, None, ())] * 3
    with pytest.raises(ValueError):
        score(["a"], [])


def test_deterministic_and_independent_of_the_batch() -> None:
    batch = [t for _, t, _ in FIXED]
    langs = [lang for lang, _, _ in FIXED]
    first, second = score(batch, langs), score(list(reversed(batch)), list(reversed(langs)))
    assert first == list(reversed(second))
    assert [score([t], [lang])[0] for t, lang in zip(batch, langs, strict=True)] == first


def test_unknown_or_unsupported_language_is_guessed() -> None:
    assert guess_language("Das Paket ist nicht angekommen und ich bin sauer") == "de"
    assert guess_language("Посылка не пришла") == "ru"
    assert guess_language("Paczka nie przyszła, jestem zła") == "pl"
    assert guess_language("O pedido não chegou e estou muito chateado") == "pt"
    assert guess_language("12345") == "en"
    (r,) = score(["Paczka przyszła szybko, świetnie!"], ["xx"])
    assert r.language == "pl" and r.label == "positive"


def test_language_detection_for_texts_without_a_covered_code() -> None:
    found = detect_languages(["Das Paket ist nicht angekommen und ich bin sauer", "12345", "🙂"])
    assert found[0][0] == "de" and found[0][1] is not None and 0.5 < found[0][1] <= 1
    assert found[1:] == [(None, None), (None, None)]
    unknown, wrong, covered = score(
        ["Le colis est arrivé cassé, service nul.", "मुझे यह सेवा बहुत पसंद आई", "Great, thanks!"],
        ["unknown", "xx", "pl"],
    )
    assert unknown.language == "fr" and unknown.detected_language == "fr" and unknown.label == "negative"
    assert wrong.language == "hi" and wrong.language_confidence is not None
    # a covered code is taken as given; detection runs only when asked for every text
    assert covered.language == "pl" and covered.detected_language is None
    (every,) = score(["Great, thanks!"], ["pl"], detect_all=True)
    assert every.language == "pl" and every.detected_language == "en"
    assert (every.polarity, every.label) == (covered.polarity, covered.label)


def test_detection_and_model_load_nothing_from_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """lingua's models come from its wheel, the sentiment model from the package: no socket opens."""
    import socket

    from cxm.sentiment import detect

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    detect.detector.cache_clear()
    load_model.cache_clear()
    assert detect_languages(["Ottimo prodotto, grazie"])[0][0] == "it"
    assert score(["Ótimo produto"], ["pt"])[0].label == "positive"


def test_the_shipped_model_is_small_plain_arrays_and_covers_the_labelled_languages() -> None:
    assert MODEL_FILE.exists() and MODEL_FILE.stat().st_size <= 25 * 1024 * 1024
    model = load_model()
    assert isinstance(model, SentimentModel)
    assert model.languages == ("ar", "de", "en", "es", "fr", "hi", "it", "pt")
    assert 0 < model.threshold < 1 and model.coef.shape[0] == 3
    # Polish, Finnish and Russian keep the lexicon path (no labelled data)
    assert not {"pl", "fi", "ru"} & set(model.languages)
    assert set(model.languages) <= set(SCORED_LANGUAGES)


def test_model_polarity_rescaling_keeps_order_sign_and_puts_the_threshold_on_0_05() -> None:
    t = 0.3
    assert model_polarity(0.0, t) == 0.0
    assert model_polarity(t, t) == pytest.approx(LABEL_THRESHOLD)
    assert model_polarity(-t, t) == pytest.approx(-LABEL_THRESHOLD)
    assert model_polarity(1.0, t) == 1.0 and model_polarity(-1.0, t) == -1.0
    values = [x / 100 for x in range(-100, 101)]
    scaled = [model_polarity(v, t) for v in values]
    assert scaled == sorted(scaled) and all(
        label_of(a) == label_of(b)
        for a, b in zip(scaled, [model_polarity(v, t) for v in values], strict=True)
    )
    assert all((label_of(s) == "neutral") == (abs(v) < t) for s, v in zip(scaled, values, strict=True))


def test_topics_by_multilingual_keywords() -> None:
    assert topics_of("The parcel arrived late and the refund never came") == ("delivery", "payment")
    assert topics_of("Die App stürzt ab, und der Preis ist zu hoch") == ("price", "app")
    assert topics_of("Доставка опоздала, оператор не ответил") == ("delivery", "support")
    assert topics_of("I appreciate it") == ()  # "app" matches the word, not a prefix
    assert topics_of(None) == ()
    (r,) = score(["Nothing to add"], ["en"])
    assert r.topics == () and r.primary_topic == "other"


def test_generated_demo_comments_get_their_tone_and_topic() -> None:
    """The sentences the demo generator writes: the tone it meant and the topic it picked."""
    misses = []
    for lang in texts.LANGUAGES:
        for topic, (positive, negative) in texts.PHRASES[lang].items():
            for text, tone in ((positive, "positive"), (negative, "negative")):
                (r,) = score([text], [lang])
                if r.label != tone or topic not in r.topics:
                    misses.append((lang, topic, tone, r))
        (neutral,) = score([texts.NEUTRAL[lang]], [lang])
        if neutral.label != "neutral":
            misses.append((lang, "neutral", neutral))
    assert not misses


def test_metrics_hand_computed() -> None:
    truth = ["negative", "negative", "neutral", "positive"]
    predicted = ["negative", "neutral", "neutral", "negative"]
    m = metrics(truth, predicted, ("negative", "neutral", "positive"))
    # negative: tp 1 fp 1 fn 1 -> F1 0.5; neutral: tp 1 fp 1 fn 0 -> 2/3; positive: 0
    assert m["accuracy"] == 0.5 and m["macro_f1"] == round((0.5 + 2 / 3 + 0) / 3, 4)
    # two classes: the neutral prediction is a miss of its negative truth, not a hit of anything
    two = metrics(["negative", "positive"], ["neutral", "positive"], ("negative", "positive"))
    assert two["accuracy"] == 0.5 and two["macro_f1"] == 0.5


def test_olist_reader_labels_stars_and_drops_three_and_empty(tmp_path: Path) -> None:
    folder = tmp_path / "olist_subset"
    folder.mkdir()
    (folder / "olist_order_reviews_dataset.csv").write_text(
        "review_id,order_id,review_score,review_comment_title,review_comment_message,"
        "review_creation_date,review_answer_timestamp\n"
        "a,o,1,Ruim,não chegou,2018-05-01 00:00:00,2018-05-01\n"
        "b,o,3,,ok,2018-05-01 00:00:00,2018-05-01\n"
        "c,o,5,,,2018-05-01 00:00:00,2018-05-01\n"
        "d,o,4,,adorei,2018-05-01 00:00:00,2018-05-01\n"
        "d,o,4,,adorei,2018-05-01 00:00:00,2018-05-01\n"
        "e,o,5,,antes do corte,2018-03-31 00:00:00,2018-04-01\n",
        encoding="utf-8",
    )
    assert OLIST_CUTOFF.isoformat() == "2018-04-01"
    data = read_olist(tmp_path)
    # the bench reads the reviews from the cut-off on, each review_id once (training reads the others)
    assert data is not None and data.texts == ["Ruim. não chegou", "adorei"]
    assert data.labels == ["negative", "positive"]


def test_bench_sentiment_skips_cleanly_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_benchmark(tmp_path)["available"] is False
    assert main(["bench-sentiment", "--data", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert "skipped: no labelled data" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


# Bounds a little below what `cxm bench-sentiment` measured (README.md, "Text sentiment"); the
# scorers are deterministic, so a drop below them means a change made one worse.
# lexicon (accuracy, macro-F1) on the validation splits: en 0.630 / 0.618, es 0.528 / 0.513,
# fr 0.488 / 0.480, de 0.602 / 0.594, pt 0.518 / 0.518, it 0.537 / 0.521
TWEET_MIN = {
    "en": (0.60, 0.59),
    "es": (0.50, 0.48),
    "fr": (0.46, 0.45),
    "de": (0.57, 0.57),
    "pt": (0.49, 0.49),
    "it": (0.51, 0.49),
}
TWEET_FOLDERS = {
    "english": "en",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
    "italian": "it",
    "arabic": "ar",
    "hindi": "hi",
}


@pytest.mark.realdata
def test_real_data_accuracy_per_language(tmp_path: Path) -> None:
    if not all((REAL_DATA / d).exists() for d in ("sentiment_multilingual", "olist_subset", "nps_verbatims")):
        pytest.skip(f"real data absent: {REAL_DATA}")
    assert main(["bench-sentiment", "--data", str(REAL_DATA), "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "sentiment.json").read_text())
    lexicon = {r["dataset"]: r for r in report["results"]["lexicon"]}
    model = {r["dataset"]: r for r in report["results"]["model"]}
    for folder, lang in TWEET_FOLDERS.items():
        row, base = model[f"tweets:{folder}"], lexicon[f"tweets:{folder}"]
        assert row["n"] == base["n"] == 324
        # the trained model never falls below the lexicon in a language (issue 18's target)
        assert row["macro_f1"] >= base["macro_f1"], (folder, row["macro_f1"], base["macro_f1"])
        if lang in TWEET_MIN:
            assert base["accuracy"] >= TWEET_MIN[lang][0], (folder, base["accuracy"])
            assert base["macro_f1"] >= TWEET_MIN[lang][1], (folder, base["macro_f1"])
    # measured: model mean macro-F1 0.561 over the eight languages (lexicon 0.482); Arabic 0.592 (0.256)
    mean = sum(model[f"tweets:{f}"]["macro_f1"] for f in TWEET_FOLDERS) / len(TWEET_FOLDERS)
    assert mean >= 0.55, mean
    assert model["tweets:arabic"]["macro_f1"] >= 0.57
    # Olist from the cut-off on: lexicon 0.779 / 0.832, model 0.903 / 0.921
    olist, olist_base = model["reviews:olist"], lexicon["reviews:olist"]
    assert olist["n"] > 1200
    assert olist_base["accuracy"] >= 0.76 and olist_base["macro_f1"] >= 0.81
    assert olist["accuracy"] >= 0.88 and olist["macro_f1"] >= 0.90
    # telecom NPS comments (English): lexicon 0.632 / 0.735 (decided 0.857), model 0.649 / 0.743
    telecom, telecom_base = model["comments:telecom_nps"], lexicon["comments:telecom_nps"]
    assert telecom["n"] > 1900
    assert telecom_base["accuracy"] >= 0.61 and telecom_base["macro_f1"] >= 0.71
    assert telecom["accuracy"] >= telecom_base["accuracy"] and telecom["macro_f1"] >= telecom_base["macro_f1"]
    speeds = report["texts_per_second"]
    assert speeds["model"] > 0 and speeds["lexicon"] > 0 and speeds["language detection"] > 0
    assert 0 < report["seconds_per_10k_texts"] < 60


@pytest.mark.integration
def test_text_sentiments_fact_scores_every_open_text(warehouse: Warehouse) -> None:
    con = duckdb.connect(str(warehouse.db_path), read_only=True)
    try:
        expected = con.execute(
            """select
                   (select count(*) from marts.fct_survey_responses where has_comment)
                   + (select count(*) from staging.stg_helpdesk__ticket_events as e
                      inner join staging.stg_helpdesk__tickets as t on e.ticket_id = t.ticket_id
                      where e.event_type = 'message_in' and trim(coalesce(e.body_text, '')) != '')"""
        ).fetchone()
        counts = dict(
            con.execute("select source_kind, count(*) from marts.fct_text_sentiments group by all").fetchall()
        )
        # generated ticket messages are complaints; generated comments follow the score band
        ticket_negative = con.execute(
            "select avg(is_negative) from marts.fct_text_sentiments where source_kind = 'ticket_message'"
            " and customer_language != 'unknown'"
        ).fetchone()
        by_tone = dict(
            con.execute(
                """select f.score_tone, avg(case when s.sentiment_label = f.score_tone then 1.0 else 0 end)
                   from marts.fct_text_sentiments as s
                   inner join marts.fct_feedback as f on s.source_id = f.response_key
                   where s.source_kind = 'survey_comment' and f.source_system = 'surveys'
                   group by all"""
            ).fetchall()
        )
        mart = con.execute(
            "select sum(texts) from marts.kpi_sentiment_monthly where segment_name = 'all'"
        ).fetchone()
        # lingua's detection on every text: generated texts are written in the customer's language
        detection = con.execute(
            """select
                   avg(case when detected_language = customer_language then 1.0 else 0 end)
                       filter (where customer_language != 'unknown'),
                   count(*) filter (where detected_language is not null and language_confidence is null),
                   count(*) filter (
                       where customer_language = 'unknown'
                       and scored_language != detected_language
                       and language_confidence >= 0.5
                   )
               from marts.fct_text_sentiments"""
        ).fetchone()
        # lingua answers nothing only for a text without letters (e.g. "???", "10/10")
        undetected = con.execute(
            """select t.text_body
               from marts.fct_text_sentiments as s
               inner join intermediate.int_open_texts_unioned as t
                   on s.source_kind = t.source_kind and s.source_id = t.source_id
               where s.detected_language is null"""
        ).fetchall()
    finally:
        con.close()
    assert expected is not None and sum(counts.values()) == expected[0]
    assert counts["survey_comment"] > 100 and counts["ticket_message"] > 100
    assert ticket_negative is not None and ticket_negative[0] > 0.95
    assert by_tone["negative"] > 0.95 and by_tone["positive"] > 0.95, by_tone
    assert mart is not None and mart[0] == sum(counts.values())
    assert detection is not None and detection[0] > 0.9 and detection[1] == 0 and detection[2] == 0, detection
    assert not [text for (text,) in undetected if any(c.isalpha() for c in text)]


def test_python_model_and_its_children_are_disabled_on_spark() -> None:
    """Every node that needs the Python model is switched off on Spark; no SQL fact refs it."""
    condition = "enabled: \"{{ target.type != 'spark' }}\""

    def yaml_text(path: str) -> str:
        lines = (REPO / path).read_text().splitlines()
        return "\n".join(line for line in lines if not line.lstrip().startswith("#"))

    fact_yml = yaml_text("models/marts/core/fct_text_sentiments.yml")
    kpi_yml = yaml_text("models/marts/kpis/sentiment/sentiment.yml")
    exposures = yaml_text("models/marts/_exposures.yml")
    assert fact_yml.count(condition) == 2  # the model and its semantic model
    assert kpi_yml.count(condition) == 1 + kpi_yml.count(
        "\n  - name: sentiment_"
    )  # the mart and every metric
    assert condition in exposures.split("name: text_sentiment_insights")[1]
    refs = sorted(
        p.relative_to(REPO)
        for p in (REPO / "models").rglob("*.sql")
        if re.search(r"ref\(\s*['\"]fct_text_sentiments['\"]", p.read_text())
    )
    # the sentiment mart and the escalation list (itself Spark-disabled: it refs the CLV model too)
    assert refs == [
        Path("models/marts/kpis/sentiment/kpi_sentiment_monthly.sql"),
        Path("models/marts/worklists/worklist_feedback_escalations.sql"),
    ]
    worklist_yml = yaml_text("models/marts/worklists/worklist_feedback_escalations.yml")
    assert condition in worklist_yml


def test_training_is_deterministic_and_reads_only_train_splits_and_early_reviews(tmp_path: Path) -> None:
    from cxm.sentiment import lexicon_polarities
    from cxm.sentiment.model import train, training_data

    base = tmp_path / "sentiment_multilingual" / "english"
    base.mkdir(parents=True)
    rows = [("great, love it", "2"), ("awful, hate it", "0"), ("the bus is at ten", "1")] * 6
    (base / "train_text.txt").write_text("\n".join(t for t, _ in rows) + "\n", encoding="utf-8")
    (base / "train_labels.txt").write_text("\n".join(y for _, y in rows) + "\n", encoding="utf-8")
    (base / "val_text.txt").write_text("never read\n", encoding="utf-8")
    (base / "val_labels.txt").write_text("2\n", encoding="utf-8")
    (tmp_path / "olist_subset").mkdir()
    (tmp_path / "olist_subset" / "olist_order_reviews_dataset.csv").write_text(
        "review_id,order_id,review_score,review_comment_title,review_comment_message,"
        "review_creation_date,review_answer_timestamp\n"
        "a,o,1,,péssimo,2018-01-01 00:00:00,x\n"
        "b,o,5,,ótimo,2018-01-02 00:00:00,x\n"
        "c,o,5,,depois do corte,2018-06-01 00:00:00,x\n",
        encoding="utf-8",
    )
    data = training_data(tmp_path)
    assert "never read" not in data.texts and "depois do corte" not in data.texts
    assert data.sources.count("reviews:olist") == 2 and data.sources.count("tweets:en") == 18
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    summary = train(tmp_path, first, lexicon_polarities, folds=3)
    train(tmp_path, second, lexicon_polarities, folds=3)
    a, b = load_model(first), load_model(second)
    assert (a.coef == b.coef).all() and (a.idf == b.idf).all() and a.threshold == b.threshold
    assert summary["rows"] == {"reviews:olist": 2, "tweets:en": 18}
    p = a.polarity(["great, love it", "awful, hate it"], ["en", "en"], [0.8, -0.8])
    assert p[0] > 0 > p[1]

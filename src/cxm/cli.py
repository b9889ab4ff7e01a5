"""`cxm`: the command-line tool around the dbt project.

cxm generate --scale 1 --seed 42          synthetic raw data (Parquet) under data/raw
cxm load [--target spark] [--append]      land it in the warehouse (raw_* schemas / databases)
cxm import-survey --mapping M --file F    land a survey tool's CSV export
cxm summary                               print the KPI summary of a built warehouse
cxm bench-models                          CDNOW fit vs published, churn AUC, Olist (predictive models)
cxm bench-sentiment                       accuracy and speed of the text sentiment scorer on real data
cxm train-sentiment                       retrain the shipped sentiment model on the labelled train splits
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cxm.generate import GenerateConfig, default_as_of, generate
from cxm.load import LoadError, import_survey_export, load_raw

DEFAULT_DB = "target/cx_metrics.duckdb"


def _db_default() -> str:
    return os.environ.get("CXM_DUCKDB_PATH", DEFAULT_DB)


def _say(msg: str) -> None:
    print(f"[cxm] {msg}", flush=True)


def _cmd_generate(args: argparse.Namespace) -> int:
    as_of = date.fromisoformat(args.as_of) if args.as_of else default_as_of()
    cfg = GenerateConfig(
        scale=args.scale, seed=args.seed, as_of=as_of, out_dir=Path(args.out), mess=not args.clean
    )
    _say(f"generating scale={cfg.scale} seed={cfg.seed} as_of={as_of} -> {cfg.out_dir}")
    result = generate(cfg, progress=_say)
    total = sum(result.row_counts.values())
    for table, n in result.row_counts.items():
        _say(f"  {table:<28} {n:>12,}")
    _say(f"{total:,} rows in {result.seconds:.1f}s")
    return 0


def _target_default() -> str:
    return os.environ.get("CXM_TARGET", "duckdb")


def _profiles_default() -> str:
    return os.environ.get("DBT_PROFILES_DIR", "profiles")


def _spark_conf(args: argparse.Namespace) -> dict[str, str]:
    from cxm.spark import spark_conf

    return spark_conf(Path(args.profiles_dir), args.target)


def _cmd_load(args: argparse.Namespace) -> int:
    if args.target != "duckdb":
        from cxm.spark import load_raw_spark

        if args.append:
            raise LoadError("--append lands in the DuckDB warehouse only; a Spark target is loaded in full")
        conf = _spark_conf(args)
        _say(f"loading {args.data_dir} into Spark ({conf.get('spark.sql.warehouse.dir')})")
        counts = load_raw_spark(Path(args.data_dir), conf, progress=_say)
        _say(f"{sum(counts.values()):,} raw rows in {len(counts)} tables")
        return 0
    mode = "appending" if args.append else "loading"
    _say(f"{mode} {args.data_dir} into {args.database}")
    counts = load_raw(Path(args.data_dir), Path(args.database), progress=_say, append=args.append)
    _say(f"{sum(counts.values()):,} raw rows in {len(counts)} tables")
    return 0


def _cmd_import_survey(args: argparse.Namespace) -> int:
    if args.target != "duckdb":
        from cxm.spark import import_survey_export_spark

        res = import_survey_export_spark(
            _spark_conf(args), Path(args.mapping), Path(args.file), loaded_at=args.loaded_at
        )
    else:
        res = import_survey_export(
            Path(args.database), Path(args.mapping), Path(args.file), loaded_at=args.loaded_at
        )
    _say(
        f"imported {res['lines']:,} lines from {args.file} "
        f"({res['unparsed_times']} with a time that does not parse: they become rejected rows)"
    )
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from cxm.summary import print_summary

    print_summary(Path(args.database), months=args.months)
    return 0


def _cmd_catalog(args: argparse.Namespace) -> int:
    from cxm.catalog import build_catalog

    try:
        index = build_catalog(
            Path(args.target),
            Path(args.project),
            database=Path(args.database),
            run_results=Path(args.run_results) if args.run_results else None,
            quality_dir=Path(args.quality),
        )
    except FileNotFoundError as exc:
        raise LoadError(str(exc)) from exc
    _say(f"metric catalogue: {index.resolve()}")
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    from cxm.kpi_diff import format_report, run_diff, write_csv

    try:
        report = run_diff(Path(args.project), args.base, Path(args.database), progress=_say, head=args.head)
    except RuntimeError as exc:
        raise LoadError(str(exc)) from exc
    print(format_report(report, args.limit))
    write_csv(report, Path(args.out))
    _say(f"every moved figure: {Path(args.out).resolve()}")
    return 0


def _cmd_quality(args: argparse.Namespace) -> int:
    from cxm.quality import print_report, run_quality

    report = run_quality(Path(args.database), Path(args.out), progress=_say)
    print_report(report)
    return 0 if report.success else 1


def _cmd_bench(args: argparse.Namespace) -> int:
    import json

    from cxm.bench import format_table, run_bench

    scales = [float(x) for x in args.scales.split(",") if x.strip()]
    out = Path(args.out)
    report = run_bench(scales, args.runs, out / "work", progress=_say)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=2))
    print(format_table(report))
    _say(f"results: {(out / 'bench.json').resolve()}")
    return 0


def _cmd_bench_models(args: argparse.Namespace) -> int:
    import json

    from cxm.bench_models import format_report, run_bench_models

    real = Path(args.real_data) if args.real_data else None
    report = run_bench_models(
        Path(args.database),
        real,
        horizon_days=args.horizon_days,
        train_cutoffs=args.train_cutoffs,
        seed=args.seed,
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_models.json").write_text(json.dumps(report, indent=2, default=str))
    print(format_report(report))
    _say(f"results: {(out / 'bench_models.json').resolve()}")
    return 0


def _cmd_bench_sentiment(args: argparse.Namespace) -> int:
    import json

    from cxm.sentiment.bench import format_report, run_benchmark

    root = Path(args.data)
    report = run_benchmark(root, compare=args.compare)
    if not report["available"]:
        _say(f"skipped: no labelled data under {root} (sentiment_multilingual/, olist_subset/)")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sentiment.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(format_report(report))
    _say(f"results: {(out / 'sentiment.json').resolve()}")
    return 0


def _cmd_train_sentiment(args: argparse.Namespace) -> int:
    import json

    from cxm.sentiment import lexicon_polarities
    from cxm.sentiment.model import train

    root = Path(args.data)
    _say(f"training the sentiment model on the train splits under {root} (a few minutes)")
    try:
        summary = train(root, Path(args.out), lexicon_polarities, folds=args.folds)
    except FileNotFoundError as exc:
        raise LoadError(str(exc)) from exc
    print(json.dumps(summary, indent=2))
    _say(f"model: {Path(args.out).resolve()} ({summary['bytes'] / 1e6:.1f} MB)")
    return 0


def _add_train_sentiment(sub: Any) -> None:
    from cxm.sentiment.model import MODEL_FILE

    ts = sub.add_parser(
        "train-sentiment",
        help="train the sentiment model on the labelled train splits and Olist reviews before the cut-off",
    )
    ts.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[3] / "shared" / "data" / "real"),
        help="folder with sentiment_multilingual/ and olist_subset/",
    )
    ts.add_argument("--out", default=str(MODEL_FILE), help="model file to write (default: the shipped one)")
    ts.add_argument(
        "--folds",
        type=int,
        default=3,
        help="1/folds of the rows is held out to choose the label threshold (1: fixed 0.3)",
    )
    ts.set_defaults(func=_cmd_train_sentiment)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxm", description="CX metrics layer tools")
    sub = parser.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write synthetic raw data as Parquet")
    g.add_argument("--scale", type=float, default=1.0, help="1 = 5,000 customers; every table grows with it")
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--as-of", default=None, help="last day of the data (YYYY-MM-DD); default today (UTC)")
    g.add_argument("--out", default="data/raw", help="output folder")
    g.add_argument("--clean", action="store_true", help="no injected mess (duplicates, bad values)")
    g.set_defaults(func=_cmd_generate)

    ld = sub.add_parser("load", help="land generated Parquet files in the warehouse")
    ld.add_argument("--data-dir", default="data/raw")
    ld.add_argument("--database", default=_db_default())
    ld.add_argument(
        "--target",
        default=_target_default(),
        help="dbt target to land in: duckdb (default; env CXM_TARGET) or a Spark session target, e.g. spark",
    )
    ld.add_argument("--profiles-dir", default=_profiles_default(), help="profiles.yml folder")
    ld.add_argument(
        "--append",
        action="store_true",
        help="append the files as one more delivery instead of replacing the raw tables "
        "(an incremental sync; then `dbt build` processes only what landed)",
    )
    ld.set_defaults(func=_cmd_load)

    im = sub.add_parser("import-survey", help="land a CSV export of survey answers")
    im.add_argument("--mapping", required=True, help="YAML mapping (config/survey_exports/*.yml)")
    im.add_argument("--file", required=True, help="the CSV export")
    im.add_argument("--database", default=_db_default())
    im.add_argument(
        "--loaded-at",
        type=datetime.fromisoformat,
        default=None,
        help="landing time to record (UTC, YYYY-MM-DD HH:MM:SS); default now, set it for a reproducible load",
    )
    im.add_argument(
        "--target",
        default=_target_default(),
        help="dbt target to land in: duckdb (default; env CXM_TARGET) or a Spark session target, e.g. spark",
    )
    im.add_argument("--profiles-dir", default=_profiles_default(), help="profiles.yml folder")
    im.set_defaults(func=_cmd_import_survey)

    sm = sub.add_parser("summary", help="print the KPI summary of the built warehouse")
    sm.add_argument("--database", default=_db_default())
    sm.add_argument("--months", type=int, default=6)
    sm.set_defaults(func=_cmd_summary)

    qa = sub.add_parser("quality", help="run the Great Expectations suites on raw data and KPI marts")
    qa.add_argument("--database", default=_db_default())
    qa.add_argument("--out", default="target/data_quality", help="where Data Docs and volume history go")
    qa.set_defaults(func=_cmd_quality)

    be = sub.add_parser("bench", help="benchmark generation, the floor, dbt build and queries per scale")
    be.add_argument("--scales", default="1,10", help="comma-separated scales, e.g. 1,10,100")
    be.add_argument("--runs", type=int, default=3, help="runs per timed step (the median is reported)")
    be.add_argument("--out", default="target/bench")
    be.set_defaults(func=_cmd_bench)

    bm = sub.add_parser(
        "bench-models", help="fit quality of the predictive models: CDNOW vs published, churn AUC, Olist"
    )
    bm.add_argument("--database", default=_db_default(), help="a built warehouse (generated data)")
    bm.add_argument(
        "--real-data",
        default=str(Path(__file__).resolve().parents[3] / "shared" / "data" / "real"),
        help="folder with olist_subset/ (skipped when absent)",
    )
    bm.add_argument(
        "--horizon-days", type=int, default=90, help="churn window (var cx_churn_risk_horizon_days)"
    )
    bm.add_argument("--train-cutoffs", type=int, default=4, help="churn training cut-offs")
    bm.add_argument("--seed", type=int, default=42)
    bm.add_argument("--out", default="target/bench")
    bm.set_defaults(func=_cmd_bench_models)

    bs = sub.add_parser(
        "bench-sentiment", help="accuracy and speed of the sentiment scorer on labelled real data"
    )
    bs.add_argument(
        "--data",
        default=str(Path(__file__).resolve().parents[3] / "shared" / "data" / "real"),
        help="folder with sentiment_multilingual/, olist_subset/, nps_verbatims/ (skipped when absent)",
    )
    bs.add_argument("--out", default="target/bench")
    bs.add_argument(
        "--compare", action="store_true", help="also score with the packaged baselines (VADER, LeIA)"
    )
    bs.set_defaults(func=_cmd_bench_sentiment)
    _add_train_sentiment(sub)

    ca = sub.add_parser("catalog", help="write the metric catalogue (HTML) from dbt's artifacts")
    ca.add_argument("--target", default=os.environ.get("DBT_TARGET_PATH", "target"), help="dbt target folder")
    ca.add_argument("--project", default=".", help="the dbt project folder (DECISIONLOG.md, seeds/)")
    ca.add_argument(
        "--database",
        default=os.environ.get("CXM_DUCKDB_PATH", "target/cx_metrics.duckdb"),
        help="the DuckDB warehouse the KPI marts are read from (figures, latest values)",
    )
    ca.add_argument(
        "--run-results",
        default=None,
        help="run_results.json of the build whose test statuses to show "
        "(default: target/build_run_results.json, kept by `make demo` before `dbt docs generate`)",
    )
    ca.add_argument(
        "--quality", default="target/data_quality", help="`cxm quality --out` folder (GX results summarised)"
    )
    ca.set_defaults(func=_cmd_catalog)
    # metric catalogue (issue 13): impact of a KPI definition change on the published figures
    di = sub.add_parser(
        "diff",
        help="build the KPIs whose definitions changed at a base git ref and at HEAD on the same data; "
        "report every figure that moved, per month and segment",
    )
    di.add_argument("--base", required=True, help="git ref to compare HEAD with (e.g. main, HEAD~1)")
    di.add_argument("--head", default="HEAD", help="git ref of the new definition (default HEAD)")
    di.add_argument("--project", default=".", help="the dbt project's git checkout")
    di.add_argument(
        "--database",
        default=os.environ.get("CXM_DUCKDB_PATH", "target/cx_metrics.duckdb"),
        help="warehouse whose raw data both sides are built on (copied, never changed)",
    )
    di.add_argument("--out", default="target/kpi_diff.csv", help="CSV of every moved figure")
    di.add_argument("--limit", type=int, default=60, help="moved figures printed (all go to the CSV)")
    di.set_defaults(func=_cmd_diff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LoadError as exc:
        print(f"cxm: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

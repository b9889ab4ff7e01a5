"""`cxm`: the command-line tool around the dbt project.

cxm generate --scale 1 --seed 42          synthetic raw data (Parquet) under data/raw (--data-dir)
cxm load [--target spark] [--append]      land it in the warehouse (raw_* schemas / databases)
cxm import-survey --mapping M --file F    land a survey tool's CSV export
cxm summary                               print the KPI summary of a built warehouse
cxm query --metrics M --group-by D        ask the semantic layer (in-process MetricFlow, ~0.2 s)
cxm bench-models                          CDNOW fit vs published, churn AUC, Olist (predictive models)
cxm bench-sentiment                       accuracy and speed of the text sentiment scorer on real data
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TypeAlias

from cxm import __version__
from cxm.generate import GenerateConfig, default_as_of, generate
from cxm.load import LoadError, import_survey_export, load_raw

DEFAULT_DB = "target/cx_metrics.duckdb"


def _db_default() -> str:
    return os.environ.get("CXM_DUCKDB_PATH", DEFAULT_DB)


def _say(msg: str) -> None:
    print(f"[cxm] {msg}", flush=True)


def _cmd_generate(args: argparse.Namespace) -> int:
    as_of = args.as_of or default_as_of()
    cfg = GenerateConfig(
        scale=args.scale, seed=args.seed, as_of=as_of, out_dir=Path(args.data_dir), mess=not args.clean
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


def _target_path_default() -> str:
    return os.environ.get("DBT_TARGET_PATH", "target")


def _profiles_default() -> str:
    return os.environ.get("DBT_PROFILES_DIR", ".")


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


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


def _cmd_query(args: argparse.Namespace) -> int:
    manifest = Path(args.target_path) / "semantic_manifest.json"
    database = Path(args.database)
    for path, hint in ((manifest, "run `dbt parse` (or make demo)"), (database, "run `make demo` first")):
        if not path.exists():
            raise LoadError(f"{path} not found: {hint}")
    from cxm.semantic import SemanticLayer, format_rows

    layer = SemanticLayer(manifest, database)
    try:
        rows = layer.query(
            _split(args.metrics),
            _split(args.group_by),
            where=args.where or (),
            order_by=_split(args.order),
            limit=args.limit,
        )
    except Exception as exc:  # MetricFlow's errors about unknown metrics / dimensions
        raise LoadError(f"query failed: {str(exc).strip().splitlines()[0]}") from exc
    finally:
        layer.close()
    print(format_rows(rows))
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

    if not Path(args.database).exists():
        raise LoadError(f"no warehouse at {args.database}: run `make demo` (or cxm load and dbt build) first")
    report = run_quality(Path(args.database), Path(args.out), progress=_say)
    print_report(report)
    return 0 if report.success else 1


def _cmd_bench(args: argparse.Namespace) -> int:
    import json

    from cxm.benchmarks.build import format_table, run_bench

    out = Path(args.out)
    report = run_bench(args.scales, args.runs, out / "work", progress=_say)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=2))
    print(format_table(report))
    _say(f"results: {(out / 'bench.json').resolve()}")
    return 0


def _cmd_bench_models(args: argparse.Namespace) -> int:
    import json

    from cxm.benchmarks.models import format_report, run_bench_models

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


class UsageError(Exception):
    """A mistake in the command line: reported in one line, exit code 2."""


EXIT_CODES = """exit codes: 0 success; 1 data checks failed (cxm quality); 2 usage error or missing input
(bad argument, no generated data, no built warehouse: the message says what to run)"""


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _iso_datetime(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time (YYYY-MM-DD HH:MM:SS): {text!r}") from None


def _scales(text: str) -> list[float]:
    scales = [_positive_float(x) for x in text.split(",") if x.strip()]
    if not scales:
        raise argparse.ArgumentTypeError("give at least one scale, e.g. 1,10")
    return scales


def _real_data_default() -> str:
    return str(Path(__file__).resolve().parents[3] / "shared" / "data" / "real")


Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _add(sub: Sub, name: str, help_text: str) -> argparse.ArgumentParser:
    """A sub-command whose help shows every option's default."""
    return sub.add_parser(
        name, help=help_text, description=help_text, formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )


def _add_database(p: argparse.ArgumentParser, what: str = "the DuckDB warehouse") -> None:
    p.add_argument("--database", default=_db_default(), help=f"{what} (env CXM_DUCKDB_PATH)")


def _add_engine_target(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--target",
        default=_target_default(),
        help="dbt target to land in (env CXM_TARGET): duckdb or a Spark session target, e.g. spark",
    )
    p.add_argument(
        "--profiles-dir", default=_profiles_default(), help="folder of profiles.yml (env DBT_PROFILES_DIR)"
    )


def _add_data_dir(p: argparse.ArgumentParser, help_text: str) -> None:
    # --out is the old name of generate's folder, kept so scripts written for it still work
    p.add_argument("--data-dir", "--out", dest="data_dir", default="data/raw", help=help_text)


def _add_generate(sub: Sub) -> None:
    g = _add(sub, "generate", "write synthetic raw data as Parquet")
    g.add_argument(
        "--scale", type=_positive_float, default=1.0, help="1 = 5,000 customers; every table grows with it"
    )
    g.add_argument(
        "--seed", type=int, default=42, help="random seed (same seed, scale and as-of: same bytes)"
    )
    g.add_argument(
        "--as-of", type=_iso_date, default=None, help="last day of the data (YYYY-MM-DD); none = today (UTC)"
    )
    _add_data_dir(g, "output folder (--out: old name)")
    g.add_argument("--clean", action="store_true", help="no injected mess (duplicates, bad values)")
    g.set_defaults(func=_cmd_generate)


def _add_load(sub: Sub) -> None:
    ld = _add(sub, "load", "land generated Parquet files in the warehouse")
    _add_data_dir(ld, "folder of the Parquet files (as written by cxm generate)")
    _add_database(ld)
    _add_engine_target(ld)
    ld.add_argument(
        "--append",
        action="store_true",
        help="append the files as one more delivery instead of replacing the raw tables "
        "(an incremental sync; then `dbt build` processes only what landed)",
    )
    ld.set_defaults(func=_cmd_load)


def _add_import_survey(sub: Sub) -> None:
    im = _add(sub, "import-survey", "land a CSV export of survey answers")
    im.add_argument("--mapping", required=True, help="YAML mapping (config/survey_exports/*.yml)")
    im.add_argument("--file", required=True, help="the CSV export")
    _add_database(im)
    im.add_argument(
        "--loaded-at",
        type=_iso_datetime,
        default=None,
        help="landing time to record (UTC, YYYY-MM-DD HH:MM:SS); none = now; set it for a reproducible load",
    )
    _add_engine_target(im)
    im.set_defaults(func=_cmd_import_survey)


def _add_reports(sub: Sub) -> None:
    sm = _add(sub, "summary", "print the KPI summary of the built warehouse")
    _add_database(sm)
    sm.add_argument("--months", type=_positive_int, default=6, help="months of NPS to print")
    sm.set_defaults(func=_cmd_summary)

    qy = _add(
        sub, "query", "query the semantic layer in-process (the engine of `mf query`, without its start-up)"
    )
    qy.add_argument("--metrics", required=True, help="comma-separated metric names, e.g. relationship_nps")
    qy.add_argument(
        "--group-by", default="", help="comma-separated, e.g. metric_time__month,survey_response__region"
    )
    qy.add_argument(
        "--where",
        action="append",
        help="a filter, e.g. \"{{ Dimension('survey_response__region') }} = 'na'\"",
    )
    qy.add_argument("--order", default="", help="comma-separated; prefix - for descending")
    qy.add_argument("--limit", type=_positive_int, default=None, help="at most this many rows")
    _add_database(qy)
    qy.add_argument(
        "--target-path", default=_target_path_default(), help="dbt target folder (env DBT_TARGET_PATH)"
    )
    qy.set_defaults(func=_cmd_query)

    qa = _add(sub, "quality", "run the Great Expectations suites on raw data and KPI marts")
    _add_database(qa)
    qa.add_argument("--out", default="target/data_quality", help="where Data Docs and volume history go")
    qa.set_defaults(func=_cmd_quality)

    ca = _add(sub, "catalog", "write the metric catalogue (HTML) from dbt's artifacts")
    # --target is the old name; everywhere else --target is a dbt profile target
    ca.add_argument(
        "--target-path",
        "--target",
        dest="target",
        default=_target_path_default(),
        help="dbt target folder (env DBT_TARGET_PATH; --target: old name)",
    )
    ca.add_argument("--project", default=".", help="the dbt project folder (DECISIONLOG.md, seeds/)")
    _add_database(ca)
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
    _add_diff(sub)


def _add_diff(sub: Sub) -> None:
    """Metric catalogue (issue 13): impact of a KPI definition change on the published figures."""
    di = _add(
        sub,
        "diff",
        "build the KPIs whose definitions changed at a base git ref and at HEAD on the same data; "
        "report every figure that moved, per month and segment",
    )
    di.add_argument("--base", required=True, help="git ref to compare HEAD with (e.g. main, HEAD~1)")
    di.add_argument("--head", default="HEAD", help="git ref of the new definition")
    di.add_argument("--project", default=".", help="the dbt project's git checkout")
    _add_database(di)
    di.add_argument("--out", default="target/kpi_diff.csv", help="CSV of every moved figure")
    di.add_argument(
        "--limit", type=_positive_int, default=60, help="moved figures printed (all go to the CSV)"
    )
    di.set_defaults(func=_cmd_diff)


def _add_benchmarks(sub: Sub) -> None:
    be = _add(sub, "bench", "benchmark generation, the floor, dbt build and queries per scale")
    be.add_argument("--scales", type=_scales, default="1,10", help="comma-separated scales, e.g. 1,10,100")
    be.add_argument(
        "--runs", type=_positive_int, default=3, help="runs per timed step (the median is reported)"
    )
    be.add_argument("--out", default="target/bench", help="where bench.json goes")
    be.set_defaults(func=_cmd_bench)

    bm = _add(
        sub, "bench-models", "fit quality of the predictive models: CDNOW vs published, churn AUC, Olist"
    )
    _add_database(bm, "a built warehouse (generated data)")
    bm.add_argument(
        "--real-data", default=_real_data_default(), help="folder with olist_subset/ (skipped when absent)"
    )
    bm.add_argument(
        "--horizon-days", type=_positive_int, default=90, help="churn window (var cx_churn_risk_horizon_days)"
    )
    bm.add_argument("--train-cutoffs", type=_positive_int, default=4, help="churn training cut-offs")
    bm.add_argument("--seed", type=int, default=42, help="seed of the model fits")
    bm.add_argument("--out", default="target/bench", help="where bench_models.json goes")
    bm.set_defaults(func=_cmd_bench_models)

    bs = _add(sub, "bench-sentiment", "accuracy and speed of the sentiment scorer on labelled real data")
    bs.add_argument(
        "--real-data",
        "--data",
        dest="data",
        default=_real_data_default(),
        help="folder with sentiment_multilingual/, olist_subset/, nps_verbatims/ "
        "(skipped when absent; --data: old name)",
    )
    bs.add_argument("--out", default="target/bench", help="where sentiment.json goes")
    bs.add_argument(
        "--compare", action="store_true", help="also score with the packaged baselines (VADER, LeIA)"
    )
    bs.set_defaults(func=_cmd_bench_sentiment)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxm",
        description="CX metrics layer tools",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_generate, _add_load, _add_import_survey, _add_reports, _add_benchmarks):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # a bad argument exits here with code 2, before anything is written
    try:
        return int(args.func(args))
    except (LoadError, UsageError) as exc:
        print(f"cxm: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

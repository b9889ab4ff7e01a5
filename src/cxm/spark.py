"""Spark as the warehouse: land raw data where the dbt profile's `spark` target reads it.

The settings of the Spark session (master, warehouse folder, Derby metastore, time zone,
shuffle partitions) are read from the dbt profile (profiles.yml in the project root, target `spark`,
`server_side_parameters`), so `cxm load --target spark` and `dbt build` with
CXM_TARGET=spark open the same warehouse and metastore. The embedded Derby metastore admits
one process at a time: load first, then run dbt.

- `load_raw_spark` lands the generator's Parquet files as raw_<source>.<table> (databases
  are Spark's schemas), as `cxm load` does in DuckDB;
- `import_survey_export_spark` lands a survey tool's CSV export in
  raw_survey_export.responses, as `cxm import-survey` does in DuckDB.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from cxm.generate import RAW_TABLES
from cxm.load import (
    EXPORT_COLUMNS,
    EXPORT_SCHEMA,
    EXPORT_TABLE,
    RAW_PREFIX,
    LoadError,
    check_raw_files,
    survey_export_frame,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PROFILE_NAME = "cx_metrics"
SPARK_TARGET = "spark"
# DuckDB type names of the landing table -> Spark SQL types.
SPARK_TYPES = {"varchar": "string", "bigint": "bigint", "timestamp": "timestamp"}
ARROW_TYPES = {"varchar": pa.string(), "bigint": pa.int64(), "timestamp": pa.timestamp("us")}


def profile_output(
    profiles_dir: Path, target: str = SPARK_TARGET, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The rendered output `target` of the cx_metrics profile, env_var() resolved as dbt does
    from `environ` (default: this process's environment)."""
    variables = os.environ if environ is None else environ

    def env_var(name: str, default: str | None = None) -> str:
        value = variables.get(name, default)
        if value is None:
            raise LoadError(f"the dbt profile needs the environment variable {name}")
        return value

    path = Path(profiles_dir) / "profiles.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LoadError(f"cannot read the dbt profile {path}: {exc}") from exc
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.globals["env_var"] = env_var
    raw = yaml.safe_load(text) or {}
    outputs = raw.get(PROFILE_NAME, {}).get("outputs", {})
    if target not in outputs:
        raise LoadError(f"{path} has no target '{target}' in profile {PROFILE_NAME}")

    def render(value: Any) -> Any:
        if isinstance(value, str):
            return env.from_string(value).render()
        if isinstance(value, dict):
            return {str(k): render(v) for k, v in value.items()}
        if isinstance(value, list):
            return [render(v) for v in value]
        return value

    rendered: dict[str, Any] = render(outputs[target])
    return rendered


def spark_conf(
    profiles_dir: Path, target: str = SPARK_TARGET, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The Spark settings of a `session` target, as dbt-spark passes them to the session builder."""
    output = profile_output(profiles_dir, target, environ)
    if output.get("type") != "spark" or output.get("method") != "session":
        raise LoadError(
            f"target '{target}' is not a local Spark session (type spark, method session): "
            "on a cluster or Databricks, land raw data with your own tools"
        )
    conf = {str(k): str(v) for k, v in (output.get("server_side_parameters") or {}).items()}
    # dbt-spark forces ANSI mode off on every connection; the loader does the same.
    conf["spark.sql.ansi.enabled"] = "false"
    return conf


@contextmanager
def spark_session(conf: dict[str, str]) -> Iterator[SparkSession]:
    """A Spark session with Hive support and the given settings, stopped on exit."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    for key in ("spark.sql.warehouse.dir",):
        if key in conf:
            Path(conf[key]).mkdir(parents=True, exist_ok=True)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is in requirements.lock
        raise LoadError("pyspark is not installed (pip install 'dbt-spark[session]')") from exc
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


def _with_utc_timestamps(df: DataFrame) -> DataFrame:
    """Parquet timestamps without a zone come in as timestamp_ntz: land them as Spark's
    `timestamp` (the session time zone is UTC, so the instants do not move)."""
    from pyspark.sql import functions as f
    from pyspark.sql.types import TimestampNTZType

    for field in df.schema.fields:
        if isinstance(field.dataType, TimestampNTZType):
            df = df.withColumn(field.name, f.col(field.name).cast("timestamp"))
    return df


def _ensure_export_table(spark: SparkSession) -> None:
    spark.sql(f"create database if not exists {EXPORT_SCHEMA}")
    cols = ", ".join(f"{name} {SPARK_TYPES[typ]}" for name, typ in EXPORT_COLUMNS.items())
    spark.sql(f"create table if not exists {EXPORT_TABLE} ({cols}) using parquet")


def load_raw_spark(
    data_dir: Path, conf: dict[str, str], progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Replace every raw table with the Parquet files under data_dir (a full sync), in Spark."""
    data_dir = Path(data_dir).resolve()
    check_raw_files(data_dir)
    counts: dict[str, int] = {}
    with spark_session(conf) as spark:
        for source, tables in RAW_TABLES.items():
            spark.sql(f"create database if not exists {RAW_PREFIX}{source}")
            for table in tables:
                name = f"{RAW_PREFIX}{source}.{table}"
                df = _with_utc_timestamps(spark.read.parquet(str(data_dir / source / f"{table}.parquet")))
                df.write.mode("overwrite").format("parquet").saveAsTable(name)
                counts[f"{source}.{table}"] = spark.table(name).count()
                if progress:
                    progress(f"loaded {name}: {counts[f'{source}.{table}']:,} rows")
        _ensure_export_table(spark)
    return counts


def import_survey_export_spark(
    conf: dict[str, str],
    mapping_path: Path,
    csv_path: Path,
    *,
    replace: bool = True,
    loaded_at: datetime | None = None,
) -> dict[str, int]:
    """Land one CSV export in Spark; the same rows and replace rule as `import_survey_export`."""
    mapping, out = survey_export_frame(mapping_path, csv_path, loaded_at=loaded_at)
    schema = pa.schema([(name, ARROW_TYPES[typ]) for name, typ in EXPORT_COLUMNS.items()])
    table = pa.Table.from_pandas(out[list(EXPORT_COLUMNS)], schema=schema, preserve_index=False)
    file_name = Path(csv_path).name
    with tempfile.TemporaryDirectory(prefix="cxm-export-") as tmp, spark_session(conf) as spark:
        staged = Path(tmp) / "export.parquet"
        pq.write_table(table, staged)
        _ensure_export_table(spark)
        new = _with_utc_timestamps(spark.read.parquet(str(staged)))
        if replace:
            from pyspark.sql import functions as f

            kept = spark.table(EXPORT_TABLE).where(
                ~((f.col("export_name") == mapping.name) & (f.col("source_file") == file_name))
            )
            new = kept.unionByName(new)
        # Spark cannot overwrite a table it is reading: stage the result first.
        scratch = f"{EXPORT_SCHEMA}.responses__import"
        new.write.mode("overwrite").format("parquet").saveAsTable(scratch)
        mode = "overwrite" if replace else "append"
        spark.table(scratch).select(*EXPORT_COLUMNS).write.mode(mode).insertInto(EXPORT_TABLE)
        spark.sql(f"drop table {scratch}")
    return {"lines": len(out), "unparsed_times": int(out["responded_at_utc"].isna().sum())}

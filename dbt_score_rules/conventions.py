"""The conventions of this dbt project, checked by dbt-score on dbt's manifest.

dbt-score's own rules check descriptions, owners and macro docs; these add the rules that are
this project's (README "Development", the developers' guide): a primary-key test on every
model, governed public marts, owners that match the group, layer naming, `select * from final`
and the one KPI-mart shape.
"""

import re

from dbt_score import Model, RuleViolation, rule

KEY_TEST = "cx_unique_combination"  # the project's compound-key test (macros/tests)
LAYER_PREFIXES = {
    "staging": ("stg_", "base_"),
    "intermediate": ("int_",),
    "marts": ("fct_", "dim_", "kpi_", "drivers_", "pred_", "ml_", "worklist_"),
}
# Marts named for what they are, outside the prefixes: the audit table and MetricFlow's spine.
NAMED_MARTS = {"rejected_rows", "metricflow_time_spine"}
KPI_MART_SHAPE = ("cx_kpi_by_month_and_segment", "cx_kpi_change_and_targets")


def _layer(model: Model) -> str:
    parts = model.original_file_path.split("/")
    return parts[1] if len(parts) > 2 else ""


@rule
def has_primary_key_test(model: Model) -> RuleViolation | None:
    """Every model has a primary-key test: dbt's `unique` on its key column, or cx_unique_combination."""
    combos = [t.kwargs.get("combination_of_columns") or [] for t in model.tests if t.type == KEY_TEST]
    if any(len(columns) == 1 for columns in combos):
        return RuleViolation(f"{KEY_TEST} on one column: use dbt's built-in `unique` on that column.")
    if any(len(columns) > 1 for columns in combos):
        return None
    if any(t.type == "unique" for column in model.columns for t in column.tests):
        return None
    return RuleViolation(f"No primary-key test: add `unique` to the key column or a {KEY_TEST} test.")


@rule
def is_governed(model: Model) -> RuleViolation | None:
    """Staging and intermediate models are never public; public ones have a group and an enforced contract."""
    layer = _layer(model)
    if model.access == "public" and layer in ("staging", "intermediate"):
        return RuleViolation(f"A {layer} model must not be public.")
    if not model.group:
        return RuleViolation("No group: every model belongs to an owning group (models/_groups.yml).")
    if model.access == "public" and not (model.config.get("contract") or {}).get("enforced"):
        return RuleViolation("Public without an enforced contract.")
    return None


@rule
def owner_is_its_group(model: Model) -> RuleViolation | None:
    """The owner dbt-score reads (meta.owner) is the model's group, so the two never disagree."""
    owner = model.meta.get("owner")
    if owner and model.group and owner != model.group:
        return RuleViolation(f"meta.owner {owner!r} is not the model's group {model.group!r}.")
    return None


@rule
def name_follows_its_layer(model: Model) -> RuleViolation | None:
    """Model names carry their layer's prefix (stg_/base_, int_, fct_/dim_/kpi_/... for marts)."""
    prefixes = LAYER_PREFIXES.get(_layer(model))
    if prefixes is None or model.name.startswith(prefixes) or model.name in NAMED_MARTS:
        return None
    return RuleViolation(f"Name should start with one of {', '.join(prefixes)}.")


@rule
def ends_with_select_from_final(model: Model) -> RuleViolation | None:
    """A SQL model's last statement is `select * from final` (import CTEs first, one `final` CTE)."""
    if model.language != "sql":
        return None
    if not re.search(r"select \* from final\s*$", model.raw_code):
        return RuleViolation("The model should end with `select * from final`.")
    return None


@rule
def kpi_mart_has_the_one_shape(model: Model) -> RuleViolation | None:
    """A monthly KPI mart is keyed by kpi_month and segments and built by the KPI-mart macros."""
    if not (model.name.startswith("kpi_") and model.name.endswith("_monthly")):
        return None
    columns = {c.name for c in model.columns}
    missing = {"kpi_month", "segment_name", "segment_value"} - columns
    if missing:
        return RuleViolation(f"Missing key columns {', '.join(sorted(missing))}.")
    if KPI_MART_SHAPE[0] not in model.raw_code:
        return RuleViolation(f"Not built by {KPI_MART_SHAPE[0]} (macros/kpis).")
    if "kpi_targets" not in str(model.depends_on) and KPI_MART_SHAPE[1] not in model.raw_code:
        return None  # a mart without targets (the funnel) needs no change-and-targets tail
    if KPI_MART_SHAPE[1] not in model.raw_code:
        return RuleViolation(f"Has targets but not through {KPI_MART_SHAPE[1]} (macros/kpis).")
    return None

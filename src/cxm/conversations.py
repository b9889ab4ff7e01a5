"""A conversation export with reply-to links -> tickets and messages (DECISIONLOG.md#conversation-threads).

Input: one line per message with its id, the id it replies to (empty for a first message),
its author and its time (e.g. Twitter customer support: tweet_id, in_response_to_tweet_id,
author_id, created_at, inbound). The derive step adds, per message:
- `thread_id`: the id of the thread's first message, found by following reply-to links up
  to a message that replies to nothing in the file. One thread is one ticket.
- `message_role`: `customer` or `agent`. The rule: when the mapping names a column and a
  value (`customer_when: {column: inbound, equals: "True"}`), a message with that value is
  the customer's and every other message an agent's. Without it, the author of the thread's
  first message is the customer and any other author is an agent (the company answering).
- `event_type`: `message_in` (customer) or `message_out` (agent); `author_type` the role,
  `message_text` the text (empty on the added status changes).
- `answering_account`: the author of the thread's first agent message (the company account
  that answered), empty for a thread nobody answered.
- `is_thread_start`: "true" on the first message of a thread when it is the customer's (the
  ticket's line); a thread whose first message in the export is an agent's (the customer's
  opening message is not in the export) gets no ticket, and its messages are events of a
  ticket that was not exported, left out of the KPIs. `customer_author`: the thread's first author.
- `thread_status` and `thread_updated_at`: a thread whose last message is an agent's is
  `solved` at that message (the customer did not come back); otherwise it is `open`. A solved
  thread also gets one extra line, a `status_change` to `solved` at that time, with the id
  `<last message id>:solved`, so resolution time and first-contact resolution have their
  event as in a helpdesk export.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxm.timeparse import to_utc_text


def _root_of(ids: list[str], parents: dict[str, str | None]) -> dict[str, str]:
    roots: dict[str, str] = {}
    for start in ids:
        seen = [start]
        node = start
        while parents.get(node) and parents[node] in parents and parents[node] not in seen:
            node = str(parents[node])
            seen.append(node)
        roots[start] = node
    return roots


def derive_conversation(df: pd.DataFrame, spec: dict[str, Any], fmt: str, zone: str) -> pd.DataFrame:
    """The export with the derived columns above, plus one status_change line per solved thread."""
    need = {k: str(spec.get(k, k)) for k in ("id", "reply_to", "author", "created_at", "text")}
    missing = sorted(v for v in need.values() if v not in df.columns)
    if missing:
        raise ValueError(f"conversation: column(s) {missing} are not in the export")
    ids = df[need["id"]].map(lambda v: None if v is None else str(v).strip())
    if ids.isna().any() or ids.duplicated().any():
        raise ValueError("conversation: every message needs its own non-empty id")
    parents = dict(
        zip(ids, df[need["reply_to"]].map(lambda v: (str(v).strip() or None) if v else None), strict=True)
    )
    out = df.copy()
    out["thread_id"] = ids.map(_root_of(list(ids), parents))
    out["_utc"] = to_utc_text(df[need["created_at"]], fmt, zone)
    out["_order"] = out["_utc"].fillna("9999")
    out = out.sort_values(["thread_id", "_order", "_line"], kind="stable")
    author = out[need["author"]].astype(str).str.strip()
    when = spec.get("customer_when")
    if isinstance(when, dict) and "column" in when:
        is_customer = out[str(when["column"])].astype(str).str.strip() == str(when.get("equals", "True"))
    else:
        first_author = author.groupby(out["thread_id"]).transform("first")
        is_customer = author == first_author
    out["message_role"] = is_customer.map({True: "customer", False: "agent"})
    out["event_type"] = is_customer.map({True: "message_in", False: "message_out"})
    out["author_type"] = out["message_role"]
    out["message_text"] = out[need["text"]]
    out["author_name"] = author.where(~is_customer, None)
    out["answering_account"] = out["thread_id"].map(
        out.loc[~is_customer].groupby("thread_id")["author_name"].first()
    )
    last = out.groupby("thread_id").tail(1).set_index("thread_id")
    solved = last["message_role"] == "agent"
    out["thread_status"] = out["thread_id"].map(solved.map({True: "solved", False: "open"}))
    out["thread_updated_at"] = out["thread_id"].map(last[need["created_at"]])
    # a thread is a ticket when its first message is the customer's; a thread whose first
    # message in the export is an agent's lacks its opening message: its lines land as
    # events of a ticket that was not exported (left out of the service KPIs, like a
    # helpdesk event whose ticket is missing)
    is_root = ids.reindex(out.index) == out["thread_id"]
    out["is_thread_start"] = (is_root & is_customer).map({True: "true", False: "false"})
    out["customer_author"] = out["thread_id"].map(
        out.loc[is_root, ["thread_id"]].assign(a=author[is_root]).set_index("thread_id")["a"]
    )
    out["new_status"] = None
    closing = last[solved].reset_index()
    extra = out[out[need["id"]].isin(closing[need["id"]])].copy()
    extra[need["id"]] = extra[need["id"]].astype(str) + ":solved"
    extra["event_type"] = "status_change"
    extra["new_status"] = "solved"
    extra["is_thread_start"] = "false"
    extra["author_type"] = "system"
    extra["message_text"] = None
    return pd.concat([out, extra], ignore_index=True).drop(columns=["_utc", "_order"])

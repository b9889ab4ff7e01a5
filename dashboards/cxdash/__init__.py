"""The CX dashboards (Streamlit): pages over the governed marts, read-only."""

"""Pure file formats: the assessment CSV and the other downloads, the scorecard as HTML and PNG.

Bytes in, models out (and back). No streamlit, no database: a format only knows the
domain in `scoring`, so the CLI, the app and the tests read and write files the same way.
"""

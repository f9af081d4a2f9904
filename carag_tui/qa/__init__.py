"""Quality assurance: review and sign-off, queries per question, blind second assessment and
agreement between two assessors.

Below the front ends, above the case core: nothing here imports Textual or the report. The
review and the queries are plain top-level tables of the case file (`[review]`, `[queries]`),
so git and carag's merge driver merge them like notes; whether an approval still holds is
worked out from a digest of the answers and notes, never stored.
"""

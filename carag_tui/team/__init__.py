"""Teamwork in git: the merge driver, the review-like diff, answer history, sync, init, doctor.

Above `case/` and `guide/`, below the front ends; never imports Textual. The merge driver
(`merge.py`) imports only tomlkit and the standard library, as git starts it once per file.
"""

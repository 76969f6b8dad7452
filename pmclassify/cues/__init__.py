"""Stage 2, cues: the lexicons (one JSON file per label, in ``corpus/lexicons``) and what a
posting's title and body say of themselves — the role, specialization and rung they name, the
years asked. Read at prediction time by the answers and at training time by the labeling
functions.
"""

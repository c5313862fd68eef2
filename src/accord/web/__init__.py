"""The local web dashboard (``accord serve``): the corpus, articles with their extractions, scenarios with
live what-if analysis, comparisons, the timeline and stance tracking."""

"""Plans: the personalised self-care plan, its progression, the toolbox, exercises and articles."""

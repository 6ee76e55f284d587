"""Numbers and formulas as a learner reads them: text, Markdown, LaTeX; the post's findings."""

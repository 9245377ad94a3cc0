"""The printed log's content: what goes on paper, with no widgets."""

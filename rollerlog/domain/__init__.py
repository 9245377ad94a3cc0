"""The domain: body areas, vocabularies, plain entity values and the safety rules. Pure Python."""

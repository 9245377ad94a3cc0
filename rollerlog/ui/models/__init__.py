"""Qt table models over plain values from the core."""

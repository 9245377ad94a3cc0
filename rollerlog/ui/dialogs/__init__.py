"""Dialogs: sessions, rollers, discards, sterilizations, spots and procedures."""

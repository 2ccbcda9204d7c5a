"""Places: free-text place names to county-level divisions and the names of their basic courts.

``model`` holds the data types, ``names`` the word lists and special places read from ``bot/data``,
``index`` every way a place can be written, ``gazetteer`` the resolution of free text.
"""

from bot.places.gazetteer import MAX_NEAREST_KM, Gazetteer
from bot.places.model import Division, Level, PlaceQuery, Status

__all__ = ["MAX_NEAREST_KM", "Division", "Gazetteer", "Level", "PlaceQuery", "Status"]

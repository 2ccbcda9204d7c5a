"""Media already uploaded to a platform: sent again by its file id."""

from __future__ import annotations

from bot.store.base import Database


class MediaFiles(Database):
    def media_file_id(self, key: str) -> str | None:
        rows = self._rows("SELECT file_id FROM media_files WHERE key = ?", (key,))
        return str(rows[0]["file_id"]) if rows else None

    def remember_media(self, key: str, file_id: str) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO media_files (key, file_id, at) VALUES (?, ?, ?) ON CONFLICT (key) "
                       "DO UPDATE SET file_id = excluded.file_id, at = excluded.at", (key, file_id, self.clock()))

    def forget_media(self, key: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM media_files WHERE key = ?", (key,))

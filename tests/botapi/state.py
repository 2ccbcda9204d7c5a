"""The Telegram-like state behind the stand-in: chats, per-chat message ids, topics, files, sent messages."""

from __future__ import annotations

import copy
import mimetypes
import time
from typing import Any

from tests.botapi.core import _LOGGER, Core
from tests.botapi.wire import (
    _FILE_KINDS,
    DEFAULT_TOPIC_COLOR,
    GENERAL_TOPIC_ID,
    ApiError,
    JSONDict,
    StoredFile,
    _strip_reply,
)


class ChatState(Core):
    """FakeBotApi's bookkeeping of chats, messages, topics and files (the parts build on it)."""

    def add_user(
        self,
        user_id: int,
        first_name: str = "测试",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        is_bot: bool = False,
    ) -> JSONDict:
        """Register (or update) a user; returns the Telegram User dict."""
        user: JSONDict = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return dict(user)

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
        is_forum: bool | None = None,
    ) -> JSONDict:
        """Register (or update) a chat; ``chat_type`` is private, group, supergroup or channel."""
        if chat_type not in ("private", "group", "supergroup", "channel"):
            raise ValueError(f"bad chat_type {chat_type!r}")
        chat = self._chats.get(chat_id)
        if chat is None or chat["type"] != chat_type:
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = first_name or "测试"
            else:
                chat["title"] = title or ("运营组" if chat_type == "supergroup" else "测试群")
        if title is not None and chat_type != "private":
            chat["title"] = title
        if first_name is not None and chat_type == "private":
            chat["first_name"] = first_name
        if username is not None:
            chat["username"] = username
        if chat_type != "private" and chat_id not in self._last_message_id:
            # Message 1 of a group is its creation service message; topics never get id 1
            # (that is the General topic).
            self._last_message_id[chat_id] = 1
        if chat_type == "supergroup" and is_forum is not None:
            if is_forum:
                chat["is_forum"] = True
            else:
                chat.pop("is_forum", None)
        self._chats[chat_id] = chat
        return dict(chat)

    def add_forum(self, chat_id: int, title: str = "运营组") -> JSONDict:
        """Register a forum supergroup (operators' group with topics)."""
        return self.add_chat(chat_id, "supergroup", title=title, is_forum=True)

    @staticmethod
    def _infer_chat_type(chat_id: int) -> str:
        if chat_id > 0:
            return "private"
        return "supergroup" if chat_id <= -1_000_000_000_000 else "group"

    def _ensure_chat(self, chat_id: int) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = self._infer_chat_type(chat_id)
            first = f"用户{chat_id}" if kind == "private" else None
            chat = self.add_chat(chat_id, kind, first_name=first)
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    def _ensure_topic(self, chat_id: int, thread_id: int, *, creator: JSONDict, name: str | None = None) -> None:
        if (chat_id, thread_id) in self._topics:
            return
        topic_name = name or f"话题 {thread_id}"
        self._topics[(chat_id, thread_id)] = {
            "chat_id": chat_id,
            "message_thread_id": thread_id,
            "name": topic_name,
            "icon_color": DEFAULT_TOPIC_COLOR,
            "closed": False,
        }
        if (chat_id, thread_id) not in self._messages:
            self._messages[(chat_id, thread_id)] = {
                "message_id": thread_id,
                "from": creator,
                "chat": dict(self._chats[chat_id]),
                "date": int(time.time()),
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "forum_topic_created": {"name": topic_name, "icon_color": DEFAULT_TOPIC_COLOR},
            }
        self._last_message_id[chat_id] = max(self._last_message_id[chat_id], thread_id)

    def _new_message(
        self,
        chat_id: int,
        sender: JSONDict,
        content: JSONDict,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
        allow_missing: bool = False,
        inline_markup: JSONDict | None = None,
    ) -> JSONDict:
        """Create and store a message (validates the reply target before taking an id)."""
        chat = self._ensure_chat(chat_id)
        in_topic = bool(chat.get("is_forum")) and thread_id is not None and thread_id != GENERAL_TOPIC_ID
        reply_message: JSONDict | None = None
        if reply_to is not None:
            target = self._messages.get((chat_id, reply_to))
            if target is None or (chat_id, reply_to) in self._deleted:
                if not allow_missing:
                    raise ApiError(400, "Bad Request: message to be replied not found")
            else:
                reply_message = _strip_reply(target)
        elif in_topic and thread_id is not None and (chat_id, thread_id) in self._messages:
            reply_message = _strip_reply(self._messages[(chat_id, thread_id)])
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(sender),
            "chat": dict(chat),
            "date": int(time.time()),
        }
        if chat["type"] == "supergroup" and thread_id is not None and thread_id != GENERAL_TOPIC_ID:
            message["message_thread_id"] = thread_id
            if in_topic:
                message["is_topic_message"] = True
        if reply_message is not None:
            message["reply_to_message"] = reply_message
        message.update(copy.deepcopy(content))
        if inline_markup is not None:
            message["reply_markup"] = inline_markup
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _register_sent(self, message: JSONDict, method: str, raw_text: Any, markup: JSONDict | None) -> None:
        key = (message["chat"]["id"], message["message_id"])
        self._sent_order[key] = len(self._sent_keys)
        self._sent_keys.append(key)
        self._notify(key[0])
        self._sent_log.append(key)
        self._sent_meta[key] = {"method": method, "raw_text": raw_text, "reply_markup": copy.deepcopy(markup)}
        for listener in self._listeners:
            try:
                listener(copy.deepcopy(message))
            except Exception:  # a listener must never break the server
                _LOGGER.exception("on_sent listener failed")

    def _sent_view(self, key: tuple[int, int]) -> JSONDict:
        message = copy.deepcopy(self._messages[key])
        meta = self._sent_meta.get(key, {})
        message["method"] = meta.get("method")
        message["raw_text"] = meta.get("raw_text")
        if meta.get("reply_markup") is not None:
            message["reply_markup"] = copy.deepcopy(meta["reply_markup"])
        else:
            message.pop("reply_markup", None)
        message["deleted"] = key in self._deleted
        return message

    def sent_messages(
        self,
        chat_id: int | None = None,
        thread_id: int | None = None,
        *,
        include_deleted: bool = True,
    ) -> list[JSONDict]:
        """Messages the bot successfully sent, copied or forwarded, oldest first.

        Each is the Telegram Message dict in its current state (edits applied) plus ``method``
        (the API method that created it), ``raw_text`` (text/caption as sent, before parse_mode),
        ``reply_markup`` (whatever markup was sent, any keyboard type, as a dict) and ``deleted``.
        """
        result = []
        for key in self._sent_keys:
            if chat_id is not None and key[0] != chat_id:
                continue
            message = self._sent_view(key)
            if thread_id is not None and message.get("message_thread_id") != thread_id:
                continue
            if not include_deleted and message["deleted"]:
                continue
            result.append(message)
        return result

    def _touch_sent(self, key: tuple[int, int]) -> None:
        if key in self._sent_meta:
            self._sent_log.append(key)
            self._notify(key[0])

    def _store_file(
        self,
        kind: str,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        extra: JSONDict | None = None,
    ) -> StoredFile:
        prefix, directory, default_ext, default_mime = _FILE_KINDS[kind]
        self._file_counter += 1
        number = self._file_counter
        ext = default_ext
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        mime = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None) or default_mime
        stored = StoredFile(
            file_id=f"{prefix}{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            kind=kind,
            content=content,
            file_path=f"{directory}/file_{number}{ext}",
            file_name=file_name,
            mime_type=mime,
        )
        base: JSONDict = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(content)}
        if kind == "photo":
            self._file_counter += 1
            small = StoredFile(
                file_id=f"{prefix}{self._file_counter:06d}",
                file_unique_id=f"AgAD{self._file_counter:06d}",
                kind=kind,
                content=content,
                file_path=f"{directory}/file_{self._file_counter}{ext}",
                mime_type=mime,
            )
            sizes = [
                {
                    "file_id": small.file_id,
                    "file_unique_id": small.file_unique_id,
                    "file_size": len(content),
                    "width": 90,
                    "height": 68,
                },
                {**base, "width": 800, "height": 600},
            ]
            stored.media = small.media = sizes
            self._files[small.file_id] = small
        else:
            media = dict(base)
            if kind in ("document", "audio", "video", "animation") and file_name:
                media["file_name"] = file_name
            if kind not in ("sticker", "video_note") and mime:
                media["mime_type"] = mime
            media.update(extra or {})
            stored.media = media
        self._files[stored.file_id] = stored
        return stored

    def _delete_topic(self, chat_id: int, thread: int) -> None:
        """A topic and every message in it are gone."""
        del self._topics[(chat_id, thread)]
        for key, message in self._messages.items():
            if key[0] == chat_id and message.get("message_thread_id") == thread:
                self._deleted.add(key)

"""What simulated users do: register, write, press buttons, send files, close or delete topics."""

from __future__ import annotations

import copy
import time
from typing import Any

from tests.botapi.state import ChatState
from tests.botapi.wire import GENERAL_TOPIC_ID, ApiError, JSONDict, _strip_reply, _u16, detect_entities


class Users(ChatState):
    """FakeBotApi's side of the users (a mixin: the state lives in FakeBotApi)."""

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (``update_id`` is assigned when missing); returns it."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        self._pending.append(update)
        self._wake_pollers()
        return copy.deepcopy(update)

    def push_text(self, chat_id: int, text: str, *, entities: list[JSONDict] | None = None, **opts: Any) -> JSONDict:
        """A user sends ``text`` (bot commands and URLs get entities, as Telegram does); ``opts`` as `_push_message`."""
        content: JSONDict = {"text": text}
        found = entities if entities is not None else detect_entities(text)
        if found:
            content["entities"] = found
        return self._push_message(chat_id, content, **opts)

    def push_command(
        self, chat_id: int, command: str, args: str = "", *, mention: bool = False, **opts: Any
    ) -> JSONDict:
        """A user sends ``/command args`` (``mention=True`` appends ``@botusername``)."""
        name = command if command.startswith("/") else f"/{command}"
        if mention:
            name = f"{name}@{self.bot_user['username']}"
        text = f"{name} {args}".rstrip() if args else name
        entities = [{"type": "bot_command", "offset": 0, "length": _u16(name)}]
        return self.push_text(chat_id, text, entities=entities, **opts)

    def push_edited_text(self, chat_id: int, message_id: int, text: str) -> JSONDict:
        """The user edits an earlier message; queues an ``edited_message`` update."""
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        stored["text"] = text
        stored["edit_date"] = int(time.time())
        found = detect_entities(text)
        if found:
            stored["entities"] = found
        else:
            stored.pop("entities", None)
        return self.push_update({"edited_message": stored})

    def push_callback(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int | None = None,
        user_id: int | None = None,
        first_name: str = "测试",
    ) -> JSONDict:
        """A user presses an inline button.

        ``message`` is the stored message ``message_id`` (default: the latest bot message in the chat
        whose keyboard has this callback data, else the latest bot message).
        """
        if message_id is None:
            message_id = self._find_keyboard_message(chat_id, data)
        stored = self._messages.get((chat_id, message_id)) if message_id is not None else None
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, self._infer_chat_type(chat_id))
        uid = user_id if user_id is not None else (chat_id if chat["type"] == "private" else 1000)
        user = self._user_for(uid, first_name, None, None)
        self._callback_counter += 1
        query_id = f"{4_000_000_000_000 + self._callback_counter}"
        message: JSONDict
        if stored is not None and (chat_id, message_id) not in self._deleted:
            message = copy.deepcopy(stored)
        else:
            message = {"chat": dict(chat), "message_id": message_id or 0, "date": 0}
        query = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": str(-(abs(chat_id) * 7919 % 10**18) or -1),
            "data": data,
        }
        self._callbacks[query_id] = query
        return self.push_update({"callback_query": query})

    def push_voice(self, chat_id: int, *, duration: int = 3, content: bytes | None = None, **opts: Any) -> JSONDict:
        """A user sends a voice note (OGG/Opus)."""
        return self._push_media(chat_id, "voice", content or b"OggS\x00fake-voice", {"duration": duration}, **opts)

    def push_sticker(self, chat_id: int, *, emoji: str = "👍", **opts: Any) -> JSONDict:
        """A user sends a sticker."""
        extra = {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_media(chat_id, "sticker", b"RIFFfake-webp", extra, **opts)

    def push_photo(
        self, chat_id: int, *, content: bytes | None = None, caption: str | None = None, **opts: Any
    ) -> JSONDict:
        """A user sends a photo (two sizes, like Telegram)."""
        return self._push_media(chat_id, "photo", content or b"\xff\xd8\xff\xe0fake-jpeg", {}, caption=caption, **opts)

    def push_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        """A user sends a file."""
        return self._push_media(
            chat_id, "document", content, {}, file_name=file_name, mime_type=mime_type, caption=caption, **opts
        )

    def push_location(self, chat_id: int, lat: float, lon: float, **opts: Any) -> JSONDict:
        """A user shares a location."""
        return self._push_message(chat_id, {"location": {"latitude": lat, "longitude": lon}}, **opts)

    def push_pinned(self, chat_id: int, message_id: int, *, inaccessible: bool = False, **opts: Any) -> JSONDict:
        """Someone pins message ``message_id``; ``inaccessible`` as Telegram sends a message the bot cannot see
        (e.g. posted before the bot joined): only chat, id and ``date`` 0."""
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, opts.get("chat_type", "private"))
        stored = self._messages.get((chat_id, message_id))
        if inaccessible or stored is None:
            pinned: JSONDict = {"chat": dict(chat), "message_id": message_id, "date": 0}
        else:
            pinned = _strip_reply(stored)
        return self._push_message(chat_id, {"pinned_message": pinned}, **opts)

    def close_topic_by(self, chat_id: int, thread_id: int, user_id: int, first_name: str = "测试") -> JSONDict:
        """A member closes a topic in Telegram's own interface: the topic closes, a service update arrives."""
        self._topics[(chat_id, thread_id)]["closed"] = True
        return self._push_message(chat_id, {"forum_topic_closed": {}}, user_id=user_id, chat_type="supergroup",
                                  first_name=first_name, thread_id=thread_id)

    def delete_topic_by_user(self, chat_id: int, thread_id: int) -> None:
        """A member deletes a topic and everything in it (Telegram sends the bot no update for that)."""
        self._delete_topic(chat_id, thread_id)

    def delete_user_message(self, chat_id: int, message_id: int) -> None:
        """A user deletes one of their messages (no update for the bot, as in private chats)."""
        if (chat_id, message_id) not in self._messages:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        self._deleted.add((chat_id, message_id))

    def _push_media(
        self,
        chat_id: int,
        kind: str,
        content: bytes,
        extra: JSONDict,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        stored = self._store_file(kind, content, file_name=file_name, mime_type=mime_type, extra=extra)
        message: JSONDict = {kind: copy.deepcopy(stored.media)}
        if caption:
            message["caption"] = caption
            found = detect_entities(caption)
            if found:
                message["caption_entities"] = found
        return self._push_message(chat_id, message, **opts)

    def _push_message(
        self,
        chat_id: int,
        content: JSONDict,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "测试",
        thread_id: int | None = None,
        reply_to_message_id: int | None = None,
        is_forum: bool | None = None,
        title: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        forward_origin: JSONDict | None = None,
    ) -> JSONDict:
        if forward_origin is not None:   # a forwarded message: Telegram names who wrote it first
            content = {**content, "forward_origin": {"date": int(time.time()), **forward_origin}}
        if chat_type == "private":
            chat = self.add_chat(chat_id, "private", first_name=first_name, username=username)
        else:
            chat = self.add_chat(chat_id, chat_type, title=title, is_forum=is_forum)
        uid = user_id if user_id is not None else (chat_id if chat_type == "private" else 1000)
        user = self._user_for(uid, first_name, username, language_code)
        if thread_id is not None and chat.get("is_forum") and thread_id != GENERAL_TOPIC_ID:
            self._ensure_topic(chat_id, thread_id, creator=user)
        try:
            message = self._new_message(
                chat_id, user, content, thread_id=thread_id, reply_to=reply_to_message_id, allow_missing=False
            )
        except ApiError as exc:
            raise ValueError(f"cannot push message: {exc.description}") from None
        return self.push_update({"message": message})

    def _user_for(
        self, user_id: int, first_name: str | None, username: str | None, language_code: str | None
    ) -> JSONDict:
        existing = self._users.get(user_id)
        if existing is not None and first_name is None:
            return dict(existing)
        known = existing or {}
        return self.add_user(
            user_id,
            first_name or known.get("first_name", "测试"),
            username=username or known.get("username"),
            language_code=language_code or known.get("language_code") or "zh-hans",
        )

    def _find_keyboard_message(self, chat_id: int, data: str) -> int | None:
        latest: int | None = None
        mids = sorted((mid for (cid, mid) in self._messages if cid == chat_id), reverse=True)
        for mid in mids:
            message = self._messages[(chat_id, mid)]
            if message.get("from", {}).get("id") != self.bot_id:
                continue
            if latest is None:
                latest = mid
            rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
            if any(button.get("callback_data") == data for row in rows for button in row):
                return mid
        return latest

"""The Bot API methods the bot calls, answered as Telegram does (errors included)."""

from __future__ import annotations

import copy
import re
from typing import Any

from tests.botapi.state import ChatState
from tests.botapi.wire import (
    _CONTENT_KEYS,
    _INLINE_BUTTON_ACTIONS,
    DEFAULT_TOPIC_COLOR,
    GENERAL_TOPIC_ID,
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    ApiError,
    JSONDict,
    StoredFile,
    UploadedFile,
    _as_int,
    _opt_int,
)


class Methods(ChatState):
    """FakeBotApi's ``_api_<method>`` handlers and their checks (a mixin: the state lives in FakeBotApi).

    Only what the bot (and `wuai bench --e2e`'s echo bot) calls; any other method is answered 404 like an
    unknown one, so a new call in the bot shows up as an error in the tests, not as silent success.
    """

    def _chat(self, params: JSONDict, key: str = "chat_id") -> int:
        """Resolve and check a chat parameter (blocked -> 403, unreachable -> 400)."""
        value = params.get(key)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {key} is empty")
        chat_id: int | None
        if isinstance(value, int) and not isinstance(value, bool):
            chat_id = value
        elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            chat_id = int(value)
        elif isinstance(value, str) and value.startswith("@"):
            chat_id = next((cid for cid, chat in self._chats.items() if chat.get("username") == value[1:]), None)
        else:
            chat_id = None
        if chat_id is None or chat_id in self._unreachable:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, self._blocked[chat_id])
        return chat_id

    def _thread(self, chat_id: int, params: JSONDict) -> int | None:
        thread = _opt_int(params.get("message_thread_id"), "message_thread_id")
        if thread is None:
            return None
        chat = self._ensure_chat(chat_id)
        if chat["type"] != "supergroup":
            return None
        if chat.get("is_forum") and thread != GENERAL_TOPIC_ID and (chat_id, thread) not in self._topics:
            raise ApiError(400, "Bad Request: message thread not found")
        return thread

    @staticmethod
    def _reply_target(params: JSONDict, chat_id: int) -> tuple[int | None, bool]:
        """(message id replied to in this chat, allow_sending_without_reply)."""
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and reply.get("chat_id") not in (None, chat_id, str(chat_id)):
            return None, True  # cross-chat reply: not modelled, accepted without a reply_to_message
        if isinstance(reply, dict) and reply.get("message_id") is not None:
            return _as_int(reply["message_id"], "reply message identifier"), bool(
                reply.get("allow_sending_without_reply")
            )
        if params.get("reply_to_message_id") is not None:
            return _as_int(params["reply_to_message_id"], "reply message identifier"), bool(
                params.get("allow_sending_without_reply")
            )
        return None, False

    @staticmethod
    def _markup(params: JSONDict) -> tuple[JSONDict | None, JSONDict | None]:
        """(markup as sent, inline markup to embed in the Message) with Telegram's validation."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None, None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return markup, None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(400, "Bad Request: can't parse inline keyboard markup JSON object")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text must be non-empty")
                if not _INLINE_BUTTON_ACTIONS & button.keys():
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard",
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup, markup

    @staticmethod
    def _render(
        raw: Any,
        parse_mode: Any,
        entities: Any,
        *,
        caption: bool,
    ) -> tuple[str | None, list[JSONDict]]:
        """Check text like Telegram; returns (plain text, entities as sent)."""
        if raw is None or raw == "":
            if caption:
                return None, []
            raise ApiError(400, "Bad Request: message text is empty")
        source = str(raw)
        if isinstance(entities, list) and entities:
            text, found = source, list(entities)
        elif parse_mode:   # the bot sends plain text: formatting would need Telegram's entity parsers here
            raise ApiError(400, f"Bad Request: parse_mode {parse_mode} is not supported by the stand-in")
        else:
            text, found = source, []
        if not text.strip():
            if caption:
                return None, []
            raise ApiError(400, "Bad Request: message text is empty")
        if caption and len(text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        if not caption and len(text) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return text, found

    def _caption_content(self, params: JSONDict) -> JSONDict:
        caption, entities = self._render(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        content: JSONDict = {}
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return content

    def _stored_message(self, chat_id: int, params: JSONDict, missing: str) -> tuple[tuple[int, int], JSONDict]:
        message_id = params.get("message_id")
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (chat_id, _as_int(message_id, "message identifier"))
        stored = self._messages.get(key)
        if stored is None or key in self._deleted:
            raise ApiError(400, f"Bad Request: {missing}")
        return key, stored

    def _input_file(self, value: Any, kind: str, params: JSONDict) -> StoredFile:
        if isinstance(value, UploadedFile):
            extra: JSONDict = {}
            if kind in ("voice", "audio", "video", "video_note", "animation"):
                extra["duration"] = _opt_int(params.get("duration"), "duration") or 1
            if kind in ("video", "animation"):
                extra["width"] = _opt_int(params.get("width"), "width") or 640
                extra["height"] = _opt_int(params.get("height"), "height") or 360
            if kind == "video_note":
                extra["length"] = _opt_int(params.get("length"), "length") or 240
            if kind == "sticker":
                extra.update({"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False})
            if kind == "audio":
                for key in ("title", "performer"):
                    if params.get(key):
                        extra[key] = params[key]
            name = value.filename if kind in ("document", "audio", "video", "animation") else None
            mime = value.content_type if value.content_type != "application/octet-stream" else None
            return self._store_file(kind, value.content, file_name=name, mime_type=mime, extra=extra)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _send(
        self,
        method: str,
        params: JSONDict,
        chat_id: int,
        content: JSONDict,
        raw_text: Any,
        *,
        thread: int | None = None,
        validated_markup: tuple[JSONDict | None, JSONDict | None] | None = None,
    ) -> JSONDict:
        markup, inline = validated_markup if validated_markup is not None else self._markup(params)
        reply_to, allow_missing = self._reply_target(params, chat_id)
        message = self._new_message(
            chat_id,
            self.bot_user,
            content,
            thread_id=thread,
            reply_to=reply_to,
            allow_missing=allow_missing,
            inline_markup=inline,
        )
        self._register_sent(message, method, raw_text, markup)
        return message

    def _api_getMe(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_setMyCommands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def _api_sendMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        text, entities = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), caption=False
        )
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        return self._send("sendMessage", params, chat_id, content, params.get("text"), thread=thread)

    def _send_media(self, method: str, kind: str, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        content = {} if kind in ("sticker", "video_note") else self._caption_content(params)
        markup = self._markup(params)
        stored = self._input_file(params.get(kind), kind, params)
        content[kind] = copy.deepcopy(stored.media)
        return self._send(
            method, params, chat_id, content, params.get("caption"), thread=thread, validated_markup=markup
        )

    def _api_sendDocument(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendDocument", "document", params)

    def _api_sendPhoto(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendPhoto", "photo", params)

    def _api_sendVideo(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendVideo", "video", params)

    def _copy_content(self, source: JSONDict, params: JSONDict) -> JSONDict:
        content = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        if not content:
            raise ApiError(400, "Bad Request: message can't be copied")
        if "caption" in params and "text" not in content:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption_content(params))
        return content

    def _api_copyMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        from_chat = self._chat(params, "from_chat_id")
        thread = self._thread(chat_id, params)
        _key, source = self._stored_message(from_chat, params, "message to copy not found")
        content = self._copy_content(source, params)
        raw = content.get("text") if "text" in content else params.get("caption", content.get("caption"))
        message = self._send("copyMessage", params, chat_id, content, raw, thread=thread)
        return {"message_id": message["message_id"]}

    def _api_answerCallbackQuery(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callbacks or query_id in self._answered_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._answered_callbacks.add(query_id)
        return True

    def _forum(self, params: JSONDict) -> int:
        chat_id = self._chat(params)
        if chat_id not in self._chats and chat_id <= -1_000_000_000_000:
            self.add_forum(chat_id)
        chat = self._ensure_chat(chat_id)
        if chat["type"] != "supergroup" or not chat.get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        return chat_id

    def _topic(self, params: JSONDict) -> tuple[int, JSONDict]:
        chat_id = self._forum(params)
        thread = _opt_int(params.get("message_thread_id"), "message_thread_id")
        topic = self._topics.get((chat_id, thread)) if thread is not None else None
        if topic is None:
            raise ApiError(400, "Bad Request: message thread not found")
        return chat_id, topic

    def _topic_service_message(self, chat_id: int, thread_id: int, content: JSONDict) -> None:
        self._new_message(chat_id, self.bot_user, content, thread_id=thread_id)

    def _api_createForumTopic(self, params: JSONDict) -> JSONDict:
        chat_id = self._forum(params)
        name = str(params.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_TITLE_EMPTY" if not name else "Bad Request: TOPIC_TITLE_INVALID")
        color = _opt_int(params.get("icon_color"), "icon_color") or DEFAULT_TOPIC_COLOR
        created: JSONDict = {"name": name, "icon_color": color}
        if params.get("icon_custom_emoji_id"):
            created["icon_custom_emoji_id"] = str(params["icon_custom_emoji_id"])
        message = self._new_message(chat_id, self.bot_user, {"forum_topic_created": created})
        thread_id = message["message_id"]
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
        self._topics[(chat_id, thread_id)] = {
            "chat_id": chat_id,
            "message_thread_id": thread_id,
            **created,
            "closed": False,
        }
        return {"message_thread_id": thread_id, **created}

    def _api_editForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        changes: JSONDict = {}
        if params.get("name") and params["name"] != topic["name"]:
            changes["name"] = str(params["name"])
        emoji = params.get("icon_custom_emoji_id")
        if emoji is not None and emoji != topic.get("icon_custom_emoji_id", ""):
            changes["icon_custom_emoji_id"] = str(emoji)
        if not changes:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.update(changes)
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_edited": changes})
        return True

    def _api_closeForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        if topic["closed"]:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = True
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_closed": {}})
        return True

    def _api_reopenForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        if not topic["closed"]:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = False
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_reopened": {}})
        return True

    def _api_deleteForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        self._delete_topic(chat_id, topic["message_thread_id"])
        return True

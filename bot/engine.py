"""The dialogue engine: one Incoming in, a list of Replies out. Every channel drives this."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from bot import replies, texts
from bot.answering import INTENT_FLOWS, Answering
from bot.config import Config
from bot.dates import china_today
from bot.deadlines import DEADLINES_DIR, DeadlineBook
from bot.flows import Ctx, Flow, asked_between, checklist, court, deadline
from bot.followups import remember_topic
from bot.forms import flow as complaint
from bot.handoff import Desk
from bot.handoff_dialogue import HandoffDialogue
from bot.intents import COMMAND_BUTTONS, IntentSet
from bot.library import IntentLibrary
from bot.limits import FloodLimiter
from bot.messages import Button, Incoming, Reply, Turn, command, rows
from bot.normalize import normalize
from bot.protocol import (
    COMMANDS,
    Action,
    Command,
    ExplainTerms,
    FlowChoice,
    Forget,
    Forgotten,
    HandoffButton,
    MainMenu,
    NoneOfThese,
    Reopen,
    RunCommand,
    ShowIntent,
    ShowMore,
    help_commands,
)
from bot.session import Session
from bot.store import Store

if TYPE_CHECKING:
    from bot.places import Gazetteer

NOT_TEXT_KINDS = {"voice", "video_note", "audio", "sticker", "video", "contact", "other"}
FILE_KINDS = {"photo", "document"}
FLOWS: dict[str, Flow] = {court.FLOW.name: court.FLOW, checklist.FLOW.name: checklist.FLOW,
                          deadline.FLOW.name: deadline.FLOW, complaint.FLOW.name: complaint.FLOW}
HELP = f"{texts.HELP}\n3. {help_commands()}"
CommandHandler = Callable[["Engine", Session, Incoming, Command, str, float], list[Reply]]


class Engine:
    """Routes each message: limits, handoff, commands, buttons, flows, then the matcher."""

    def __init__(self, library: IntentLibrary, store: Store, config: Config,
                 gazetteer: Gazetteer | None = None, clock: Callable[[], float] = time.time,
                 flood_limit: bool = True) -> None:
        self.library, self.store, self.config, self.gazetteer, self.clock = library, store, config, gazetteer, clock
        self.desk = Desk(store, config.handoff, clock)
        self.handoff = HandoffDialogue(self.desk, library, self._route_bot)
        limits = config.limits
        self.flood = FloodLimiter(limits.flood_messages, limits.flood_seconds) if flood_limit else None
        folder = config.intents_dir / DEADLINES_DIR   # without it the calculator hands over to a person
        self.deadlines = DeadlineBook(folder) if folder.is_dir() else None
        self.answering = Answering(library, store, config, gazetteer, self._start_flow,
                                   lambda s: self.handoff.start(s, None))

    @property
    def intents(self) -> IntentSet:
        return self.library.matcher.intents

    # entry point --------------------------------------------------------------------------------
    def handle(self, msg: Incoming) -> list[Reply]:
        """Answer one message; state is loaded from and saved to the store around it."""
        return self.turn(msg).replies

    def turn(self, msg: Incoming) -> Turn:
        """Answer one message and say what was answered; the session is loaded and saved around it."""
        now = self.clock()
        limit = self.config.limits.max_message_chars
        if len(msg.text) > limit:
            return Turn([Reply(texts.TOO_LONG.format(limit=limit))])
        verdict = self.flood.check(msg.user_id, now) if self.flood else "ok"
        if verdict != "ok" and self.desk.active(msg.user_id) is None:   # a handoff message is never dropped
            self.store.log(msg.user_id, "in", msg.text or f"[{msg.kind}]")
            return Turn([Reply(texts.SLOW_DOWN)] if verdict == "warn" else [])
        # One transaction per message: state, transcript, tickets and relays change together or not at all.
        with self.store.tx():
            session = self.store.load_session(msg.user_id)
            self.store.log(msg.user_id, "in",
                           f"{texts.BUTTON_MARK} {msg.text}" if msg.payload else (msg.text or f"[{msg.kind}]"))
            turn = Turn.of(self._route(session, msg, now))
            if session.user_id:  # cleared by /forget: nothing more may be written for this user
                self.store.save_session(session)
                for n, reply in enumerate(r for r in turn.replies if r.text):   # the answer, for the operators' card
                    self.store.log(msg.user_id, "out", reply.text[:300], turn.answered if n == 0 else "")
        return turn

    def _route(self, s: Session, msg: Incoming, now: float) -> list[Reply]:
        ticket = self.desk.active(s.user_id)
        if ticket is not None:
            return self.handoff.during(s, msg, ticket, now)
        return self._route_bot(s, msg, self._command(msg), now)

    def _route_bot(self, s: Session, msg: Incoming, command: str, now: float) -> list[Reply]:
        """The bot's own answer: commands, buttons, flows, then the matcher."""
        if command:
            return self._run_command(s, msg, command, now)
        if msg.payload:
            return self._button(s, msg, now)
        if msg.kind in NOT_TEXT_KINDS:
            return [Reply(texts.NOT_TEXT, rows([replies.HUMAN], 1))]
        if msg.kind in FILE_KINDS and msg.attachment is not None:
            s.files.append({"kind": msg.attachment.kind, "file_id": msg.attachment.file_id, "ref": msg.ref,
                            "name": msg.attachment.file_name})
            s.files = s.files[-10:]
            if not msg.text:
                kept = texts.PHOTO_KEPT if msg.attachment.kind == "photo" else texts.FILE_KEPT
                return [Reply(kept, rows([replies.HUMAN], 1))]
        prefix: list[Reply] = []
        if s.flow and now - s.flow_at > self.config.flow_timeout_minutes * 60:
            s.leave_flow()
            prefix.append(Reply(texts.FLOW_EXPIRED))
        if s.flow:
            return self._flow_input(s, msg, value=msg.text, pressed=False, now=now)
        if msg.kind == "location":
            return [Reply(texts.LOCATION_RECEIVED, rows([Button(COMMAND_BUTTONS["/court"], RunCommand("/court"))], 1))]
        entry = self.intents.glossary.lookup(msg.text)   # "什么是管辖": the word, not a topic
        if entry is not None and not self.intents.glossary.claimed(entry):
            if entry.intent and self.intents.get(entry.intent) is not None:   # 诉前调解是什么, then 收费吗
                s.last_intent, s.last_at = entry.intent, now
                remember_topic(s, entry.intent, s.topics)
            return prefix + replies.define(self.intents, entry)
        return prefix + self.answering.ask(s, msg.text, now)

    # commands -----------------------------------------------------------------------------------
    @staticmethod
    def _command(msg: Incoming) -> str:
        """A /command, or a one-word 取消/重新开始 (which means /cancel only outside a handoff)."""
        return command(msg) or ("/cancel" if normalize(msg.text.strip()) in texts.RESTART_WORDS else "")

    def _run_command(self, s: Session, msg: Incoming, command: str, now: float) -> list[Reply]:
        name, _, arg = command.partition(" ")   # a button may carry an argument: `/deadline appeal_judgment`
        spec = COMMANDS.get(name)
        if spec is None:
            return [Reply(f"{texts.UNKNOWN_COMMAND}\n{HELP}")]
        return self.COMMAND_HANDLERS[spec.handler](self, s, msg, spec, arg, now)

    def _start(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        s.leave_flow()
        s.options, s.fallbacks, s.misses = [], 0, 0
        out = [Reply(f"{texts.WELCOME}\n\n{texts.PRIVACY}"), replies.menu(self.intents)]
        offer = self.handoff.offer_for(s.user_id)
        return [*out, offer] if offer else out

    def _help(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        return [Reply(HELP), replies.menu(self.intents)]

    def _cancel(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        s.leave_flow()
        s.options, s.misses = [], 0
        return [replies.menu(self.intents, texts.CANCELLED)]

    def _command_flow(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        arg = arg or (msg.text.strip().partition(" ")[2] if msg.text.startswith("/") else "")
        return self._start_flow(s, spec.flow, now, arg)

    def _human(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        return self.handoff.start(s, msg)

    def _ask_forget(self, s: Session, msg: Incoming, spec: Command, arg: str, now: float) -> list[Reply]:
        return [self._forget_question(s, now)]

    @staticmethod
    def _forget_question(s: Session, now: float, before: str = "") -> Reply:
        s.forget_asked = now
        return Reply(before + texts.FORGET_CONFIRM, rows([Button(texts.FORGET_YES, Forget(True)),
                                                          Button(texts.NO_THANKS, Forget(False))], 2))

    # What each registered command's `handler` names (bot/protocol.py's COMMANDS).
    COMMAND_HANDLERS: ClassVar[dict[str, CommandHandler]] = {
        "start": _start, "help": _help, "cancel": _cancel, "flow": _command_flow, "human": _human,
        "forget": _ask_forget}

    # buttons ------------------------------------------------------------------------------------
    def _button(self, s: Session, msg: Incoming, now: float) -> list[Reply]:
        intents = self.intents
        match msg.pressed:
            case ShowIntent(intent_id) if (intent := intents.get(intent_id)) is not None:
                # A flow picked among "您是想问" starts from the question's words (its date, its period).
                question = s.clarified if intent_id in s.options and intent_id in INTENT_FLOWS else None
                s.options = []
                return self.answering.answer(s, intent, now, question)
            case ShowMore(intent_id) if (intent := intents.get(intent_id)) is not None:
                return replies.more(intents, intent)
            case ExplainTerms(intent_id) if (intent := intents.get(intent_id)) is not None:
                return replies.explain_terms(intents, intent)
            case NoneOfThese() if s.options:
                return self._none_of_these(s)
            case FlowChoice(flow, step, choice) if (s.flow == flow and s.step == step and
                                                    now - s.flow_at <= self.config.flow_timeout_minutes * 60):
                return self._flow_input(s, msg, value=choice, pressed=True, now=now)
            case HandoffButton() | Reopen() as pressed:
                return self.handoff.button(s, msg, pressed)
            case Forget(confirmed):
                asked, s.forget_asked = s.forget_asked, 0.0
                if not confirmed:
                    return [Reply(texts.NO_PROBLEM)]
                # Only the answer to a question just asked deletes: an old button is asked again.
                if now - asked > self.config.flow_timeout_minutes * 60:
                    return [self._forget_question(s, now, f"{texts.FORGET_EXPIRED}\n")]
                return self._forget(s)
            case MainMenu():
                return [replies.menu(self.intents)]
        return [replies.menu(self.intents, texts.STALE_BUTTON)]

    # flows --------------------------------------------------------------------------------------
    def _start_flow(self, s: Session, name: str, now: float, arg: str = "") -> list[Reply]:
        flow = FLOWS[name]
        s.flow, s.step, s.data, s.flow_at = name, flow.first, {}, now
        s.options = []
        ctx = self._ctx(s, Incoming(s.user_id, text=arg), arg, False, now)
        if flow.entry is not None and (started := flow.entry(ctx)) is not None:
            return started
        return [flow.prompt(ctx)]

    def _ctx(self, s: Session, msg: Incoming, value: str, pressed: bool, now: float) -> Ctx:
        return Ctx(s, msg, value.strip(), pressed, self.gazetteer, today=china_today(now), deadlines=self.deadlines,
                   forms=self.library.forms, now=now, retention_days=self.config.privacy.retention_days,
                   texts=self.library.flow_texts, intents=self.intents)

    def _flow_input(self, s: Session, msg: Incoming, value: str, pressed: bool, now: float) -> list[Reply]:
        flow = FLOWS.get(s.flow)
        if flow is None or s.step not in flow.steps:
            s.leave_flow()
            return self.answering.ask(s, msg.text, now) if msg.text else [replies.menu(self.intents)]
        s.flow_at = now
        ctx = self._ctx(s, msg, value, pressed, now)
        if not pressed and msg.text and (asked := self._asked_between(s, flow, ctx, now)):
            return asked
        out = flow.steps[s.step](ctx)
        if out is not None:
            return out
        if not s.flow:   # the step ended the flow (the checklist was given): what was typed is a new message
            return self._route_bot(s, msg, "", now)
        if not pressed and msg.text:
            result = self.library.matcher.match(msg.text)
            if result.decision == "answer" and result.intent is not None:
                s.leave_flow()
                return self.answering.answer(s, result.intent, now, msg.text)
            if self.answering.follows_up(s, msg.text, now):   # `多少钱` typed in the court finder: the topic's fees
                s.leave_flow()
                return self.answering.ask(s, msg.text, now)
        if pressed:
            return [replies.menu(self.intents, texts.STALE_BUTTON)]
        return flow.retry(ctx)

    def _asked_between(self, s: Session, flow: Flow, ctx: Ctx, now: float) -> list[Reply]:
        """A clear question (or danger) typed between a long flow's questions: answered, then the step asked again."""
        again = flow.between(ctx) if flow.between is not None else None
        intent = asked_between(self.intents, self.library.matcher, ctx.msg.text) if again else None
        if intent is None or intent.id in INTENT_FLOWS or intent.id.startswith("handoff."):
            return []
        return [*self.answering.answer(s, intent, now, ctx.msg.text), *(again or [])]

    def _none_of_these(self, s: Session) -> list[Reply]:
        s.options = []
        s.misses += 1
        if s.misses >= 2:
            return [replies.offer_human(texts.FALLBACK_AGAIN)]
        return [Reply(texts.REPHRASE)]

    def _forget(self, s: Session) -> list[Reply]:
        closed = self.handoff.forget(s.user_id)   # closes an open ticket: the channel tells its operators
        self.store.forget(s.user_id)
        actions: tuple[Action, ...] = (*closed, Forgotten(s.user_id))   # channels drop what they keep too
        s.user_id = ""
        return [Reply(texts.FORGET_DONE, actions=actions)]

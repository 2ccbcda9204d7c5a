"""jieba's tokenizer with its route search as a plain loop: the same cuts in less time."""

from __future__ import annotations

from math import inf, log

from bot.jiebacache import jieba

finalseg, re_han_default, re_skip_default = jieba.finalseg, jieba.re_han_default, jieba.re_skip_default
_LAST_CHAR = 0x9FFF   # the one-character table's last code point (jieba's blocks: ASCII and 一 to 鿕)
_UNSEEN, _PREFIX = object(), object()   # in that table: not looked up yet; only the start of longer words


def _looked_up(freq: dict[str, int], char: str, logtotal: float) -> object:
    """What `_ends` needs of a character: None when not in the dictionary, _PREFIX when only longer words start
    with it, else its score as a word."""
    f = freq.get(char)
    return None if f is None else (log(f) - logtotal if f else _PREFIX)


class Segmenter(jieba.Tokenizer):  # type: ignore[misc]   # jieba ships no type hints
    """A jieba.Tokenizer whose `calc` (the most likely path through the word graph) is a plain loop, and whose
    `words` cuts as `cut(text, HMM=True)` does with the word graph and the route found in one pass.

    jieba takes `max()` over a generator at each character; the loop makes the same comparisons without
    the generator. No two options tie (each carries its own end index), so the path is jieba's.
    """

    def calc(self, sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        freq = self.FREQ
        for idx in range(n - 1, -1, -1):
            best = (-inf, -1)
            for x in dag[idx]:
                option = (log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                if option > best:
                    best = option
            route[idx] = best

    def words(self, text: str) -> list[str]:
        """`list(self.cut(text, HMM=True))`, the same words, found faster."""
        out: list[str] = []
        if re_han_default.fullmatch(text):   # the common case: one block, nothing to split off
            self._cut_block(text, out)
            return out
        for block in re_han_default.split(text):
            if not block:
                continue
            if re_han_default.match(block):
                self._cut_block(block, out)
                continue
            for piece in re_skip_default.split(block):
                if re_skip_default.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
        return out

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._chars: list[object] = []   # see `_char_table`
        self._chars_key: tuple[int, int] = (0, 0)

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._chars = []   # a one-character word may have changed

    def _char_table(self) -> list[object]:
        """Per code point up to _LAST_CHAR: the character as `_looked_up` reads it, filled in as characters are
        first seen. Made anew when the dictionary was replaced or a word added."""
        key = (id(self.FREQ), self.total)
        if not self._chars or self._chars_key != key:
            self._chars, self._chars_key = [_UNSEEN] * (_LAST_CHAR + 1), key
        return self._chars

    def _ends(self, sentence: str) -> list[int]:
        """Where the best route's word from each position ends (exclusive): jieba's get_DAG and calc in one loop.

        From each position the dictionary's words are walked through their prefixes (FREQ holds every prefix of a
        word with frequency 0), scored as calc scores them, the later end winning a tie as jieba's `max` does.
        A single character's score comes from a table by code point: one dictionary look-up fewer per position.
        """
        n = len(sentence)
        freq = self.FREQ
        logtotal = log(self.total)
        alone = 0.0 - logtotal   # a character not in the dictionary (jieba: log(FREQ.get(char) or 1) - logtotal)
        table = self._char_table()
        scores = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        for idx in range(n - 1, -1, -1):
            code = ord(sentence[idx])
            entry = table[code] if code <= _LAST_CHAR else _looked_up(freq, sentence[idx], logtotal)
            if entry is _UNSEEN:
                table[code] = entry = _looked_up(freq, sentence[idx], logtotal)
            if entry is None:   # no word starts here: the character alone (get_DAG's fallback)
                scores[idx], ends[idx] = alone + scores[idx + 1], idx + 1
                continue
            if entry is _PREFIX:
                best, best_end = -inf, -1
            else:
                best, best_end = entry + scores[idx + 1], idx + 1   # type: ignore[operator]
            i = idx + 2
            while i <= n:
                f = freq.get(sentence[idx:i])
                if f is None:
                    break
                if f:
                    score = log(f) - logtotal + scores[i]
                    if score >= best:   # a tie: this end is later than the best's (i only grows)
                        best, best_end = score, i
                i += 1
            if best_end < 0:   # only longer words' beginnings here: the character alone
                best, best_end = alone + scores[idx + 1], idx + 1
            scores[idx], ends[idx] = best, best_end
        return ends

    def _cut_block(self, sentence: str, out: list[str]) -> None:
        """jieba's `__cut_DAG` (HMM on): single characters in a row are read again by the HMM unless they form a
        dictionary word."""
        ends = self._ends(sentence)
        freq = self.FREQ
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = ends[x]
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._flush(buf, freq, out)
                    buf = ""
                out.append(sentence[x:y])
            x = y
        if buf:
            self._flush(buf, freq, out)

    @staticmethod
    def _flush(buf: str, freq: dict[str, int], out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not freq.get(buf):
            hmm_cut(buf, out)
        else:
            out.extend(buf)


def hmm_cut(text: str, out: list[str]) -> None:
    """`jieba.finalseg.cut(text)` (unknown words found by its hidden Markov model), appended to `out`."""
    # The common case: one block of Chinese characters, nothing to split off, no word to be split again.
    force = finalseg.Force_Split_Words
    if not force and finalseg.re_han.fullmatch(text):
        out.extend(_hmm_words(text))
        return
    for block in finalseg.re_han.split(text):
        if finalseg.re_han.match(block):
            for word in _hmm_words(block):
                if word in force:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(x for x in finalseg.re_skip.split(block) if x)


_PLACE = {"B": 0, "M": 1, "E": 2, "S": 3}   # a state's place in `_hmm_words`' back-pointers
# A Chinese character's emission log-probabilities in the states B, M, S, E (as `_hmm_words` reads them), taken
# from jieba's model as characters are first seen: one look-up a character instead of four.
_EMITTED: dict[str, tuple[float, float, float, float]] = {}


def _emissions(char: str, e_b: dict[str, float], e_m: dict[str, float], e_s: dict[str, float],
               e_e: dict[str, float], low: float) -> tuple[float, float, float, float]:
    _EMITTED[char] = out = (e_b.get(char, low), e_m.get(char, low), e_s.get(char, low), e_e.get(char, low))
    return out


def _hmm_words(text: str) -> list[str]:
    """jieba's Viterbi search over the four states B(egin) M(iddle) E(nd) S(ingle), written out state by state:
    the same sums in the same order, ties going where jieba's `max` over (probability, state) sends them."""
    start, trans, emit, low = finalseg.start_P, finalseg.trans_P, finalseg.emit_P, finalseg.MIN_FLOAT
    e_b, e_m, e_e, e_s = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb, t_mm, t_bm = trans["E"]["B"], trans["S"]["B"], trans["M"]["M"], trans["B"]["M"]
    t_ss, t_es, t_be, t_me = trans["S"]["S"], trans["E"]["S"], trans["B"]["E"], trans["M"]["E"]
    emitted = _EMITTED
    char = text[0]
    b, m, e, s = (start["B"] + e_b.get(char, low), start["M"] + e_m.get(char, low),
                  start["E"] + e_e.get(char, low), start["S"] + e_s.get(char, low))
    back: list[tuple[str, str, str, str]] = []   # each position's best previous state for B, M, E, S
    for char in text[1:]:
        em_b, em_m, em_s, em_e = emitted.get(char) or _emissions(char, e_b, e_m, e_s, e_e, low)
        from_e, from_s = e + t_eb + em_b, s + t_sb + em_b
        nb, pb = (from_e, "E") if from_e > from_s else (from_s, "S")
        from_m, from_b = m + t_mm + em_m, b + t_bm + em_m
        nm, pm = (from_b, "B") if from_b > from_m else (from_m, "M")
        from_s, from_e = s + t_ss + em_s, e + t_es + em_s
        ns, ps = (from_e, "E") if from_e > from_s else (from_s, "S")
        from_b, from_m = b + t_be + em_e, m + t_me + em_e
        ne, pe = (from_m, "M") if from_m >= from_b else (from_b, "B")
        b, m, e, s = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    state = "S" if s >= e else "E"
    states = [state]
    place = _PLACE
    for step in reversed(back):
        state = step[place[state]]
        states.append(state)
    states.reverse()
    words, begin, after = [], 0, 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            words.append(text[begin:i + 1])
            after = i + 1
        elif state == "S":
            words.append(text[i])
            after = i + 1
    if after < len(text):
        words.append(text[after:])
    return words

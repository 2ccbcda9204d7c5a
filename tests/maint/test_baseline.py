"""The benchmark baseline's reject threshold."""

from bot.maint.baseline import choose_threshold


def test_threshold_is_the_lowest_with_the_best_utility() -> None:
    # At 0.2 all three answer (+1 -1 +1 = 1); at 0.5 two answer (-1 +1 = 0); at 0.9 one answers (+1).
    assert choose_threshold([("a", 0.9), ("b", 0.5), ("a", 0.2)], ["a", "a", "a"], "none") == 0.2
    # Low-scored answers are wrong: the threshold rises above them; "none" never counts.
    tops = [("a", 0.9), ("b", 0.3), ("none", 0.95), ("c", 0.1)]
    assert choose_threshold(tops, ["a", "a", "none", "x"], "none") == 0.9

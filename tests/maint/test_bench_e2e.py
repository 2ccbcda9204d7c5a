"""`wuai bench --e2e` on a small scale: the contract of its JSON, and that both bots really answered."""

from typing import Any

from pytest import approx

from bot.config import load_config
from bot.maint.bench_e2e import Sizes, bucket_floor_ms, format_e2e, run_e2e
from bot.maint.bench_e2e_stages import COMMON_STAGES, OUR_STAGES, run_stages
from bot.maint.bench_e2e_stages import format_stages as format_e2e_stages
from tests.conftest import REAL_INTENTS, write_config

RATIOS = {"one_at_a_time_p50_ms", "one_at_a_time_p99_ms", "burst_p50_ms", "burst_p99_ms",
          "one_at_a_time_cpu_ms_per_message"}


def check_set(figures: dict[str, Any], burst_messages: int) -> None:
    """Both bots answered every message, in order and once, and every ratio is there."""
    for bot in ("ours", "echo"):
        part = figures[bot]
        assert part["in_order_exactly_once"] is True
        assert part["one_at_a_time"]["p50_ms"] > 0 and part["burst"]["p99_ms"] >= part["burst"]["p50_ms"]
        assert part["one_at_a_time"]["cpu_ms_per_message"] > 0
    assert figures["echo"]["burst"]["messages_sent"] == burst_messages   # the echo bot answers each message once
    assert figures["ours"]["burst"]["messages_sent"] >= burst_messages
    assert set(figures["ratios_ours_to_echo"]) == RATIOS


def test_e2e_compares_ours_with_an_echo_bot_locally_and_with_a_round_trip(tmp_path):
    config = load_config(write_config(tmp_path, REAL_INTENTS))
    report = run_e2e(config, rounds=1, sizes=Sizes(sequential=3, burst_users=4, burst_messages=2),
                     rtt_ms=25, rtt_sizes=Sizes(sequential=2, burst_users=2, burst_messages=1))
    check_set(report, 8)
    rtt = report["with_rtt"]
    check_set(rtt, 2)
    assert rtt["rtt_ms"] == 25 and rtt["run"]["sequential_messages"] == 2
    for bot in ("ours", "echo"):   # an update reaches a bot only in a getUpdates answer held back 25 ms
        assert rtt[bot]["one_at_a_time"]["p50_ms"] >= 25 and rtt[bot]["burst"]["p50_ms"] >= 25
    text = format_e2e(report)
    assert "rate limit" in text and "CPU per message" in text
    assert "simulated 25 ms round trip" in text and "not a measurement of Telegram" in text


def test_e2e_without_a_round_trip_has_only_the_local_figures(tmp_path):
    config = load_config(write_config(tmp_path, REAL_INTENTS))
    report = run_e2e(config, rounds=1, sizes=Sizes(sequential=1, burst_users=1, burst_messages=1), rtt_ms=0)
    assert "with_rtt" not in report and "round trip" not in format_e2e(report)


def test_one_update_stage_by_stage_for_both_bots(tmp_path):
    config = load_config(write_config(tmp_path, REAL_INTENTS))
    stages = run_stages(config, rounds=1, updates=4)
    for bot in ("ours", "echo"):
        figures = stages[bot]
        assert list(figures["stages_ms"]) == list(COMMON_STAGES) and figures["updates"] == 2   # 2 warm-up updates
        # each stage from one mark to the next: they add up to the whole, in the order they happen
        assert all(v >= 0 for v in figures["stages_ms"].values()) and figures["total_ms"] > 0
    assert list(stages["ours"]["our_stages_ms"]) == list(OUR_STAGES) and "our_stages_ms" not in stages["echo"]
    assert stages["ours"]["our_stages_ms"]["engine done"] > 0   # the engine's turn was timed, inside the handler
    text = "\n".join(format_e2e_stages(stages))
    assert "stage by stage" in text and "the engine's turn" in text


def test_the_burst_floor_counts_what_the_messages_before_left_in_the_limiters_bucket():
    assert bucket_floor_ms([], 10.0, 100) == approx(70 / 30 * 1000)      # a full bucket: 30 at once
    assert bucket_floor_ms([10.0] * 30, 10.0, 100) == approx(100 / 30 * 1000)   # used up just now
    assert bucket_floor_ms([9.0] * 30, 10.0, 100) == approx(70 / 30 * 1000)     # drained a second later
    assert bucket_floor_ms([9.5] * 30, 10.0, 100) == approx(85 / 30 * 1000)     # half drained
    assert bucket_floor_ms([10.0] * 5, 10.0, 20) == 0.0   # room enough: no wait
    assert bucket_floor_ms([11.0] * 30, 10.0, 100) == approx(70 / 30 * 1000)    # sent after the start: not counted

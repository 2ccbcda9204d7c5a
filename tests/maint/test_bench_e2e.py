"""`wuai bench --e2e` on a small scale: the contract of its JSON, and that both bots really answered."""

from bot.config import load_config
from bot.maint.bench_e2e import Sizes, format_e2e, run_e2e
from tests.conftest import REAL_INTENTS, write_config


def test_e2e_compares_ours_with_an_echo_bot(tmp_path):
    config = load_config(write_config(tmp_path, REAL_INTENTS))
    report = run_e2e(config, rounds=1, sizes=Sizes(sequential=3, burst_users=4, burst_messages=2))
    for bot in ("ours", "echo"):
        part = report[bot]
        assert part["in_order_exactly_once"] is True
        assert part["one_at_a_time"]["p50_ms"] > 0 and part["burst"]["p99_ms"] >= part["burst"]["p50_ms"]
        assert part["one_at_a_time"]["cpu_ms_per_message"] > 0
    assert report["echo"]["burst"]["messages_sent"] == 8          # the echo bot answers each message once
    assert report["ours"]["burst"]["messages_sent"] >= 8
    assert set(report["ratios_ours_to_echo"]) == {"one_at_a_time_p50_ms", "one_at_a_time_p99_ms",
                                                  "burst_p50_ms", "burst_p99_ms",
                                                  "one_at_a_time_cpu_ms_per_message"}
    assert "rate limit" in format_e2e(report) and "CPU per message" in format_e2e(report)

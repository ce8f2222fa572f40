"""Bounded logins: failures per user and per client address, then a growing refusal during
which no password is hashed. An injectable clock stands in for time: nothing sleeps."""
from __future__ import annotations

import hashlib
import logging

import httpx
import pytest

from config import load_config
from ui.auth import hash_password, make_authenticator
from ui.throttle import LoginThrottle

PASSWORD = "mật khẩu đúng"
ADDRESS = "203.0.113.7"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock():
    return Clock()


@pytest.fixture()
def throttle(clock):
    return LoginThrottle.from_config(load_config(env={}), clock)  # 5 failures a minute, at most an hour


@pytest.fixture()
def hashes(monkeypatch):
    """How many times a password is hashed from now on."""
    calls = []
    real = hashlib.pbkdf2_hmac

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    return calls


def _login(throttle, address=ADDRESS):
    return make_authenticator({"an": hash_password(PASSWORD, 1000), "bình": hash_password(PASSWORD, 1000)},
                              throttle, address=lambda: address)


def test_sixth_wrong_password_in_a_minute_is_refused_without_hashing_then_the_window_passes(throttle, clock, hashes):
    login = _login(throttle)
    hashes.clear()  # making the users' hashes
    for _ in range(5):
        clock.now += 5
        assert not login("an", "sai")
    assert len(hashes) == 5
    clock.now += 5
    assert not login("an", "sai")  # the sixth within a minute
    assert not login("an", PASSWORD)  # refused too: the right password is not even checked
    assert len(hashes) == 5
    clock.now += throttle.window
    assert login("an", PASSWORD)
    assert len(hashes) == 6


def test_each_failure_after_a_refusal_doubles_it_up_to_the_maximum(throttle, clock):
    login = _login(throttle)
    for _ in range(5):
        login("an", "sai")
    assert throttle.refused_for("an", ADDRESS) == 60
    delays = []
    for _ in range(8):
        clock.now += throttle.refused_for("an", ADDRESS)
        assert not login("an", "sai")  # allowed to try, wrong again
        delays.append(throttle.refused_for("an", ADDRESS))
    assert delays == [120, 240, 480, 960, 1920, 3600, 3600, 3600]


def test_a_quiet_hour_after_the_refusal_starts_afresh(throttle, clock):
    login = _login(throttle)
    for _ in range(5):
        login("an", "sai")
    clock.now += throttle.window + throttle.max_delay
    assert not login("an", "sai")
    assert throttle.refused_for("an", ADDRESS) == 0  # one failure, not a doubled refusal


def test_one_address_guessing_at_many_users_is_refused(throttle, clock, hashes):
    login = _login(throttle)
    hashes.clear()
    for user in ("u1", "u2", "u3", "u4", "u5"):
        assert not login(user, "sai")
    assert not login("bình", PASSWORD) and len(hashes) == 5
    assert _login(throttle, address="198.51.100.1")("bình", PASSWORD)  # another address is not held up


def test_one_user_guessed_from_many_addresses_is_refused(throttle):
    for k in range(5):
        assert not _login(throttle, address=f"198.51.100.{k}")("an", "sai")
    assert not _login(throttle, address="198.51.100.99")("an", PASSWORD)
    assert _login(throttle, address="198.51.100.99")("bình", PASSWORD)


def test_a_good_login_clears_the_users_failures(throttle, clock):
    login = _login(throttle)
    for _ in range(4):
        login("an", "sai")
    assert login("an", PASSWORD)
    for _ in range(4):
        assert not login("an", "sai")
    assert throttle.refused_for("an", "elsewhere") == 0


def test_failures_are_logged_without_the_password(throttle, caplog):
    login = _login(throttle)
    with caplog.at_level(logging.WARNING, logger="ui.auth"):
        for _ in range(6):
            login("an", "mật-khẩu-đoán-thử")
    assert "mật-khẩu-đoán-thử" not in caplog.text
    failures = [r.getMessage() for r in caplog.records if "thất bại" in r.getMessage()]
    assert len(failures) == 5 and all("'an'" in m and ADDRESS in m and "+00:00" in m for m in failures)
    assert "bị từ chối" in caplog.records[-1].getMessage() and ADDRESS in caplog.records[-1].getMessage()


def test_the_app_counts_failures_by_the_clients_address(caplog):
    """Through HTTP: the server's login options pass the client address to the check."""
    import gradio as gr

    from tests.apps import launch
    from ui.server import login_options

    with gr.Blocks() as demo:
        gr.Markdown("nội bộ")
    options = login_options({"an": hash_password(PASSWORD, 1000)}, load_config(env={}))
    url = launch(demo, **options)
    try:
        with caplog.at_level(logging.WARNING, logger="ui.auth"):
            statuses = [httpx.post(f"{url}/login", data={"username": "an", "password": p}).status_code
                        for p in ["sai"] * 6 + [PASSWORD]]
    finally:
        demo.close()
    assert statuses == [400] * 7  # the right password comes too soon after five failures
    messages = [r.getMessage() for r in caplog.records]
    assert sum("thất bại" in m for m in messages) == 5 and sum("bị từ chối" in m for m in messages) == 2
    assert all("địa chỉ 127.0.0.1" in m for m in messages)

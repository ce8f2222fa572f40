"""Login for the app: users and PBKDF2 password hashes.

Users come from the JSON file named by the `auth_file` setting, or else from the
`users` setting (HVK_USERS); both hold {"user": "pbkdf2_sha256$iterations$salt$hash"}.
Make a hash with:

    python -m ui.auth hash            # asks for the password twice, prints the hash
    python -m ui.auth hash --user an  # prints {"an": "<hash>"} ready to paste
"""
from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import json
import logging
import secrets
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from config import env_name
from errors import HvkError
from ui.throttle import LoginThrottle, client_address

log = logging.getLogger(__name__)

ALGORITHM = "pbkdf2_sha256"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.3 s per login on this machine.
DEFAULT_ITERATIONS = 600_000
USERS_SETTING = env_name("users")


class AuthError(HvkError):
    """The users file or variable cannot be used; the message says why, in Vietnamese."""
    code = "auth"


def hash_password(password: str, iterations: int = DEFAULT_ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), int(iterations))
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _check(users: object, source: str) -> dict[str, str]:
    if not isinstance(users, dict) or not all(isinstance(u, str) and isinstance(h, str) for u, h in users.items()):
        raise AuthError(f"{source}: cần một đối tượng JSON {{\"tên\": \"{ALGORITHM}$…\"}}")
    bad = [u for u, h in users.items() if not h.startswith(ALGORITHM + "$") or h.count("$") != 3]
    if bad:
        raise AuthError(f"{source}: mật khẩu của {', '.join(sorted(bad))} không phải mã băm {ALGORITHM} "
                        "(tạo bằng: python -m ui.auth hash)")
    return dict(users)


def load_users(auth_file: str = "", users_json: str = "") -> dict[str, str]:
    """{user: hash} from the auth file if one is set, else from the users setting; {} when neither is."""
    if auth_file:
        path = Path(auth_file)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AuthError(f"Không thấy tệp người dùng {path}") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise AuthError(f"Tệp người dùng {path} không đọc được: {e}") from None
        return _check(raw, str(path))
    if users_json:
        try:
            raw = json.loads(users_json)
        except json.JSONDecodeError as e:
            raise AuthError(f"{USERS_SETTING} không phải JSON: {e}") from None
        return _check(raw, USERS_SETTING)
    return {}


def make_authenticator(users: dict[str, str], throttle: LoginThrottle | None = None,
                       address: Callable[[], str] = client_address) -> Callable[[str, str], bool]:
    """The (user, password) → bool check Gradio's launch(auth=…) calls at login.

    With a throttle, failures are counted per user and per address, and an attempt the
    throttle refuses is answered without hashing. Failures are logged with user, address
    and time; the password never is.
    """
    # An unknown user costs as much as a known one, so timing does not reveal who exists.
    decoy = hash_password(secrets.token_hex(8), int(next(iter(users.values())).split("$")[1]) if users else 1000)

    def authenticate(user: str, password: str) -> bool:
        user, where = user or "", address()
        when = datetime.now(timezone.utc).isoformat(timespec="seconds")
        wait = throttle.refused_for(user, where) if throttle else 0.0
        if wait > 0:
            log.warning("đăng nhập bị từ chối (sai quá nhiều lần, còn %.0f s): người dùng %r, địa chỉ %s, lúc %s",
                        wait, user, where, when)
            return False
        ok = verify_password(password or "", users.get(user, decoy)) and (user in users)
        if ok and throttle:
            throttle.succeeded(user)
        elif not ok:
            if throttle:
                throttle.failed(user, where)
            log.warning("đăng nhập thất bại: người dùng %r, địa chỉ %s, lúc %s", user, where, when)
        return ok

    return authenticate


def _cmd_hash(args) -> int:
    password = getpass.getpass("Mật khẩu: ")
    if not password:
        print("Mật khẩu trống.", file=sys.stderr)
        return 1
    if getpass.getpass("Nhập lại: ") != password:
        print("Hai lần nhập không khớp.", file=sys.stderr)
        return 1
    encoded = hash_password(password, args.iterations)
    print(json.dumps({args.user: encoded}, ensure_ascii=False) if args.user else encoded)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.auth", description="Tạo mã băm mật khẩu cho đăng nhập.")
    sub = p.add_subparsers(dest="command", required=True)
    h = sub.add_parser("hash", help="đọc mật khẩu (không hiện) và in mã băm")
    h.add_argument("--user", help="in dạng {\"user\": \"hash\"} để dán vào tệp người dùng")
    h.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    args = p.parse_args(argv)
    return _cmd_hash(args)


if __name__ == "__main__":
    sys.exit(main())

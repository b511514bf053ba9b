import subprocess
import sys

from fxaudit.cli import main


def test_rate_command(capsys):
    assert main(["rate", "USD", "CNY", "2020-04-15"]) == 0
    assert capsys.readouterr().out.strip() == (
        "1 USD = 7.0621 CNY (ECB reference rate of 2020-04-15, bundled data)")


def test_convert_command(capsys):
    assert main(["convert", "5000", "CNY", "USD", "--date", "2020-04-15"]) == 0
    assert capsys.readouterr().out.startswith("5000 CNY = 708.01 USD")


def test_errors_exit_2_with_a_message(capsys):
    assert main(["rate", "USD", "CNY", "2020-13-45"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "fxaudit", "rate", "EUR", "USD", "2020-04-15"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and "1 EUR = 1.0903 USD" in out.stdout

"""Language identification: the English shortcut and the model."""

from __future__ import annotations

from newsloom.clean.lang import LanguageDetector

ENGLISH = (
    "I skimmed your report and did not see any analysis of the trade-off between travelling on "
    "slower buses and the time that costs every passenger, which seems to be a large effect."
)


def test_language_shortcut_and_model_agree_on_plain_cases() -> None:
    detect = LanguageDetector().detect
    assert detect(ENGLISH) == "en"  # by the stop-word shortcut
    german = (
        "Die Regierung hat am Dienstag neue Regeln für den Handel beschlossen, die ab dem "
        "kommenden Jahr gelten sollen und von der Opposition scharf kritisiert werden."
    )
    assert detect(german) == "de"  # by the model
    assert detect("12 34 56 | -- |") is None

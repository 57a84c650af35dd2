"""Regenerate src/newsloom/data/stopwords.json from jusText's stop-lists (BSD 2-Clause).

The cleaner's stop-word density feature needs per-language lists; shipping them as data keeps
jusText out of the runtime dependencies. Run: python scripts/build_stopwords.py
"""

from __future__ import annotations

import json
from pathlib import Path

import justext

LANGS = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "cs": "Czech",
    "sk": "Slovak",
    "sv": "Swedish",
    "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal",
    "da": "Danish",
    "fi": "Finnish",
    "tr": "Turkish",
    "id": "Indonesian",
    "ms": "Malay",
    "ro": "Romanian",
    "hu": "Hungarian",
    "ar": "Arabic",
    "el": "Greek",
    "he": "Hebrew",
    "bg": "Bulgarian",
    "hr": "Croatian",
    "sr": "Serbian",
    "sl": "Slovenian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "et": "Estonian",
    "ca": "Catalan",
    "fa": "Persian",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "hi": "Hindi",
    "is": "Icelandic",
    "lb": "Luxembourgish",
    "sw": "Swahili",
    "af": "Afrikaans",
    "gl": "Galician",
    "eu": "Basque",
    "ko": "Korean",
}
# Cap per language: the long lists (Russian, ~4,700 words) add inflected forms of content
# words; the most frequent function words are what the density feature needs.
MAX_WORDS = 1200


def main() -> None:
    out = {}
    for code, name in sorted(LANGS.items()):
        words = sorted(justext.get_stoplist(name), key=lambda w: (len(w), w))[:MAX_WORDS]
        out[code] = sorted(w.lower() for w in words)
    target = Path(__file__).resolve().parents[1] / "src/newsloom/data/stopwords.json"
    target.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), "utf-8")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB, {len(out)} languages)")


if __name__ == "__main__":
    main()

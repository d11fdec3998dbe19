"""Vocabularies the sample traffic is drawn from: countries, devices, sub id values."""

from __future__ import annotations

from typing import NamedTuple


class Country(NamedTuple):
    code: str
    name: str
    region: str
    city: str
    language: str
    weight: int


COUNTRIES: tuple[Country, ...] = (
    Country("US", "United States", "California", "Los Angeles", "en", 30),
    Country("DE", "Germany", "Bavaria", "Munich", "de", 12),
    Country("BR", "Brazil", "Sao Paulo", "Sao Paulo", "pt", 12),
    Country("GB", "United Kingdom", "England", "London", "en", 10),
    Country("IN", "India", "Maharashtra", "Mumbai", "hi", 9),
    Country("CA", "Canada", "Ontario", "Toronto", "en", 6),
    Country("FR", "France", "Ile-de-France", "Paris", "fr", 6),
    Country("ES", "Spain", "Madrid", "Madrid", "es", 5),
    Country("MX", "Mexico", "Jalisco", "Guadalajara", "es", 4),
    Country("ID", "Indonesia", "Jakarta", "Jakarta", "id", 3),
    Country("PL", "Poland", "Masovia", "Warsaw", "pl", 2),
    Country("JP", "Japan", "Tokyo", "Tokyo", "ja", 1),
)
COUNTRY_INDEX = {c.code: n for n, c in enumerate(COUNTRIES)}


class Os(NamedTuple):
    name: str
    version: str
    device_type: str
    device_model: str
    browsers: tuple[int, ...]  # indexes into BROWSERS
    weight: int


BROWSERS: tuple[tuple[str, str], ...] = (
    ("Chrome", "124.0"),
    ("Safari", "17.4"),
    ("Firefox", "125.0"),
    ("Samsung Internet", "24.0"),
    ("Edge", "124.0"),
    ("Opera", "109.0"),
)
OSES: tuple[Os, ...] = (
    Os("Android", "14", "mobile", "Samsung Galaxy S23", (0, 0, 0, 3, 5), 45),
    Os("iOS", "17.4", "mobile", "iPhone", (1, 1, 1, 0), 30),
    Os("Windows", "10", "desktop", "", (0, 0, 4, 2, 5), 17),
    Os("macOS", "14.2", "desktop", "", (1, 0), 6),
    Os("Linux", "", "desktop", "", (0, 2), 2),
)
USER_AGENTS = {
    "Android": "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 "
    "(KHTML, like Gecko) {browser}/{version} Mobile Safari/537.36",
    "iOS": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) {browser}/{version} Mobile/15E148",
    "Windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) {browser}/{version}",
    "macOS": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) {browser}/{version}",
    "Linux": "Mozilla/5.0 (X11; Linux x86_64) {browser}/{version}",
}
CONNECTIONS = ("Wi-Fi", "Cellular", "Cable/DSL")
OPERATORS = ("", "Verizon", "Vodafone", "T-Mobile", "Claro", "Jio")
ISPS = ("Comcast", "Deutsche Telekom", "Vivo", "BT", "Reliance Jio", "Orange")
REFERRERS = (
    "",
    "https://m.facebook.com/",
    "https://www.google.com/",
    "https://www.tiktok.com/",
    "https://news.example.com/article/42",
    "https://www.youtube.com/",
)
SEARCH_ENGINES = {"https://www.google.com/": "Google"}
KEYWORDS = ("", "weight loss", "best casino bonus", "cheap loans", "dating app", "vpn")

# sub_id_1..5 as a media buyer would use them: creative, placement, buyer, ad set, site
SUB_IDS: tuple[tuple[str, ...], ...] = (
    tuple(f"ad-{n}" for n in range(101, 141)),
    ("feed", "stories", "reels", "search", "audience_network", "in_stream"),
    ("alice", "bob", "carol", "dave"),
    tuple(f"set-{n}" for n in range(1, 13)),
    tuple(f"site-{n}" for n in range(1000, 1064)),
)


def weighted_table(weights: list[int] | tuple[int, ...]) -> list[int]:
    """256 slots filled in proportion to `weights`: a random byte picks an index."""
    total = sum(weights)
    if total <= 0:
        return [0] * 256
    table: list[int] = []
    for index, weight in enumerate(weights):
        table.extend([index] * round(256 * weight / total))
    table = (table + [table[-1]] * 256)[:256] if table else [0] * 256
    return table

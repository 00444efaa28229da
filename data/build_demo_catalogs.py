"""Build the demo catalogs shipped in data/ from the public data sets in ../shared/data.

    python data/build_demo_catalogs.py [--shared ../shared/data] [--out data]

movies.jsonl: all MovieLens latest-small movies, with the TMDB overview wherever
links.tmdbId finds one (TMDB 5000 first, then the top-10K list), year, genres,
the most used user tags, popularity (number of ratings) and mean rating, and
where links.imdbId finds the movie in ReDial's id2info, its one-line plot,
director and stars, and how often the film is mentioned in ReDial's dialogues
(`mentions`: what people talk about, a prior for conversations).

groceries.jsonl: the BigBasket rows that have a description, with product,
brand, category, sub-category, type, price, rating, a pack size parsed from the
product name, and a synthetic in-stock flag (the source has no stock data; a
fixed ~7% of items, chosen by hashing the id, are marked out of stock so that
stock filters can be tried).

Only the standard library is used (and bot/sizes.py, which uses nothing else), so the
script runs anywhere. benchmarks/bench_substitution.py builds its full-catalog
products with `grocery_record`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bot.sizes import pack_size  # noqa: E402 - the pack-size parser shared with bot/

YEAR_AT_END = re.compile(r"\((\d{4})(?:[-–]\d{0,4})?\)\s*$")
OUT_OF_STOCK_PERCENT = 7
TAGS_PER_MOVIE = 10
# Sentences that advertise the shop rather than describe the product.
PROMO = re.compile(r"[^.!?]*(bigbasket\.blog|visit https?://)[^.!?]*[.!?]?", re.IGNORECASE)


def build_movies(shared: Path) -> list[dict]:
    ml = shared / "movielens" / "ml-latest-small"
    overviews = _tmdb_overviews(shared / "tmdb")
    tmdb_of: dict[str, str] = {}
    imdb_of: dict[str, str] = {}
    for row in _csv(ml / "links.csv"):
        tmdb_of[row["movieId"]] = row["tmdbId"].strip()
        imdb_of[row["movieId"]] = row["imdbId"].strip()

    ratings: dict[str, list[float]] = defaultdict(list)
    for row in _csv(ml / "ratings.csv"):
        ratings[row["movieId"]].append(float(row["rating"]))

    tag_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in _csv(ml / "tags.csv"):
        tag = " ".join(row["tag"].strip().lower().split())
        if tag:
            tag_counts[row["movieId"]][tag] += 1

    redial = _redial_by_imdb(shared / "redial-movies" / "id2info.json")
    mentions = _redial_mentions_by_imdb(shared / "redial-movies")
    movies = []
    for row in _csv(ml / "movies.csv"):
        movie_id = row["movieId"]
        title = row["title"].strip()
        genres = [] if row["genres"] == "(no genres listed)" else row["genres"].split("|")
        record: dict = {"id": movie_id, "title": title,
                        "description": overviews.get(tmdb_of.get(movie_id, ""), "")}
        year = YEAR_AT_END.search(title)
        if year:
            record["year"] = int(year.group(1))
        if genres:
            record["genres"] = genres
        tags = [t for t, _ in tag_counts[movie_id].most_common(TAGS_PER_MOVIE)]
        if tags:
            record["tags"] = tags
        extra = redial.get("tt" + imdb_of.get(movie_id, ""), {})
        if extra.get("plot"):
            record["plot"] = " ".join(extra["plot"].split())
        for source, target in (("director", "director"), ("star", "stars")):
            names = [n.strip() for n in extra.get(source) or [] if n.strip()]
            if names:
                record[target] = names
        talked = mentions.get("tt" + imdb_of.get(movie_id, ""), 0)
        if talked:
            record["mentions"] = talked
        scores = ratings.get(movie_id, [])
        record["popularity"] = len(scores)
        if scores:
            record["avg_rating"] = round(sum(scores) / len(scores), 2)
        if tmdb_of.get(movie_id):
            record["tmdb_id"] = tmdb_of[movie_id]
        if imdb_of.get(movie_id):
            record["imdb_id"] = "tt" + imdb_of[movie_id]
        movies.append(record)
    return movies


def _redial_by_imdb(path: Path) -> dict[str, dict]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        info = json.load(handle)
    return {v["imdb_id"]: v for v in info.values() if v.get("imdb_id")}


def _redial_mentions_by_imdb(redial: Path) -> dict[str, int]:
    """How often each film is mentioned in ReDial's dialogues, by IMDb id."""
    info_path, counts_path = redial / "id2info.json", redial / "movies_with_mentions.csv"
    if not info_path.is_file() or not counts_path.is_file():
        return {}
    with info_path.open(encoding="utf-8") as handle:
        imdb_of = {k: v["imdb_id"] for k, v in json.load(handle).items() if v.get("imdb_id")}
    mentions: dict[str, int] = defaultdict(int)
    for row in _csv(counts_path):
        if row["movieId"] in imdb_of and row["nbMentions"].strip().isdigit():
            mentions[imdb_of[row["movieId"]]] += int(row["nbMentions"])
    return dict(mentions)


def _tmdb_overviews(tmdb: Path) -> dict[str, str]:
    overviews: dict[str, str] = {}
    for name in ("top10K-TMDB-movies.csv", "tmdb_5000_movies.csv"):  # later files win
        for row in _csv(tmdb / name):
            text = " ".join((row.get("overview") or "").split())
            if text:
                overviews[row["id"].strip()] = text
    return overviews


def build_groceries(shared: Path) -> list[dict]:
    source = shared / "bigbasket" / "BigBasket_Products_first6079_with_description.csv"
    products = []
    for row in _csv(source):
        description = clean_description(row["description"])
        if not description:
            continue
        products.append(grocery_record(row, description))
    return products


def clean_description(text: str | None) -> str:
    """A product description without the shop's advertising sentences, on one line."""
    return " ".join(PROMO.sub("", text or "").split())


def grocery_record(row: dict, description: str = "") -> dict:
    """One BigBasket CSV row as a catalog record (size parsed from the name, synthetic stock)."""
    item_id = row["index"].strip()
    record: dict = {
        "id": item_id,
        "title": row["product"].strip(),
        "description": description,
        "brand": row["brand"].strip(),
        "category": row["category"].strip(),
        "sub_category": row["sub_category"].strip(),
        "type": row["type"].strip(),
        "price": float(row["sale_price"]),
        "market_price": float(row["market_price"]),
    }
    if row["rating"].strip():
        record["rating"] = float(row["rating"])
    size = pack_size(record["title"])
    if size:
        record["size"] = size
    record["in_stock"] = _stock_bucket(item_id) >= OUT_OF_STOCK_PERCENT
    return record


def _stock_bucket(item_id: str) -> int:
    return int(hashlib.sha256(f"stock:{item_id}".encode()).hexdigest(), 16) % 100


def _csv(path: Path):  # noqa: ANN202 - an iterator of dicts
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--shared", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=here)
    args = parser.parse_args()
    movies = build_movies(args.shared)
    groceries = build_groceries(args.shared)
    _write_jsonl(args.out / "movies.jsonl", movies)
    _write_jsonl(args.out / "groceries.jsonl", groceries)
    with_overview = sum(1 for m in movies if m["description"])
    print(f"movies.jsonl: {len(movies)} movies, {with_overview} with a TMDB overview")
    out_of_stock = sum(1 for g in groceries if not g["in_stock"])
    print(f"groceries.jsonl: {len(groceries)} products, {out_of_stock} marked out of stock")


if __name__ == "__main__":
    main()

"""Learning which substitutes people accept.

Every accepted or rejected substitution is stored (SQLite in the data directory, or
the PostgreSQL database RECBOT_DATABASE_URL names; one committed transaction per
event) with the features of the pair at the time: same brand, size and price against
the original, content similarity, rating. From these events:

- a logistic regression (scikit-learn) learns what makes a swap acceptable in
  general, so it helps pairs nobody has rated yet;
- each pair's own record refines that prediction (a smoothed rate: the
  regression's prediction counts as `pair_prior` events), so a pair people keep
  accepting rises and one they keep rejecting sinks;
- a pair with many rejections and few acceptances is vetoed: never offered again.

The model only re-ranks candidates that already passed the hard rules (same
category path, in stock, price band); nothing it learns can bring back an item
the rules left out.

    >>> store = SubstitutionStore(settings.substitutions_path)
    >>> model = AcceptanceModel(store, "groceries")
    >>> model.refresh(); model.scores("72", ["13", "160"], [features_13, features_160])
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
)

from bot.catalog import Item
from bot.database import engine_for, insert, migrate
from bot.profiles import SESSION_ID, ProfileError
from bot.sizes import size_of

FEATURES = ("same_brand", "size_similarity", "size_known", "price_change", "abs_price_change",
            "content", "rating", "rating_known")
UNKNOWN_SIZE_SIMILARITY = 0.5  # neither like nor unlike: no size to compare
MAX_ID = 256
REFIT_SHARE = 0.05  # refit once the events grew by this share

METADATA = MetaData()
EVENTS = Table(
    "substitution_feedback", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("catalog", String(64), nullable=False),
    Column("session_id", String(128)),
    Column("original_id", String(MAX_ID), nullable=False),
    Column("substitute_id", String(MAX_ID), nullable=False),
    Column("accepted", Integer, CheckConstraint("accepted IN (0, 1)"), nullable=False),
    Column("features", Text, nullable=False, server_default="{}"),  # JSON, when judged
    Column("at", Float, nullable=False),
    Index("feedback_by_pair", "catalog", "original_id", "substitute_id"),
    Index("feedback_by_session", "session_id", "catalog", "original_id"))
THREADS = Table(
    "substitution_threads", METADATA,
    Column("session_id", String(128), primary_key=True),
    Column("catalog", String(64), primary_key=True),
    Column("state", Text, nullable=False),  # JSON: the conversation's current substitution
    Column("reply_hash", String(64), nullable=False),  # which bot message it belongs to
    Column("updated_at", Float, nullable=False))


def _create_tables(db: Connection) -> None:
    METADATA.create_all(db, checkfirst=True)


def pair_features(original: Item, candidate: Item, content: float) -> dict[str, float]:
    """What the acceptance model sees of a (original, substitute) pair. `content` is the
    cosine similarity of their embeddings. Prices must be known (the hard rules need them)."""
    price, other_price = price_of(original), price_of(candidate)
    change = (other_price - price) / price if price and other_price is not None else 0.0
    size = size_of(original.attributes, original.title)
    other_size = size_of(candidate.attributes, candidate.title)
    similarity = size.similarity(other_size) if size and other_size else None
    rating = candidate.attributes.get("rating")
    known_rating = isinstance(rating, int | float) and not isinstance(rating, bool)
    return {
        "same_brand": float(same_brand(original, candidate)),
        "size_similarity": UNKNOWN_SIZE_SIMILARITY if similarity is None else similarity,
        "size_known": float(similarity is not None),
        "price_change": change,
        "abs_price_change": abs(change),
        "content": float(content),
        "rating": float(rating) / 5.0 if known_rating else 0.0,  # type: ignore[arg-type]
        "rating_known": float(known_rating),
    }


def same_brand(original: Item, candidate: Item) -> bool:
    brand, other = original.attributes.get("brand"), candidate.attributes.get("brand")
    return isinstance(brand, str) and isinstance(other, str) and bool(brand.strip()) and \
        " ".join(brand.casefold().split()) == " ".join(other.casefold().split())


def price_of(item: Item) -> float | None:
    """The item's price as a finite number, or None."""
    value = item.attributes.get("price")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class PairRecord:
    accepted: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.accepted + self.rejected


class SubstitutionStore:
    """Substitution feedback and the conversation's substitution thread, in a SQLite file
    or the PostgreSQL database a URL names (bot/database.py)."""

    def __init__(self, where: str | Path):
        self.where = where
        self.engine = engine_for(where)
        migrate(self.engine, "substitutions", (_create_tables,))

    def _connect(self) -> AbstractContextManager[Connection]:
        return self.engine.begin()  # one transaction: committed, or rolled back on error

    # -- feedback ------------------------------------------------------------------

    def record(self, catalog: str, original_id: str, substitute_id: str, accepted: bool, *,
               features: Mapping[str, float], session_id: str | None = None) -> None:
        """Store one accepted or rejected substitution, in its own transaction."""
        for name, value in (("original id", original_id), ("substitute id", substitute_id)):
            if not isinstance(value, str) or not value or len(value) > MAX_ID:
                raise ProfileError(f"a {name} is required (at most {MAX_ID} characters)")
        if session_id is not None:
            _check_session(session_id)
        clean = {k: float(features[k]) for k in FEATURES if k in features}
        with self._connect() as db:
            db.execute(EVENTS.insert().values(
                catalog=catalog, session_id=session_id, original_id=original_id,
                substitute_id=substitute_id, accepted=int(bool(accepted)),
                features=json.dumps(clean), at=time.time()))

    def pairs(self, catalog: str, original_id: str) -> dict[str, PairRecord]:
        """Each substitute's record against this original, across everyone."""
        f = EVENTS.c
        accepted = func.sum(f.accepted)
        with self._connect() as db:
            rows = db.execute(select(f.substitute_id, accepted, func.count() - accepted)
                              .where(f.catalog == catalog, f.original_id == original_id)
                              .group_by(f.substitute_id)).all()
        return {sub: PairRecord(int(a), int(r)) for sub, a, r in rows}

    def rejected_by(self, session_id: str, catalog: str, original_id: str) -> set[str]:
        """Substitutes this person rejected for this original (never offered to them again)."""
        _check_session(session_id)
        f = EVENTS.c
        with self._connect() as db:
            rows = db.execute(select(f.substitute_id).distinct().where(
                f.session_id == session_id, f.catalog == catalog,
                f.original_id == original_id, f.accepted == 0)).scalars()
            return set(rows)

    def version(self, catalog: str) -> tuple[int, int]:
        """(events, last event id): changes whenever an event is added."""
        f = EVENTS.c
        with self._connect() as db:
            count, last = db.execute(select(func.count(), func.coalesce(func.max(f.id), 0))
                                     .where(f.catalog == catalog)).one()
        return int(count), int(last)

    def events(self, catalog: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The latest `limit` events as (features matrix in `FEATURES` order, accepted)."""
        f = EVENTS.c
        with self._connect() as db:
            rows = db.execute(select(f.features, f.accepted).where(f.catalog == catalog)
                              .order_by(f.id.desc()).limit(limit)).all()
        matrix = np.zeros((len(rows), len(FEATURES)), dtype=np.float64)
        for n, (features, _) in enumerate(rows):
            values = json.loads(features)
            matrix[n] = [float(values.get(name, 0.0)) for name in FEATURES]
        return matrix, np.array([accepted for _, accepted in rows], dtype=np.int64)

    # -- the conversation's thread ------------------------------------------------------

    def save_thread(self, session_id: str, catalog: str, state: Mapping[str, Any],
                    reply_hash: str) -> None:
        _check_session(session_id)
        upsert = insert(self.engine, THREADS).values(
            session_id=session_id, catalog=catalog, state=json.dumps(dict(state)),
            reply_hash=reply_hash, updated_at=time.time())
        with self._connect() as db:
            db.execute(upsert.on_conflict_do_update(
                index_elements=[THREADS.c.session_id, THREADS.c.catalog],
                set_={"state": upsert.excluded.state, "reply_hash": upsert.excluded.reply_hash,
                      "updated_at": upsert.excluded.updated_at}))

    def thread(self, session_id: str, catalog: str) -> tuple[dict[str, Any], str] | None:
        _check_session(session_id)
        t = THREADS.c
        with self._connect() as db:
            row = db.execute(select(t.state, t.reply_hash).where(
                t.session_id == session_id, t.catalog == catalog)).first()
        return (json.loads(row[0]), row[1]) if row else None

    def forget(self, session_id: str) -> None:
        """Drop a session's thread; its feedback stays for learning, no longer tied to it."""
        _check_session(session_id)
        with self._connect() as db:
            db.execute(THREADS.delete().where(THREADS.c.session_id == session_id))
            db.execute(EVENTS.update().where(EVENTS.c.session_id == session_id)
                       .values(session_id=None))


@dataclass(frozen=True)
class VetoRule:
    """A pair is never offered again once it has at least `min_rejections` rejections and
    at most `max_acceptance` of its judgements were acceptances."""

    min_rejections: int = 5
    max_acceptance: float = 0.2

    def vetoes(self, record: PairRecord) -> bool:
        return record.rejected >= self.min_rejections and \
            record.accepted <= self.max_acceptance * record.total


class AcceptanceModel:
    """How likely a shopper is to accept a substitute, learned from stored feedback.

    `refresh()` refits when new events arrived (cheap to call every request)."""

    def __init__(self, store: SubstitutionStore, catalog: str, *, veto: VetoRule | None = None,
                 pair_prior: float = 4.0, min_events: int = 20, max_events: int = 50_000):
        self.store = store
        self.catalog = catalog
        self.veto = veto or VetoRule()
        self.pair_prior = pair_prior  # how many of a pair's own events the prediction is worth
        self.min_events = min_events  # fewer, and the regression is not fitted
        self.max_events = max_events  # the most recent events it learns from
        self.events = 0
        self.base_rate = 0.5  # smoothed share of acceptances, when no regression is fitted
        self._version: tuple[int, int] | None = None
        self._classifier: Any = None
        self._lock = threading.Lock()

    @property
    def fitted(self) -> bool:
        return self._classifier is not None

    def refresh(self) -> AcceptanceModel:
        """Refit when enough new events arrived: any at first, then 5% more than the model
        was fitted on (a busy shop does not refit on every request). Per-pair records and
        vetoes are read fresh on every request regardless."""
        count, last = self.store.version(self.catalog)
        fitted_on = self._version[0] if self._version else 0
        if self._version is None or (last != self._version[1] and
                                     count - fitted_on >= max(1, REFIT_SHARE * fitted_on)):
            with self._lock:
                self._fit()
                self._version = (count, last)
        return self

    def _fit(self) -> None:
        features, accepted = self.store.events(self.catalog, self.max_events)
        self.events = len(accepted)
        self.base_rate = (float(accepted.sum()) + 1.0) / (len(accepted) + 2.0)
        self._classifier = None
        if len(accepted) < self.min_events or len(set(accepted.tolist())) < 2:
            return
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        classifier = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1_000))
        classifier.fit(features, accepted)
        self._classifier = classifier

    def predict(self, features: Sequence[Mapping[str, float]]) -> np.ndarray:
        """The regression's acceptance probability per pair (the base rate when unfitted)."""
        if not features:
            return np.zeros(0)
        if self._classifier is None:
            return np.full(len(features), self.base_rate)
        matrix = np.array([[float(f.get(name, 0.0)) for name in FEATURES] for f in features])
        return self._classifier.predict_proba(matrix)[:, 1]

    def scores(self, original_id: str, candidate_ids: Sequence[str],
               features: Sequence[Mapping[str, float]],
               records: Mapping[str, PairRecord] | None = None) -> np.ndarray:
        """Acceptance probability per candidate: the prediction, refined by the pair's own
        record (the prediction counting as `pair_prior` events)."""
        predicted = self.predict(features)
        records = self.store.pairs(self.catalog, original_id) if records is None else records
        scores = predicted.copy()
        for n, candidate in enumerate(candidate_ids):
            record = records.get(candidate)
            if record is not None and record.total:
                scores[n] = (record.accepted + self.pair_prior * predicted[n]) / (
                    record.total + self.pair_prior)
        return scores

    def vetoed(self, records: Mapping[str, PairRecord]) -> set[str]:
        return {candidate for candidate, record in records.items() if self.veto.vetoes(record)}

    def confidence(self, shrinkage: float) -> float:
        """How much learning counts against the rules: n / (n + shrinkage) for n events."""
        return self.events / (self.events + shrinkage) if shrinkage > 0 else 1.0

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"events": self.events, "fitted": self.fitted,
                                "base_rate": round(self.base_rate, 4)}
        if self._classifier is not None:
            coefficients = self._classifier[-1].coef_[0]
            info["coefficients"] = {n: round(float(c), 4) for n, c in zip(FEATURES, coefficients,
                                                                           strict=True)}
        return info


def _check_session(session_id: str) -> None:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise ProfileError("a session id is 1-128 letters, digits, '-', '_', ':' or '.'")

"""core/record.py makes the classes `dataclasses.dataclass` makes: side by side,
the same class written twice answers the same."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from collections.abc import Callable
from datetime import date
from types import MappingProxyType
from typing import Any

import pytest

from smallwins.core.model import REST, Event, Ladder, Rest, Win
from smallwins.core.record import FrozenRecordError, field, record, replace


def classes(make: Callable[..., Any], fld: Callable[..., Any]) -> dict[str, type]:
    @make(slots=True)
    class Mark:
        """A mark."""

        target: float
        amount: float | None = None
        extra: dict[str, int] | None = fld(default=None, hash=False)

        def twice(self) -> float:
            return self.target * 2

    @make()
    class Settings:
        """Settings."""

        hour: int = 0
        keys: Any = fld(default_factory=lambda: MappingProxyType({}))
        seen: dict[str, int] = fld(default_factory=dict, repr=False, compare=False)

    @make(frozen=False)
    class Open:
        """Mutable."""

        signature: int
        blobs: dict[str, bytes] = fld(default_factory=dict)

    @make(slots=True)
    class After:
        """__post_init__ runs."""

        x: int
        y: int = 0

        def __post_init__(self) -> None:
            object.__setattr__(self, "y", self.x + 1)

    return {"Mark": Mark, "Settings": Settings, "Open": Open, "After": After}


def as_dataclass(**options: Any) -> Callable[[type], type]:
    return dataclasses.dataclass(frozen=options.get("frozen", True),
                                 slots=options.get("slots", False))


DC = classes(as_dataclass, dataclasses.field)
REC = classes(record, field)

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Mark", (3,), {}), ("Mark", (3, 4, {"a": 1}), {}), ("Mark", (), {"target": 2.5}),
    ("Settings", (), {}), ("Settings", (5,), {"seen": {"x": 1}}), ("Open", (1,), {}),
    ("After", (4,), {}),
]


def both(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    return DC[name](*args, **kwargs), REC[name](*args, **kwargs)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_the_same_repr_equality_and_hash(name: str, args: tuple[Any, ...],
                                         kwargs: dict[str, Any]) -> None:
    made_by_dataclass, made = both(name, args, kwargs)
    assert repr(made) == repr(made_by_dataclass)
    twin = REC[name](*args, **kwargs)
    assert made == twin
    assert not made != twin  # noqa: SIM202 - __ne__ from __eq__, as a dataclass's
    assert made != made_by_dataclass  # another class: never equal, as a dataclass
    if name == "Mark":
        assert hash(made) == hash(made_by_dataclass) == hash(twin)
        assert REC["Mark"](3, 4) != REC["Mark"](3, 5)
        assert REC["Mark"](3, extra={"a": 1}) == REC["Mark"](3, extra={"a": 1})
        assert made.twice() == made.target * 2
    for attribute in ("__slots__", "__match_args__"):
        assert getattr(type(made), attribute, None) == \
            getattr(type(made_by_dataclass), attribute, None)
    assert (type(made).__hash__ is None) == (type(made_by_dataclass).__hash__ is None)
    assert [(f.name, f.default, f.default_factory is dataclasses.MISSING, f.hash, f.compare,
             f.repr) for f in dataclasses.fields(made)] == \
           [(f.name, f.default, f.default_factory is dataclasses.MISSING, f.hash, f.compare,
             f.repr) for f in dataclasses.fields(made_by_dataclass)]


def test_defaults_from_a_factory_are_fresh_and_post_init_runs() -> None:
    assert REC["Settings"]().seen is not REC["Settings"]().seen
    assert REC["Settings"](seen={"a": 1}) == REC["Settings"](seen={"b": 2})  # not compared
    assert REC["After"](4).y == 5
    with pytest.raises(TypeError):
        REC["Mark"]()
    with pytest.raises(TypeError):
        REC["Mark"](1, 2, 3, 4)


def test_frozen_records_refuse_assignment_and_open_ones_take_it() -> None:
    mark, settings = REC["Mark"](1), REC["Settings"]()
    for frozen in (mark, settings):
        with pytest.raises(FrozenRecordError):
            frozen.target = 2
        with pytest.raises(AttributeError):
            del frozen.hour
    with pytest.raises(AttributeError):
        mark.anything = 1  # slots: no other attribute
    opened = REC["Open"](1)
    opened.signature = 2
    assert opened == REC["Open"](2)
    with pytest.raises(TypeError):
        hash(opened)


def test_dataclasses_functions_and_replace_work_on_records() -> None:
    mark = REC["Mark"](1, 2)
    assert dataclasses.is_dataclass(mark)
    assert dataclasses.replace(mark, amount=5) == replace(mark, amount=5) == REC["Mark"](1, 5)
    assert dataclasses.asdict(mark) == {"target": 1, "amount": 2, "extra": None}
    assert replace(REC["After"](5)).y == 6
    with pytest.raises(TypeError):
        replace(mark, nothing=1)


def test_the_model_pickles_and_copies() -> None:
    ladder = Ladder("walk", "I move", "walk", "steps", 50, 50, date(2024, 1, 1),
                    events=(Event(date(2024, 1, 2), "climb"),),
                    marks={date(2024, 1, 1): Win(50), date(2024, 1, 2): REST,
                           date(2024, 1, 3): Rest("ill")})
    copied = copy.copy(ladder)
    assert copied == ladder and hash(copied) == hash(ladder)
    for mark in (Win(50, 60, "note"), Rest("ill"), Event(date(2024, 1, 2), "edit", 3)):
        assert pickle.loads(pickle.dumps(mark)) == copy.deepcopy(mark) == mark
    assert repr(Win(50)) == "Win(target=50, amount=None, note=None, extra=None)"
    assert ladder.with_mark(date(2024, 1, 4), Win(100)).marks[date(2024, 1, 4)] == Win(100)


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b'"):
        @record
        class Wrong:
            a: int = 0
            b: int


def test_a_record_without_eq_is_equal_to_itself_only_as_a_dataclass_is() -> None:
    @record(eq=False)
    class Seen:
        version: int
        names: tuple[str, ...] = ()

    @dataclasses.dataclass(frozen=True, eq=False)
    class SeenDC:
        version: int
        names: tuple[str, ...] = ()

    for cls in (Seen, SeenDC):
        one, same = cls(1, ("a",)), cls(1, ("a",))
        assert one == one and one != same
        assert hash(one) == object.__hash__(one)
        assert len({one, same}) == 2
        with pytest.raises(AttributeError):
            one.version = 2  # type: ignore[misc]
    assert repr(Seen(1)).endswith(".Seen(version=1, names=())")

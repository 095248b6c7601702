"""Opening the app resumes each ladder from the status cache, and shows what a
whole replay shows; a cache for another version of the file is not used."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallwins.core import rules, status
from smallwins.core.ledger import Ledger
from smallwins.core.level_history import LevelHistory
from smallwins.core.model import Event, Ladder, Win
from smallwins.core.record import replace
from smallwins.tui import app as app_module
from smallwins.tui.store import Store
from tests.core.test_rules_properties import SPAN, START, ladders
from tests.core.test_status_resume import config_of, info, write_file
from tests.tui.data import make_app


def whole(store: Store) -> dict[str, rules.LadderState]:
    """Every active ladder replayed from its first day."""
    return {lad.id: rules.replay(lad, store.today) for lad in store.ladders.values()
            if not lad.archived}


def opened(path: str, day) -> Store:
    return Store(Ledger(Path(path)), lambda: day)


def cached_by_app(path: str, day) -> None:
    """The cache as the app leaves it: with every ladder's level history."""
    opened(path, day).cache_status()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ladders(), min_size=1, max_size=3), st.integers(0, SPAN), st.integers(0, 9))
def test_an_opening_resumed_from_the_cache_equals_a_whole_replay(tmp_path_factory, lads, a,
                                                                 more):
    path = write_file(tmp_path_factory.mktemp("d"), lads)
    first = START + timedelta(days=a)
    later = first + timedelta(days=more)
    cached_by_app(path, first)
    store = opened(path, later)
    # Each ladder that had days behind it when the cache was written resumes.
    expected = all(rules.replay(lad, first).carry is not None
                   or rules.replay(lad, later).carry is None
                   for lad in store.ladders.values() if not lad.archived)
    assert store.opened_from_cache == expected
    assert store.states == whole(store)
    # The levels are whole too: what the Ladders screen and the heatmap read.
    for lid, state in whole(store).items():
        assert store.states[lid].levels == state.levels
        assert store.states[lid].carry == state.carry


def _walk(days: int = 40) -> Ladder:
    return Ladder(id="walk", identity="I move", action="walk", unit="steps", start=5, step=5,
                  start_day=START, hold=2,
                  marks={START + timedelta(days=n): Win(5 + 5 * (n // 3))
                         for n in range(days) if n % 9 != 8})


def test_the_opening_uses_the_cache_s_carries(tmp_path: Path, monkeypatch) -> None:
    path = write_file(tmp_path, [_walk()])
    day = START + timedelta(days=40)
    cached_by_app(path, day)
    began: list[rules.Carry | None] = []
    real = rules.replay

    def watching(ladder, today, resume=None):  # type: ignore[no-untyped-def]
        began.append(resume)
        return real(ladder, today, resume)

    monkeypatch.setattr(rules, "replay", watching)
    store = opened(path, day)
    assert store.opened_from_cache
    assert len(began) == 1 and began[0] is not None
    assert began[0].through == day.toordinal() - 1


def test_a_cache_for_another_file_or_another_ladder_is_not_used(tmp_path: Path) -> None:
    path = write_file(tmp_path, [_walk()])
    day = START + timedelta(days=40)
    cached_by_app(path, day)
    cache = Path(path + status.CACHE_SUFFIX)
    kept = cache.read_bytes()
    # The file written again (same bytes, a new file): the cache no longer vouches.
    Path(path).write_bytes(Path(path).read_bytes())
    store = opened(path, day)
    assert not store.opened_from_cache
    assert store.states == whole(store)

    # A section whose ladder differs from the file's at the carry's day: that
    # ladder replays from its first day, whatever the carry says.
    cached_by_app(path, day)
    assert opened(path, day).opened_from_cache
    lines = cache.read_bytes().split(b"\n")
    entries = json.loads(lines[status.LINES + 1])
    entries[0]["carry"][7] += 1000  # votes
    entries[0]["ladder"]["hold"] = 3
    lines[status.LINES + 1] = json.dumps(entries).encode()
    body = b"\n".join(lines[:status.LINES + 3]) + b"\n"
    cache.write_bytes(body + status.check_of_all(body) + b"\n")
    store = opened(path, day)
    assert not store.opened_from_cache
    assert store.states == whole(store)

    # Torn by a crash, a cache that was whole is refused as a whole.
    cached_by_app(path, day)
    good = cache.read_bytes()
    assert opened(path, day).opened_from_cache
    cache.write_bytes(good[:len(good) // 2])
    store = opened(path, day)
    assert not store.opened_from_cache
    assert store.states == whole(store)
    assert kept != good  # written for another file: the first cache was not reused


@pytest.mark.parametrize("with_cache", [True, False])
async def test_the_app_leaves_a_cache_after_opening_without_one(
        tmp_path: Path, monkeypatch, with_cache: bool) -> None:
    monkeypatch.setattr(app_module, "CACHE_AFTER_SECONDS", 0.05)
    path = write_file(tmp_path, [_walk()])
    day = START + timedelta(days=40)
    cache = Path(path + status.CACHE_SUFFIX)
    if with_cache:
        cached_by_app(path, day)
    before = cache.read_bytes() if with_cache else None
    app = make_app(Path(path), today=day)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert cache.exists()
        if with_cache:
            assert cache.read_bytes() == before  # fresh already: not written again
    assert opened(path, day).opened_from_cache
    # What it wrote answers `smallwins status` as a cold call does.
    assert status.cached(path, config_of(path), day.isoformat(), "plain") is not None \
        or not with_cache


async def test_the_first_frame_makes_no_level_history_whole(tmp_path: Path) -> None:
    """The first screen reads each ladder's last level and its target on the days a
    catch-up question is about: one row each of the cache's histories, not all."""
    climbs = tuple(Event(START + timedelta(days=d), "climb") for d in range(3, 60, 6))
    lads = [replace(_walk(60), events=climbs), replace(_walk(), events=climbs[:5])]
    path = write_file(tmp_path, lads)
    day = START + timedelta(days=62)
    cached_by_app(path, day)
    app = make_app(Path(path), today=day)
    histories = [state.levels for state in app.store.states.values()]
    assert histories and all(isinstance(h, LevelHistory) and len(h) > 3 for h in histories)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert app.store.snapshot.catch_up  # questions asked: the days before today
        assert all(h._rows.whole is None for h in histories)
        await pilot.press("space")  # a check-off replays that ladder: its history is read
        await pilot.pause(0.2)
        assert sum(h._rows.whole is not None for h in histories) == 1
    assert app.store.states == whole(app.store)


def _cache_lines(path: str) -> list[bytes]:
    return Path(path + status.CACHE_SUFFIX).read_bytes().split(b"\n")


def _rewrite(path: str, lines: list[bytes]) -> None:
    body = b"\n".join(lines[:status.LINES + 3]) + b"\n"
    Path(path + status.CACHE_SUFFIX).write_bytes(body + status.check_of_all(body) + b"\n")


def test_level_histories_that_do_not_end_at_the_carry_are_not_used(tmp_path: Path) -> None:
    climbing = replace_events(_walk(), 12, 24)
    path = write_file(tmp_path, [climbing])
    day = START + timedelta(days=40)
    cached_by_app(path, day)
    lines = _cache_lines(path)
    histories = json.loads(lines[status.LINES + 2])
    (lid, levels), = histories.items()
    assert [level[2] for level in levels] == ["start", "climb", "climb"]
    for broken in (levels[:-1], levels[1:], [levels[0], levels[2], levels[1]], [],
                   [[*level[:2], "fell", level[3]] for level in levels],
                   [levels[0], [2**31, 5, "climb", None]], [[*levels[0][:3], 2**70]]):
        _rewrite(path, [*lines[:status.LINES + 2], json.dumps({lid: broken}).encode()])
        store = opened(path, day)
        assert not store.opened_from_cache, broken
        assert store.states == whole(store)
    _rewrite(path, lines)
    assert opened(path, day).opened_from_cache


def replace_events(ladder: Ladder, *climbs: int) -> Ladder:
    from smallwins.core.model import Event
    from smallwins.core.record import replace

    return replace(ladder, events=tuple(Event(START + timedelta(days=n), "climb")
                                        for n in climbs))


def test_a_new_day_of_the_status_line_keeps_the_histories_while_no_target_changed(
        tmp_path: Path) -> None:
    path = write_file(tmp_path, [replace_events(_walk(60), 12)])
    day = START + timedelta(days=20)
    cached_by_app(path, day)
    info(path, day + timedelta(days=5))  # resumed: no change of target since day 20
    assert _cache_lines(path)[status.LINES + 2] != b"-"
    store = opened(path, day + timedelta(days=5))
    assert store.opened_from_cache
    assert store.states == whole(store)


def test_a_new_day_with_a_change_of_target_drops_the_histories(tmp_path: Path) -> None:
    path = write_file(tmp_path, [replace_events(_walk(60), 12, 30)])
    day = START + timedelta(days=20)
    cached_by_app(path, day)
    info(path, day + timedelta(days=15))  # resumed across the climb on day 30
    assert _cache_lines(path)[status.LINES + 2] == b"-"
    store = opened(path, day + timedelta(days=15))
    assert not store.opened_from_cache
    assert store.states == whole(store)


def test_a_status_call_with_no_cache_leaves_no_histories(tmp_path: Path) -> None:
    """They cost a large file a tenth of the call: the app writes them after opening."""
    path = write_file(tmp_path, [_walk()])
    day = START + timedelta(days=40)
    info(path, day)
    assert _cache_lines(path)[status.LINES + 2] == b"-"
    assert not opened(path, day).opened_from_cache


def test_the_histories_follow_the_app_s_changes(tmp_path: Path) -> None:
    """A climb, a halving or a check-off today leaves the histories (they end
    yesterday), and the next opening replays today from the carries; a day
    later the climb and the halving are in them."""
    path = write_file(tmp_path, [_walk(), _walk(30)])
    day = START + timedelta(days=40)
    store = opened(path, day)
    store.cache_status()
    lid = next(iter(store.states))
    histories = _cache_lines(path)[status.LINES + 2]
    for change in (store.climb, store.halve, store.toggle_win):
        assert change(lid).ok
        assert _cache_lines(path)[status.LINES + 2] == histories
        again = opened(path, day)
        assert again.opened_from_cache
        assert again.states == whole(again) == store.states
    assert [lv.reason for lv in store.states[lid].levels][-2:] == ["climb", "halve"]
    tomorrow = opened(path, day + timedelta(days=1))
    assert tomorrow.opened_from_cache
    assert tomorrow.states == whole(tomorrow)
    tomorrow.cache_status()
    assert _cache_lines(path)[status.LINES + 2] != histories
    later = opened(path, day + timedelta(days=1))
    assert later.opened_from_cache
    assert later.states == whole(later)
    assert later.states[lid].carry is not None
    assert [lv.reason for lv in later.states[lid].carry.levels][-2:] == ["climb", "halve"]


def test_two_files_in_one_process_keep_their_own_memos(tmp_path: Path, monkeypatch) -> None:
    """After a change, a write makes again only the changed ladder's entry, even when
    another file's store wrote in between (the benchmark holds two)."""
    from smallwins.core import opening, status_resume

    # Files the earlier tests of this process wrote fill the memos as they would.
    for n in range(status_resume.MEMO_FILES - 1):
        status_resume._memos.setdefault(f"/elsewhere/{n}", {})
        opening._memos.setdefault(f"/elsewhere/{n}", {})
    day = START + timedelta(days=40)
    stores = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        store = opened(write_file(folder, [_walk(), _walk(30), _walk(35)]), day)
        store.cache_status()
        stores.append(store)
    made: list[str] = []
    real_entry, real_part = status_resume._entry, opening._part
    monkeypatch.setattr(status_resume, "_entry",
                        lambda state: made.append(f"entry {state.id}") or real_entry(state))
    monkeypatch.setattr(opening, "_part",
                        lambda lid, levels: made.append(f"part {lid}") or real_part(lid, levels))
    for store in stores * 2:
        lid = next(iter(store.states))
        made.clear()
        assert store.toggle_win(lid).ok
        assert made == [f"entry {lid}"]  # its levels are unchanged: no part made again
        again = opened(str(store.ledger.path), day)
        assert again.opened_from_cache and again.states == store.states

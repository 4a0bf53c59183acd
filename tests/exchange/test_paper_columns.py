"""Lists split into columns for paper: consecutive, in order, balanced by text length."""

from __future__ import annotations

from backcare.exchange.templatetags.paper_columns import in_columns, split_evenly


def test_equal_items_split_in_halves():
    assert split_evenly(list("abcd"), 2, [1, 1, 1, 1]) == [["a", "b"], ["c", "d"]]


def test_a_long_first_item_stands_alone():
    assert split_evenly(list("abcd"), 2, [9, 1, 1, 1]) == [["a"], ["b", "c", "d"]]


def test_three_parts_keep_the_order():
    parts = split_evenly(list(range(9)), 3, [1] * 9)
    assert parts == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_fewer_items_than_columns():
    assert split_evenly(["a"], 3, [5]) == [["a"]]
    assert in_columns([], 2) == []


def test_sources_are_measured_by_what_is_printed():
    short = {"citation": "A. 2020.", "url": "https://a.example"}
    long = {"citation": "B" * 300, "doi": "10.1/x"}
    assert in_columns([long, short, short], "2") == [[long], [short, short]]

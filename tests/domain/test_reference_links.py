"""A reference's DOI is read from its link, and a page built from several content files is
unreviewed while any of them is."""

from __future__ import annotations

import pytest

from backcare.domain.content import Reference, references, review_status


def ref(url: str) -> Reference:
    return Reference(id="x", citation="A study.", url=url, kind="trial")


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://doi.org/10.1016/S0140-6736(24)00755-4", "10.1016/S0140-6736(24)00755-4"),
        (
            "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD009790.pub2/full",
            "10.1002/14651858.CD009790.pub2",
        ),
        ("https://www.acpjournals.org/doi/10.7326/M16-2367", "10.7326/M16-2367"),
        (
            "https://link.springer.com/article/10.1007/s00586-016-4684-0",
            "10.1007/s00586-016-4684-0",
        ),
        ("https://www.nice.org.uk/guidance/ng59", ""),
        ("https://pubmed.ncbi.nlm.nih.gov/27002445/", ""),
    ],
)
def test_the_doi_comes_from_the_link(url, doi):
    assert ref(url).doi == doi


def test_every_doi_link_in_the_content_gives_its_doi():
    for item in references().values():
        if "doi.org/" in item.url or "/doi/" in item.url:
            assert item.doi.startswith("10."), item.id
            assert item.doi in item.url


@pytest.mark.parametrize(
    ("reviews", "status"),
    [
        (["unreviewed", "Dr A, 2026-01-02"], "unreviewed"),
        ([], "unreviewed"),
        (["Dr B, 2026-02-01", "Dr A, 2026-01-02", "Dr A, 2026-01-02"],
         "Dr A, 2026-01-02; Dr B, 2026-02-01"),
    ],
)  # fmt: skip
def test_a_page_is_reviewed_only_when_everything_on_it_is(reviews, status):
    assert review_status(reviews) == status

"""The office's reading list (推荐书目)."""

from __future__ import annotations

from typing import Any

from learnhub.errors import ValidationError
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store

__all__ = ["add_book", "update_book"]

MAX_PAGES = 20000


def _check(title: str, author: str | None, pages: Any) -> tuple[str, str | None, int | None]:
    clean_title = normalise_name(title)
    if not clean_title:
        raise ValidationError("books.title_missing")
    if len(clean_title) > 200:
        raise ValidationError("books.title_too_long", n=200)
    clean_author = normalise_name(author) or None
    if pages is None or pages == "":
        return clean_title, clean_author, None
    try:
        count = int(pages)
    except (TypeError, ValueError):
        raise ValidationError("books.pages_invalid", n=MAX_PAGES) from None
    if count != float(pages) or not 1 <= count <= MAX_PAGES:
        raise ValidationError("books.pages_invalid", n=MAX_PAGES)
    return clean_title, clean_author, count


def add_book(
    store: Store, title: str, author: str | None, pages: Any, *, actor_id: int | None
) -> int:
    clean_title, clean_author, count = _check(title, author, pages)
    existing = store.books.books(include_inactive=True)
    if clean_title in set(existing["title"]):
        raise ValidationError("books.duplicate", title=clean_title)

    def work(cur: Cursor) -> int:
        book_id = store.books.insert(cur, clean_title, clean_author, count)
        store.people.audit(cur, actor_id, "add_book", clean_title)
        return book_id

    book_id = int(store.transaction(work))
    store.books.forget()  # a reader may have cached the list between the insert and the commit
    return book_id


def update_book(
    store: Store,
    book_id: int,
    title: str,
    author: str | None,
    pages: Any,
    active: bool,
    *,
    actor_id: int | None,
) -> None:
    clean_title, clean_author, count = _check(title, author, pages)

    def work(cur: Cursor) -> None:
        store.books.update(cur, book_id, clean_title, clean_author, count, active)
        store.people.audit(cur, actor_id, "update_book", str(book_id), clean_title)

    store.transaction(work)
    store.books.forget()
